/**
 * Virtual machines with validated guest patch settings: the Windows and Linux components, their
 * arguments, and the pieces a caller may reuse (the patchSettings block, validation on its own).
 */
export type {
    OwnedVirtualMachineArgs,
    PatchedLinuxVirtualMachineArgs,
    PatchedVirtualMachineArgs,
    PatchedWindowsVirtualMachineArgs,
    PatchingArgs,
} from "./args";
export type { ExistingPatchSettings } from "./existing-settings";
export { LINUX_VM_TYPE, PatchedLinuxVirtualMachine } from "./linux-virtual-machine";
export { patchSettingsBlock } from "./os-configuration";
export { type ValidationResult, validatePatching } from "./patch-validation";
export { ComponentArgumentError, PatchedVirtualMachine } from "./patched-virtual-machine";
export { PatchedWindowsVirtualMachine, WINDOWS_VM_TYPE } from "./windows-virtual-machine";
