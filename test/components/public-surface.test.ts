/**
 * What a user can import from `pulumi-azure-vm-patching/components`, through the package's own entry
 * point: the same names as before the VM components moved into components/vm/.
 */
import * as assert from "node:assert/strict";
import { declaredExports } from "../support/declared-exports";

const VALUES = [
    "ComponentArgumentError",
    "LINUX_SCALE_SET_TYPE",
    "LINUX_VM_TYPE",
    "PATCH_SCHEDULE_TYPE",
    "PatchSchedule",
    "PatchedLinuxVirtualMachine",
    "PatchedLinuxVirtualMachineScaleSet",
    "PatchedVirtualMachine",
    "PatchedVirtualMachineScaleSet",
    "PatchedWindowsVirtualMachine",
    "PatchedWindowsVirtualMachineScaleSet",
    "UNIFORM_PATCHING_PREVIEW_FEATURE",
    "WINDOWS_SCALE_SET_TYPE",
    "WINDOWS_VM_TYPE",
    "patchSettingsBlock",
    "recurEveryOf",
    "validatePatching",
];

const TYPES = [
    "ApplicationHealthArgs",
    "ChildResourceOptions",
    "ExistingPatchSettings",
    "DynamicScope",
    "LinuxClassification",
    "LinuxPatches",
    "PatchScheduleArgs",
    "Recurrence",
    "VmSchedule",
    "VmScheduleArgs",
    "WeekOfMonth",
    "Weekday",
    "WindowsClassification",
    "WindowsPatches",
    "OwnedVirtualMachineArgs",
    "PatchedLinuxVirtualMachineScaleSetArgs",
    "PatchedVirtualMachineScaleSetArgs",
    "PatchedWindowsVirtualMachineScaleSetArgs",
    "UniformPatchingPreviewArgs",
    "PatchedLinuxVirtualMachineArgs",
    "PatchedVirtualMachineArgs",
    "PatchedWindowsVirtualMachineArgs",
    "PatchingArgs",
    "ValidationResult",
];

const sorted = (names: string[]) => [...names].sort();

describe("/components public surface", () => {
    it("declares to TypeScript the VM and scale-set components, their arguments, type tokens, error and validation", () => {
        assert.deepEqual(declaredExports("pulumi-azure-vm-patching/components"), sorted([...VALUES, ...TYPES]));
    });

    it("exports exactly those values at run time", () => {
        assert.deepEqual(Object.keys(require("pulumi-azure-vm-patching/components")).sort(), sorted(VALUES));
    });
});
