/**
 * The rules about one VM or scale set as written (R0-R11, R14-R16, R20) and the recommendations (W1-W4, W6-W8),
 * one file per rule, named by its id. The components, the providers and the policy pack all call
 * `evaluateProfile`, which runs these. R12 and R13 compare old and new settings: ../transition-rules.
 */
import { apiTypesAndValues } from "./r00-api-types-and-values";
import { patchModeOfTheOs } from "./r01-patch-mode-of-the-os";
import { automaticByOsNeedsAutomaticUpdates } from "./r02-automatic-by-os-needs-automatic-updates";
import { manualNeedsAutomaticUpdatesOff } from "./r03-manual-needs-automatic-updates-off";
import { platformNeedsVmAgent } from "./r04-platform-needs-vm-agent";
import { platformNeedsAutomaticUpdates } from "./r05-platform-needs-automatic-updates";
import { platformAssessmentNeedsVmAgent } from "./r06-platform-assessment-needs-vm-agent";
import { hotpatchNeedsPlatformAndAgent } from "./r07-hotpatch-needs-platform-and-agent";
import { hotpatchOnlyOnCapableImages } from "./r08-hotpatch-only-on-capable-images";
import { hotpatchImageNeedsPlatformMode } from "./r09-hotpatch-image-needs-platform-mode";
import { hotpatchNeedsSafetyChecks } from "./r10-hotpatch-needs-safety-checks";
import { platformSettingsNeedPlatformMode } from "./r11-platform-settings-need-platform-mode";
import { platformOnlyOnSupportedImages } from "./r14-platform-only-on-supported-images";
import { computeApiVersion } from "./r15-compute-api-version";
import { scaleSetOrchestration } from "./r16-scale-set-orchestration";
import { automaticOsUpgradeForcesUpdatesOff } from "./r20-automatic-os-upgrade-forces-updates-off";
import { preferPlatformPatching } from "./w01-prefer-platform-patching";
import { periodicAssessment } from "./w02-periodic-assessment";
import { hotpatchOn } from "./w03-hotpatch-on";
import { manualNamesItsSolution } from "./w04-manual-names-its-solution";
import { customImageNotPatchedAutomatically } from "./w06-custom-image-not-patched-automatically";
import { unknownImageDefault } from "./w07-unknown-image-default";
import { imageOsMatchesResourceOs } from "./w08-image-os-matches-resource-os";

export { AUTOMATIC_UPDATES_FOR_MODE } from "./automatic-updates";
export type { ProfileRule } from "./profile-rule";
export { apiTypesAndValues, enumerationReason } from "./r00-api-types-and-values";
export { patchModeOfTheOs } from "./r01-patch-mode-of-the-os";
export { hotpatchNeedsSafetyChecks } from "./r10-hotpatch-needs-safety-checks";
export { CUSTOM_PATCHING_TAG } from "./w04-manual-names-its-solution";

/** Every profile rule, in id order: errors (R), then recommendations (W). */
export const PROFILE_RULES = [
    apiTypesAndValues,
    patchModeOfTheOs,
    automaticByOsNeedsAutomaticUpdates,
    manualNeedsAutomaticUpdatesOff,
    platformNeedsVmAgent,
    platformNeedsAutomaticUpdates,
    platformAssessmentNeedsVmAgent,
    hotpatchNeedsPlatformAndAgent,
    hotpatchOnlyOnCapableImages,
    hotpatchImageNeedsPlatformMode,
    hotpatchNeedsSafetyChecks,
    platformSettingsNeedPlatformMode,
    platformOnlyOnSupportedImages,
    computeApiVersion,
    scaleSetOrchestration,
    automaticOsUpgradeForcesUpdatesOff,
    preferPlatformPatching,
    periodicAssessment,
    hotpatchOn,
    manualNamesItsSolution,
    customImageNotPatchedAutomatically,
    unknownImageDefault,
    imageOsMatchesResourceOs,
] as const;

export type ProfileRuleId = (typeof PROFILE_RULES)[number]["id"];

/**
 * The rules {@link AUTOMATIC_UPDATES_FOR_MODE} states (R2, R3, R5): the one fix the policy pack makes
 * by itself (remediation) resolves exactly these.
 */
export const AUTOMATIC_UPDATES_RULES: readonly ProfileRuleId[] = [
    automaticByOsNeedsAutomaticUpdates.id,
    manualNeedsAutomaticUpdatesOff.id,
    platformNeedsAutomaticUpdates.id,
];
