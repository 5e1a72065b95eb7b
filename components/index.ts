/**
 * `pulumi-azure-vm-patching/components`: Azure VMs (azure-native) with validated guest patch settings.
 * Imports only azure-native's compute and network modules, so it does not load all of azure-native.
 */
export type {
    OwnedVirtualMachineArgs,
    PatchedLinuxVirtualMachineArgs,
    PatchedVirtualMachineArgs,
    PatchedWindowsVirtualMachineArgs,
    PatchingArgs,
} from "./args";
export { LINUX_VM_TYPE, PatchedLinuxVirtualMachine } from "./linux-virtual-machine";
export { patchSettingsBlock } from "./os-configuration";
export { type ValidationResult, validatePatching } from "./patch-validation";
export { ComponentArgumentError, PatchedVirtualMachine } from "./patched-virtual-machine";
export {
    type ComponentRefusal,
    REFUSAL_COLLECTOR,
    type RefusalCollector,
    refusalCollector,
} from "./refusal-collector";
export { PatchedWindowsVirtualMachine, WINDOWS_VM_TYPE } from "./windows-virtual-machine";
