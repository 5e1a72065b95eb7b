/**
 * A Linux virtual machine scale set whose guest patch settings are validated by the rule core before
 * anything is created.
 */
import type * as inputs from "@pulumi/azure-native/types/input";
import type * as pulumi from "@pulumi/pulumi";
import { authorizedKeysPath } from "../vm/linux-virtual-machine";
import { patchSettingsBlock } from "../vm/os-configuration";
import { combine } from "../vm/plain-inputs";
import { secretInput } from "../vm/secret-input";
import type { PatchedLinuxVirtualMachineScaleSetArgs } from "./args";
import { fromSettings, PatchedVirtualMachineScaleSet } from "./patched-scale-set";

export const LINUX_SCALE_SET_TYPE = "azure-vm-patching:compute:LinuxVirtualMachineScaleSet";

/**
 * A Linux scale set with validated patch settings, Flexible by default. Defaults: AutomaticByPlatform
 * with periodic assessment where the image supports it, with the Application Health extension it needs;
 * on Uniform, ImageDefault (see `patching` and `uniformPatchingPreview`). SSH keys, a password, or both.
 */
export class PatchedLinuxVirtualMachineScaleSet extends PatchedVirtualMachineScaleSet {
    constructor(name: string, args: PatchedLinuxVirtualMachineScaleSetArgs, opts?: pulumi.ComponentResourceOptions) {
        const keys = combine([args.adminUsername, args.sshPublicKeys], ([user, given]) =>
            ((given as inputs.compute.SshPublicKeyArgs[] | undefined) ?? []).map((key) => ({
                keyData: key.keyData,
                path: key.path ?? authorizedKeysPath(user as string),
            })),
        ) as pulumi.Input<inputs.compute.SshPublicKeyArgs[]>;
        super(
            LINUX_SCALE_SET_TYPE,
            name,
            args,
            {
                os: "Linux",
                osProfile: (settings) => ({
                    computerNamePrefix: args.computerNamePrefix,
                    adminUsername: args.adminUsername,
                    adminPassword: secretInput(args.adminPassword),
                    linuxConfiguration: {
                        ...args.linuxConfiguration,
                        disablePasswordAuthentication: args.adminPassword === undefined,
                        ...(args.sshPublicKeys !== undefined ? { ssh: { publicKeys: keys } } : {}),
                        provisionVMAgent: fromSettings(settings, (s) => s.provisionVMAgent),
                        patchSettings: fromSettings(settings, patchSettingsBlock),
                    },
                }),
                argumentError:
                    args.adminPassword === undefined && args.sshPublicKeys === undefined
                        ? "adminPassword = (not set), sshPublicKeys = (not set): a Linux scale set needs a way to sign in. Allowed: SSH public keys, a password, or both. Fix: set sshPublicKeys (recommended) or adminPassword."
                        : undefined,
            },
            opts,
        );
    }
}
