/**
 * `pulumi-azure-vm-patching/components`: Azure resources (azure-native) with validated guest patch
 * settings, one folder per kind: `vm/` (Windows and Linux virtual machines), `schedule/` (patch
 * schedules). Imports only azure-native's compute, network and maintenance modules, so it does not
 * load all of azure-native.
 */

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
