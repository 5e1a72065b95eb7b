/**
 * What Azure knows about a VM's patches: an on-demand assessment kept in the stack (PatchAssessment)
 * and the patch status from the VM's instance view (getVmPatchStatus).
 */
export type {
    AssessedPatch,
    PatchAssessmentResult,
    PatchInstallationSummary,
    PatchSummary,
    VmPatchStatus,
} from "./compute-calls";
export { PatchAssessment, type PatchAssessmentArgs } from "./patch-assessment";
export { getVmPatchStatus, getVmPatchStatusOutput, type VmPatchStatusArgs } from "./patch-status";
