/** R9: a hotpatch-capable image needs patchMode AutomaticByPlatform. */
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const hotpatchImageNeedsPlatformMode = profileRule({
    id: "R9",
    severity: "error",
    title: "a hotpatch-capable image needs patchMode AutomaticByPlatform",
    docUrl: DOCS.hotpatch,
    sources: [SOURCES.hotpatch, SOURCES.enableHotpatchAzureEdition, SOURCES.azurermWindowsVm],
    check(ctx) {
        if (!ctx.image().hotpatch) return [];
        const mode = ctx.mode();
        if (mode === PLATFORM) return [];
        return [
            {
                field: ctx.profile.patchMode,
                reason: `${ctx.imageText()} is hotpatch-capable: Azure turns hotpatch on for it, and hotpatch only works with patchMode ${PLATFORM}, so any other mode is refused even when enableHotpatching was never set.`,
                allowed: PLATFORM,
                fix: `set ${ctx.name("patchMode")} to ${PLATFORM} (with ${ctx.name("provisionVMAgent")} and ${ctx.name("enableAutomaticUpdates")} true), or use a non-hotpatch image such as 2022-datacenter-azure-edition.`,
            },
        ];
    },
});
