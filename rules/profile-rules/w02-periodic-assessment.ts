/** W2 (recommendation): enable periodic assessment (assessmentMode AutomaticByPlatform). */
import { ASSESSMENT_MODES, AZURE_DEFAULTS } from "../profile";
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const periodicAssessment = profileRule({
    id: "W2",
    severity: "warning",
    title: "enable periodic assessment (assessmentMode AutomaticByPlatform)",
    docUrl: DOCS.assessment,
    sources: [SOURCES.assessmentOptions, SOURCES.periodicAssessmentPolicy],
    check(ctx) {
        const field = ctx.profile.assessmentMode;
        const written = ctx.known(field);
        // A value that is not Azure's (or not a string) is R0's to report; recommending over it would repeat R0.
        if (field.raw !== undefined && !(ASSESSMENT_MODES as readonly unknown[]).includes(written)) return [];
        const mode = written ?? AZURE_DEFAULTS.assessmentMode;
        if (mode === PLATFORM) return [];
        return [
            {
                field: ctx.profile.assessmentMode,
                reason: "without periodic assessment, missing patches are only found when someone asks (Azure Policy bd876905).",
                allowed: `${PLATFORM} (recommended); ImageDefault is allowed`,
                fix: `set ${ctx.name("assessmentMode")} to ${PLATFORM} (needs ${ctx.name("provisionVMAgent")} true).`,
            },
        ];
    },
});
