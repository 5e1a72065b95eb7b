/** W4 (recommendation): a VM patched manually says which solution patches it. */
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

/** The tag that documents a custom patching solution for a VM in Manual mode. */
export const CUSTOM_PATCHING_TAG = "patching-custom-solution";

export const manualNamesItsSolution = profileRule({
    id: "W4",
    severity: "warning",
    title: "a VM patched manually says which solution patches it",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes],
    check(ctx) {
        if (ctx.mode() !== "Manual") return [];
        const tags = ctx.known(ctx.profile.tags);
        const reason = tags?.[CUSTOM_PATCHING_TAG];
        if (typeof reason === "string" && reason.trim() !== "") return [];
        return [
            {
                field: ctx.profile.patchMode,
                reason: "patchMode Manual leaves patching to you; nothing records what does it.",
                allowed: `Manual with a tag ${CUSTOM_PATCHING_TAG} naming the patching solution`,
                fix: `add the tag ${CUSTOM_PATCHING_TAG} (for example "WSUS, owned by team-x"), or use ${ctx.name("patchMode")} ${PLATFORM}.`,
            },
        ];
    },
});
