/**
 * `pulumi-azure-vm-patching/components`: Azure resources (azure-native) with validated guest patch
 * settings, one folder per kind: `vm/` (Windows and Linux virtual machines), `scale-set/` (Windows and
 * Linux virtual machine scale sets), `schedule/` (patch schedules). Imports only azure-native's compute,
 * network and maintenance modules, so it does not load all of azure-native.
 */

export type { ChildResourceOptions } from "./child-options";
export {
    type ApplicationHealthArgs,
    LINUX_SCALE_SET_TYPE,
    PatchedLinuxVirtualMachineScaleSet,
    type PatchedLinuxVirtualMachineScaleSetArgs,
    PatchedVirtualMachineScaleSet,
    type PatchedVirtualMachineScaleSetArgs,
    PatchedWindowsVirtualMachineScaleSet,
    type PatchedWindowsVirtualMachineScaleSetArgs,
    UNIFORM_PATCHING_PREVIEW_FEATURE,
    type UniformPatchingPreviewArgs,
    WINDOWS_SCALE_SET_TYPE,
} from "./scale-set";
export {
    type DynamicScope,
    type LinuxClassification,
    type LinuxPatches,
    PATCH_SCHEDULE_TYPE,
    PatchSchedule,
    type PatchScheduleArgs,
    type Recurrence,
    recurEveryOf,
    type VmSchedule,
    type VmScheduleArgs,
    type Weekday,
    type WeekOfMonth,
    type WindowsClassification,
    type WindowsPatches,
} from "./schedule";
// Not exported: refusal-collector.ts, the offline check's hook (found under a global symbol, not by import).
export {
    ComponentArgumentError,
    type ExistingPatchSettings,
    LINUX_VM_TYPE,
    type OwnedVirtualMachineArgs,
    PatchedLinuxVirtualMachine,
    type PatchedLinuxVirtualMachineArgs,
    PatchedVirtualMachine,
    type PatchedVirtualMachineArgs,
    PatchedWindowsVirtualMachine,
    type PatchedWindowsVirtualMachineArgs,
    type PatchingArgs,
    patchSettingsBlock,
    type ValidationResult,
    validatePatching,
    WINDOWS_VM_TYPE,
} from "./vm";
