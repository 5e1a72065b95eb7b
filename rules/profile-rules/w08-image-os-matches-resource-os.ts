/**
 * W8 (recommendation): the image's OS contradicts the resource's OS: a windowsConfiguration (or a
 * Windows component) on a Linux image, or the reverse. The image's OS is the catalog's: the entry that
 * lists it, or the OS of every entry the catalog has for its publisher and offer.
 */
import { offerOses } from "../images";
import { DOCS, SOURCES } from "../sources";
import { profileRule } from "./profile-rule";

export const imageOsMatchesResourceOs = profileRule({
    id: "W8",
    severity: "warning",
    title: "the image's OS is the resource's OS",
    docUrl: DOCS.supportedImages,
    sources: [SOURCES.supportedImages],
    check(ctx) {
        const p = ctx.profile;
        const os = ctx.os();
        if (os === undefined || !p.os.explicit) return [];
        const image = ctx.known(p.image);
        if (image.kind !== "platform") return [];
        const listed = ctx.image().entries;
        const imageOs = listed.length > 0 ? new Set(listed.map((e) => e.os)) : new Set(offerOses(image, ctx.catalog));
        if (imageOs.size !== 1 || imageOs.has(os)) return [];
        const [other] = imageOs;
        return [
            {
                field: p.image,
                reason: `${ctx.imageText()} is a ${other} image in the image catalog, and the resource is configured for ${os} (${p.os.path}).`,
                allowed: `a ${os} image`,
                fix: `use a ${os} image, or configure the resource for ${other}${p.source === "component" ? ` (the ${other === "Windows" ? "PatchedWindowsVirtualMachine" : "PatchedLinuxVirtualMachine"} component)` : ` (${other === "Windows" ? "windowsConfiguration" : "linuxConfiguration"})`}.`,
            },
        ];
    },
});
