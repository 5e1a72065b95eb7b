/**
 * The arguments of the VM components. Names follow azure-native's VirtualMachine where they overlap, so
 * a user moving from a raw `compute.VirtualMachine` recognises them; `patching` is ours.
 */
import type * as compute from "@pulumi/azure-native/compute";
import type * as inputs from "@pulumi/azure-native/types/input";
import type * as pulumi from "@pulumi/pulumi";
import type { CatalogImage, PatchSettings } from "../../rules";
import type { ChildResourceOptions } from "../child-options";
import type { VmScheduleArgs } from "../schedule/vm-schedule";
import type { ExistingPatchSettings } from "./existing-settings";

/** Each patch setting may be a plain value or an Output (it is validated once it is known). */
export type PatchingArgs = { readonly [K in keyof PatchSettings]?: pulumi.Input<PatchSettings[K]> };

/**
 * VM properties the component writes itself: patch settings and OS configuration must be derived from
 * the validated settings, never overridden by a pass-through.
 */
export type OwnedVirtualMachineArgs =
    | "resourceGroupName"
    | "location"
    | "vmName"
    | "hardwareProfile"
    | "storageProfile"
    | "osProfile"
    | "networkProfile"
    | "tags"
    | "zones";

/** `schedule` and `scheduleAssignedElsewhere`: see VmScheduleArgs (components/schedule). */
export interface PatchedVirtualMachineArgs extends VmScheduleArgs {
    /** The resource group the VM (and its network interface) is created in. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The Azure region. Default: the resource group's location (azure-native's default). */
    readonly location?: pulumi.Input<string>;
    /** The VM's name in Azure. Default: azure-native's auto-name (the Pulumi name plus a random suffix). */
    readonly vmName?: pulumi.Input<string>;
    /** The VM size, e.g. "Standard_D2s_v5" (azure-native `hardwareProfile.vmSize`). Required. */
    readonly vmSize: pulumi.Input<string>;
    /**
     * The image (azure-native `storageProfile.imageReference`): a platform image
     * `{publisher, offer, sku, version}` or a custom image `{id}`. The patch defaults and rules depend on it:
     * platform images listed in the image catalog support AutomaticByPlatform; custom images do not.
     */
    readonly imageReference: pulumi.Input<inputs.compute.ImageReferenceArgs>;
    /**
     * The OS disk (azure-native `storageProfile.osDisk`), merged over the default
     * `{createOption: "FromImage", managedDisk: {storageAccountType: "StandardSSD_LRS"}, deleteOption: "Delete"}`.
     */
    readonly osDisk?: pulumi.Input<Partial<inputs.compute.OSDiskArgs>>;
    /** Data disks (azure-native `storageProfile.dataDisks`). Default: none. */
    readonly dataDisks?: pulumi.Input<pulumi.Input<inputs.compute.DataDiskArgs>[]>;
    /** The administrator account's name. Create-only: changing it replaces the VM. */
    readonly adminUsername: pulumi.Input<string>;
    /** The host name inside the OS. Default: Azure's (the VM name). Create-only: changing it replaces the VM. */
    readonly computerName?: pulumi.Input<string>;
    /**
     * The subnet to create a network interface in (a dynamic private IP). Give either this or
     * `networkInterfaceIds`.
     */
    readonly subnetId?: pulumi.Input<string>;
    /** A public IP address to attach to the created network interface. Default: none. */
    readonly publicIpAddressId?: pulumi.Input<string>;
    /** Existing network interfaces to attach instead of creating one; the first is primary. */
    readonly networkInterfaceIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Tags for the VM and the network interface. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Availability zones, e.g. ["1"]. Default: none (regional). */
    readonly zones?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The patch settings. Every setting is optional: what is not written is derived from the image and
     * the settings that are, by the rule core's `resolvePatchSettings` (the table is in
     * docs/components.md; in short, AutomaticByPlatform with periodic assessment where the image
     * supports it).
     * Settings Azure would refuse fail before anything is created, with the rule, the value, what is
     * allowed and how to fix it. `customPatchingSolution` (for Manual) is written as the VM's
     * `patching-custom-solution` tag.
     */
    readonly patching?: pulumi.Input<PatchingArgs>;
    /**
     * Allow replacing the VM when a patch-settings change cannot be made in place (R12, R13: for example
     * Windows Manual to AutomaticByPlatform). Replacing deletes the VM and its OS disk, then creates it
     * anew. Default: false: such a change fails at preview with the reason and the way out.
     */
    readonly allowReplacement?: pulumi.Input<boolean>;
    /**
     * The image catalog the image is checked against (R8, R9, R14). Default: the rule core's
     * `DEFAULT_IMAGE_CATALOG`; add images with `extendCatalog`.
     */
    readonly imageCatalog?: readonly CatalogImage[];
    /**
     * Other VM settings, passed to azure-native's VirtualMachine as they are (identity, diagnostics,
     * security profile...). The properties the component owns (OS, storage and network profiles, patch
     * settings) cannot be set here.
     */
    readonly virtualMachineArgs?: Omit<compute.VirtualMachineArgs, OwnedVirtualMachineArgs>;
    /**
     * Resource options for the azure-native VM the component creates: aliases (to adopt a VM Pulumi
     * already manages, e.g. `[{ parent: pulumi.rootStackResource }]`), import (to adopt a VM Pulumi
     * does not manage yet), ignoreChanges, protect, retainOnDelete, customTimeouts, deletedWith.
     * See docs/adoption.md.
     */
    readonly virtualMachineOptions?: ChildResourceOptions;
    /**
     * Resource options for the network interface the component creates in `subnetId` (the same set as
     * `virtualMachineOptions`). Not allowed with `networkInterfaceIds`: no interface is created then.
     */
    readonly networkInterfaceOptions?: ChildResourceOptions;
    /**
     * The patch settings the VM has in Azure now, for a VM the component adopts (aliases or import):
     * the transition guard starts from them instead of from nothing, so a change Azure refuses on that
     * VM (R12, R13) fails at the first preview. On Windows, `enableAutomaticUpdates` is required: it is
     * the value the VM was created with, and decides which patch modes it may switch to. Read them with
     * `az vm show -g <group> -n <vm> --query "osProfile.windowsConfiguration"` (or linuxConfiguration).
     * Or `"readFromAzure"`: the component reads them from the VM in Azure (by resourceGroupName and
     * vmName) at each preview. Ignored once the guard has recorded the VM (later runs compare with that record).
     */
    readonly existingPatchSettings?: pulumi.Input<ExistingPatchSettings> | "readFromAzure";
}

export interface PatchedWindowsVirtualMachineArgs extends PatchedVirtualMachineArgs {
    /** The administrator password. Kept secret end to end (wrapped in `pulumi.secret`). Required. */
    readonly adminPassword: pulumi.Input<string>;
    /**
     * Other Windows settings (timeZone, winRM, additionalUnattendContent). The patch settings,
     * enableAutomaticUpdates and provisionVMAgent come from `patching`.
     */
    readonly windowsConfiguration?: Omit<
        inputs.compute.WindowsConfigurationArgs,
        "patchSettings" | "enableAutomaticUpdates" | "provisionVMAgent"
    >;
}

export interface PatchedLinuxVirtualMachineArgs extends PatchedVirtualMachineArgs {
    /** The administrator password. Default: none (SSH keys only). Kept secret end to end. */
    readonly adminPassword?: pulumi.Input<string>;
    /**
     * SSH public keys (OpenSSH format) for the administrator. Each may give its `path`; the default is
     * `/home/<adminUsername>/.ssh/authorized_keys`. Give keys, a password, or both.
     */
    readonly sshPublicKeys?: pulumi.Input<pulumi.Input<inputs.compute.SshPublicKeyArgs>[]>;
    /**
     * Other Linux settings (enableVMAgentPlatformUpdates). The patch settings and provisionVMAgent come
     * from `patching`; password authentication is disabled when no password is given.
     */
    readonly linuxConfiguration?: Omit<
        inputs.compute.LinuxConfigurationArgs,
        "patchSettings" | "provisionVMAgent" | "ssh" | "disablePasswordAuthentication"
    >;
}
