/** W1 (recommendation): use AutomaticByPlatform where the image supports it. */
import { PATCH_MODES } from "../profile";
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const preferPlatformPatching = profileRule({
    id: "W1",
    severity: "warning",
    title: "use AutomaticByPlatform where the image supports it",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes, SOURCES.guestPatching],
    check(ctx) {
        // patchMode applies to VMs and Flexible scale sets only (Compute API): a Uniform scale set
        // cannot act on this advice (the classic Uniform shapes have no patchMode at all).
        const p = ctx.profile;
        if (p.resourceKind === "scaleSet" && (ctx.known(p.orchestrationMode) ?? "Uniform") === "Uniform") return [];
        const mode = ctx.mode();
        const os = ctx.os();
        // An invalid mode is R1's to report; recommending over it would only repeat R1.
        const valid: readonly string[] = os ? PATCH_MODES[os] : [];
        if (mode === PLATFORM || mode === undefined || !valid.includes(mode)) return [];
        if (!ctx.image().automaticByPlatform) return [];
        return [
            {
                field: ctx.profile.patchMode,
                reason: `the image supports availability-first platform patching, but patchMode is ${ctx.modeText()}.`,
                allowed: `${PLATFORM} (recommended); ${ctx.modeText()} is allowed`,
                fix: `set ${ctx.name("patchMode")} to ${PLATFORM} (with ${ctx.name("provisionVMAgent")} true${os === "Windows" ? ` and ${ctx.name("enableAutomaticUpdates")} true` : ""}).${mode === "Manual" ? ` An existing VM created in Manual switches in place but keeps ${ctx.name("enableAutomaticUpdates")} false (R12, R13).` : ""}`,
            },
        ];
    },
});
