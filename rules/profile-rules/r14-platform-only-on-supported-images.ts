/** R14: AutomaticByPlatform only on supported platform images. */
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const platformOnlyOnSupportedImages = profileRule({
    id: "R14",
    severity: "error",
    title: "AutomaticByPlatform only on supported platform images",
    docUrl: DOCS.supportedImages,
    sources: [SOURCES.supportedImages],
    check(ctx) {
        if (ctx.mode() !== PLATFORM) return [];
        const image = ctx.known(ctx.profile.image);
        if (ctx.image().automaticByPlatform) return [];
        const why =
            image.kind === "custom"
                ? "custom images are not supported for VM guest patching"
                : image.kind === "none"
                  ? "the VM names no image (an attached or specialized OS disk), and only VMs created from a listed publisher, offer and SKU are supported"
                  : `${ctx.imageText()} is not in the catalog of images supported for VM guest patching`;
        return [
            {
                field: ctx.profile.patchMode,
                reason: `Azure refuses AutomaticByPlatform here ("The selected VM image is not supported for VM Guest patch operations"): ${why}.`,
                allowed: "AutomaticByPlatform only on the supported platform images",
                fix: `use a supported platform image, or choose ${ctx.name("patchMode")} ${ctx.os() === "Linux" ? "ImageDefault" : "AutomaticByOS"}; if Microsoft lists this image as supported and the catalog does not, add it with extendCatalog (or the policy pack's extraSupportedImages).`,
            },
        ];
    },
});
