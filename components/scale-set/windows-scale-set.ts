/**
 * A Windows virtual machine scale set whose guest patch settings are validated by the rule core before
 * anything is created.
 */
import type * as pulumi from "@pulumi/pulumi";
import { patchSettingsBlock } from "../vm/os-configuration";
import { secretInput } from "../vm/secret-input";
import type { PatchedWindowsVirtualMachineScaleSetArgs } from "./args";
import { fromSettings, PatchedVirtualMachineScaleSet } from "./patched-scale-set";

export const WINDOWS_SCALE_SET_TYPE = "azure-vm-patching:compute:WindowsVirtualMachineScaleSet";

/**
 * A Windows scale set with validated patch settings, Flexible by default. Defaults: AutomaticByPlatform
 * with periodic assessment where the image supports it, with the Application Health extension it needs;
 * on Uniform, the OS's default mode (see `patching` and `uniformPatchingPreview`).
 */
export class PatchedWindowsVirtualMachineScaleSet extends PatchedVirtualMachineScaleSet {
    constructor(name: string, args: PatchedWindowsVirtualMachineScaleSetArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            WINDOWS_SCALE_SET_TYPE,
            name,
            args,
            {
                os: "Windows",
                osProfile: (settings) => ({
                    computerNamePrefix: args.computerNamePrefix,
                    adminUsername: args.adminUsername,
                    adminPassword: secretInput(args.adminPassword),
                    windowsConfiguration: {
                        ...args.windowsConfiguration,
                        provisionVMAgent: fromSettings(settings, (s) => s.provisionVMAgent),
                        enableAutomaticUpdates: fromSettings(settings, (s) => s.enableAutomaticUpdates),
                        patchSettings: fromSettings(settings, patchSettingsBlock),
                    },
                }),
                argumentError:
                    args.adminPassword === undefined
                        ? "adminPassword = (not set): a Windows scale set needs an administrator password. Fix: set adminPassword (for example from a secret config value)."
                        : undefined,
            },
            opts,
        );
    }
}
