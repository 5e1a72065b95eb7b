/** R8: enableHotpatching only on hotpatch-capable images, never on a custom image. */
import { DOCS, SOURCES } from "../sources";
import { profileRule } from "./profile-rule";

export const hotpatchOnlyOnCapableImages = profileRule({
    id: "R8",
    severity: "error",
    title: "enableHotpatching only on hotpatch-capable images, never on a custom image",
    docUrl: DOCS.hotpatch,
    sources: [SOURCES.hotpatch, SOURCES.azureEdition, SOURCES.azurermWindowsVm],
    check(ctx) {
        const hotpatch = ctx.profile.enableHotpatching;
        if (ctx.known(hotpatch) !== true) return [];
        const image = ctx.known(ctx.profile.image);
        if (ctx.image().hotpatch) return [];
        return [
            {
                field: hotpatch,
                reason: `${ctx.imageText()} is not a hotpatch-capable image${image.kind === "custom" ? " (custom images never are)" : ""}.`,
                allowed:
                    "enableHotpatching true only on Windows Server Azure Edition hotpatch images (for example MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition-core)",
                fix: `set ${ctx.name("enableHotpatching")} to false, or use a hotpatch-capable image (add it to the image catalog if Microsoft lists it and the catalog does not).`,
            },
        ];
    },
});
