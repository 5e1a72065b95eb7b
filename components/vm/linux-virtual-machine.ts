/**
 * A Linux VM on Azure whose guest patch settings are validated by the rule core before anything is
 * created, and guarded against changes Azure refuses on an existing VM.
 */
import type * as inputs from "@pulumi/azure-native/types/input";
import type * as pulumi from "@pulumi/pulumi";
import type { PatchedLinuxVirtualMachineArgs } from "./args";
import { patchSettingsBlock } from "./os-configuration";
import { derive } from "./patch-validation";
import { PatchedVirtualMachine } from "./patched-virtual-machine";
import { combine } from "./plain-inputs";

export const LINUX_VM_TYPE = "azure-vm-patching:compute:LinuxVirtualMachine";

/** Where Azure expects an administrator's authorized keys. */
export function authorizedKeysPath(adminUsername: string): string {
    return `/home/${adminUsername}/.ssh/authorized_keys`;
}

/**
 * A Linux VM with validated patch settings. Defaults: AutomaticByPlatform with periodic assessment on
 * supported images, else ImageDefault (see `patching`); SSH keys, a password, or both. Changes Azure
 * cannot apply in place fail at preview unless `allowReplacement` is true.
 */
export class PatchedLinuxVirtualMachine extends PatchedVirtualMachine {
    constructor(name: string, args: PatchedLinuxVirtualMachineArgs, opts?: pulumi.ComponentResourceOptions) {
        const keys = combine([args.adminUsername, args.sshPublicKeys], ([user, given]) =>
            ((given as inputs.compute.SshPublicKeyArgs[] | undefined) ?? []).map((key) => ({
                keyData: key.keyData,
                path: key.path ?? authorizedKeysPath(user as string),
            })),
        ) as pulumi.Input<inputs.compute.SshPublicKeyArgs[]>;
        super(
            LINUX_VM_TYPE,
            name,
            args,
            {
                os: "Linux",
                osProfile: (validated, given) => ({
                    computerName: args.computerName,
                    adminUsername: args.adminUsername,
                    adminPassword: given.adminPassword,
                    linuxConfiguration: {
                        ...args.linuxConfiguration,
                        disablePasswordAuthentication: args.adminPassword === undefined,
                        ...(args.sshPublicKeys !== undefined ? { ssh: { publicKeys: keys } } : {}),
                        provisionVMAgent: derive(validated, (v) => v.settings.provisionVMAgent),
                        patchSettings: derive(validated, (v) => patchSettingsBlock(v.settings)),
                    },
                }),
                adminPassword: args.adminPassword,
                argumentError:
                    args.adminPassword === undefined && args.sshPublicKeys === undefined
                        ? "adminPassword = (not set), sshPublicKeys = (not set): a Linux VM needs a way to sign in. Allowed: SSH public keys, a password, or both. Fix: set sshPublicKeys (recommended) or adminPassword."
                        : undefined,
                // azurerm's ForceNew list for Linux VMs (disable_password_authentication, admin_ssh_key).
                createOnlyInputs: {
                    disablePasswordAuthentication: args.adminPassword === undefined,
                    sshPublicKeys: keys,
                },
            },
            opts,
        );
    }
}
