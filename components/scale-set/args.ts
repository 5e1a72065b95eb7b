/**
 * The arguments of the scale-set components. Names follow azure-native's VirtualMachineScaleSet and our
 * VM components where they overlap; `patching`, `applicationHealth` and `uniformPatchingPreview` are ours.
 */
import type * as compute from "@pulumi/azure-native/compute";
import type * as inputs from "@pulumi/azure-native/types/input";
import type * as pulumi from "@pulumi/pulumi";
import type { ArmConnectionArgs, TimeoutsArgs } from "../../provider/arm";
import type { CatalogImage } from "../../rules";
import type { ChildResourceOptions } from "../child-options";
import type { PatchingArgs } from "../vm/args";

/** Scale-set properties the component writes itself (derived from the validated settings or its own args). */
export type OwnedScaleSetArgs =
    | "resourceGroupName"
    | "location"
    | "vmScaleSetName"
    | "orchestrationMode"
    | "platformFaultDomainCount"
    | "sku"
    | "upgradePolicy"
    | "virtualMachineProfile"
    | "tags"
    | "zones";

/** The Application Health extension's probe (https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-health-extension). */
export interface ApplicationHealthArgs {
    /** "tcp", "http" or "https". Default: tcp. */
    readonly protocol?: "tcp" | "http" | "https";
    /** The port probed. Default: 3389 on Windows, 22 on Linux (the VM answers; point it at your app). */
    readonly port?: number;
    /** The path probed (http/https only), e.g. "/healthz". */
    readonly requestPath?: string;
}

/**
 * Opting in to Azure's gated preview of automatic guest patching on Uniform scale sets (feature
 * InGuestAutoPatchVmssUniformPreview). The component registers the feature through this package's
 * preview-feature provider before it creates the scale set. The feature needs Microsoft's approval and
 * often stays Pending: the registration then waits and fails with its state, and nothing is created.
 */
export interface UniformPatchingPreviewArgs extends ArmConnectionArgs {
    /** How long to wait for the feature to be Registered. */
    readonly timeouts?: TimeoutsArgs;
}

export interface PatchedVirtualMachineScaleSetArgs {
    /** The resource group the scale set is created in. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The Azure region. Default: the resource group's location. */
    readonly location?: pulumi.Input<string>;
    /** The scale set's name in Azure. Default: azure-native's auto-name. */
    readonly vmScaleSetName?: pulumi.Input<string>;
    /** The instance size, e.g. "Standard_D2s_v5" (azure-native `sku.name`). Required. */
    readonly vmSize: pulumi.Input<string>;
    /** The number of instances (azure-native `sku.capacity`). Default: 2. */
    readonly capacity?: pulumi.Input<number>;
    /**
     * Flexible (default) or Uniform. Automatic guest patching is supported on Flexible scale sets; on
     * Uniform it needs the gated preview (`uniformPatchingPreview`). Azure cannot change it later.
     */
    readonly orchestrationMode?: "Flexible" | "Uniform";
    /** Flexible only: fault domains (azure-native `platformFaultDomainCount`). Default: 1 on Flexible. */
    readonly platformFaultDomainCount?: pulumi.Input<number>;
    /**
     * Uniform: the upgrade policy. Default: `{ mode: "Manual" }`. With automatic OS image upgrade on a
     * Windows scale set, enableAutomaticUpdates must be false (R20): the component then defaults to
     * patchMode Manual.
     */
    readonly upgradePolicy?: pulumi.Input<inputs.compute.UpgradePolicyArgs>;
    /** The image (azure-native `virtualMachineProfile.storageProfile.imageReference`). */
    readonly imageReference: pulumi.Input<inputs.compute.ImageReferenceArgs>;
    /** The OS disk, merged over `{createOption: "FromImage", managedDisk: {storageAccountType: "StandardSSD_LRS"}}`. */
    readonly osDisk?: pulumi.Input<Partial<inputs.compute.VirtualMachineScaleSetOSDiskArgs>>;
    /** The administrator account's name. */
    readonly adminUsername: pulumi.Input<string>;
    /** The prefix of the instances' host names. Default: azure-native's (derived from the name). */
    readonly computerNamePrefix?: pulumi.Input<string>;
    /** The subnet the instances' network interfaces are created in. */
    readonly subnetId: pulumi.Input<string>;
    /** Extensions of the instances (the Application Health extension is added when needed). */
    readonly extensions?: pulumi.Input<pulumi.Input<inputs.compute.VirtualMachineScaleSetExtensionArgs>[]>;
    /**
     * The Application Health extension's probe, added when the patch mode is AutomaticByPlatform (Azure
     * needs it to tell whether an instance is healthy after patching, R16) and `extensions` has none.
     * `false`: add none (AutomaticByPlatform is then refused unless `extensions` has one).
     */
    readonly applicationHealth?: ApplicationHealthArgs | false;
    /**
     * The patch settings, as on the VM components: every setting optional, the rest derived from the
     * image. On a Uniform scale set the default patch mode is the OS's default (Windows AutomaticByOS, or
     * Manual with automatic OS image upgrade; Linux ImageDefault), unless `uniformPatchingPreview` is set.
     */
    readonly patching?: pulumi.Input<PatchingArgs>;
    /** Opt in to AutomaticByPlatform on a Uniform scale set (Azure's gated preview). Default: not opted in. */
    readonly uniformPatchingPreview?: UniformPatchingPreviewArgs;
    /** The image catalog the image is checked against. Default: the rule core's DEFAULT_IMAGE_CATALOG. */
    readonly imageCatalog?: readonly CatalogImage[];
    /** Tags for the scale set. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Availability zones. Default: none. */
    readonly zones?: pulumi.Input<pulumi.Input<string>[]>;
    /** Other scale-set settings, passed to azure-native as they are (identity, scaleInPolicy...). */
    readonly virtualMachineScaleSetArgs?: Omit<compute.VirtualMachineScaleSetArgs, OwnedScaleSetArgs>;
    /** Resource options for the azure-native scale set (aliases, import, ignoreChanges, protect...). */
    readonly scaleSetOptions?: ChildResourceOptions;
    /**
     * Not offered on scale sets: Azure Update Manager lists Virtual Machine Scale Sets as an unsupported
     * workload (https://learn.microsoft.com/azure/update-manager/unsupported-workloads), so a guest-patch
     * schedule (a PatchSchedule or maintenance configuration) assigned to one never patches its instances.
     *
     * Instead: leave it out, and this component patches the scale set automatically (on a Flexible scale
     * set, the default, it sets patchMode AutomaticByPlatform and adds the Application Health extension);
     * or use automatic OS image upgrades (`upgradePolicy`); or, to patch on a schedule of your own,
     * create the machines with PatchedWindowsVirtualMachine or PatchedLinuxVirtualMachine and give those
     * `schedule`. Given anyway (from JavaScript, or through a cast), it is refused with R18 before
     * anything is created.
     */
    readonly schedule?: never;
    /** Not offered on scale sets, for the reason given on `schedule` (R18): refused when given. */
    readonly scheduleAssignedElsewhere?: never;
}

export interface PatchedWindowsVirtualMachineScaleSetArgs extends PatchedVirtualMachineScaleSetArgs {
    /** The administrator password. Kept secret end to end. Required. */
    readonly adminPassword: pulumi.Input<string>;
    /** Other Windows settings (timeZone, winRM...). Patch settings come from `patching`. */
    readonly windowsConfiguration?: Omit<
        inputs.compute.WindowsConfigurationArgs,
        "patchSettings" | "enableAutomaticUpdates" | "provisionVMAgent"
    >;
}

export interface PatchedLinuxVirtualMachineScaleSetArgs extends PatchedVirtualMachineScaleSetArgs {
    /** The administrator password. Default: none (SSH keys only). Kept secret end to end. */
    readonly adminPassword?: pulumi.Input<string>;
    /** SSH public keys for the administrator (`path` defaults to `/home/<adminUsername>/.ssh/authorized_keys`). */
    readonly sshPublicKeys?: pulumi.Input<pulumi.Input<inputs.compute.SshPublicKeyArgs>[]>;
    /** Other Linux settings. Patch settings and provisionVMAgent come from `patching`. */
    readonly linuxConfiguration?: Omit<
        inputs.compute.LinuxConfigurationArgs,
        "patchSettings" | "provisionVMAgent" | "ssh" | "disablePasswordAuthentication"
    >;
}
