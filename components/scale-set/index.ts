/**
 * Virtual machine scale sets with validated guest patch settings: the Windows and Linux components and
 * their arguments. Flexible orchestration by default (where Azure supports automatic guest patching).
 */
export { APPLICATION_HEALTH_TYPE, applicationHealthExtension } from "./application-health";
export type {
    ApplicationHealthArgs,
    OwnedScaleSetArgs,
    PatchedLinuxVirtualMachineScaleSetArgs,
    PatchedVirtualMachineScaleSetArgs,
    PatchedWindowsVirtualMachineScaleSetArgs,
    UniformPatchingPreviewArgs,
} from "./args";
export { LINUX_SCALE_SET_TYPE, PatchedLinuxVirtualMachineScaleSet } from "./linux-scale-set";
export { PatchedVirtualMachineScaleSet, UNIFORM_PATCHING_PREVIEW_FEATURE } from "./patched-scale-set";
export { PatchedWindowsVirtualMachineScaleSet, WINDOWS_SCALE_SET_TYPE } from "./windows-scale-set";
