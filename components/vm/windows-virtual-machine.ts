/**
 * A Windows VM on Azure whose guest patch settings are validated by the rule core before anything is
 * created, and guarded against changes Azure refuses on an existing VM.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PatchedWindowsVirtualMachineArgs } from "./args";
import { patchSettingsBlock } from "./os-configuration";
import { derive } from "./patch-validation";
import { PatchedVirtualMachine, pickCreateOnly } from "./patched-virtual-machine";

export const WINDOWS_VM_TYPE = "azure-vm-patching:compute:WindowsVirtualMachine";

/**
 * A Windows VM with validated patch settings. Defaults: AutomaticByPlatform with periodic assessment on
 * supported images, hotpatch on hotpatch-capable images, automatic updates derived from the mode (see
 * `patching`). Changes Azure cannot apply in place fail at preview unless `allowReplacement` is true.
 */
export class PatchedWindowsVirtualMachine extends PatchedVirtualMachine {
    constructor(name: string, args: PatchedWindowsVirtualMachineArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            WINDOWS_VM_TYPE,
            name,
            args,
            {
                os: "Windows",
                osProfile: (validated, given) => ({
                    computerName: args.computerName,
                    adminUsername: args.adminUsername,
                    adminPassword: given.adminPassword,
                    windowsConfiguration: {
                        ...args.windowsConfiguration,
                        provisionVMAgent: derive(validated, (v) => v.settings.provisionVMAgent),
                        // From the guard: a VM created in Manual keeps false when switched to AutomaticByPlatform.
                        enableAutomaticUpdates: given.enableAutomaticUpdates,
                        patchSettings: derive(validated, (v) => patchSettingsBlock(v.settings)),
                    },
                }),
                adminPassword: args.adminPassword,
                argumentError:
                    args.adminPassword === undefined
                        ? "adminPassword = (not set): a Windows VM needs an administrator password. Fix: set adminPassword (for example from a secret config value)."
                        : undefined,
                // azurerm's ForceNew list for Windows VMs (timezone, additional_unattend_content, winrm_listener).
                createOnlyInputs: pickCreateOnly(args.windowsConfiguration, "windowsConfiguration", [
                    "timeZone",
                    "additionalUnattendContent",
                    "winRM",
                ]),
            },
            opts,
        );
    }
}
