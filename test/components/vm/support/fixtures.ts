/** Arguments and images the component tests share. */
import type * as pulumi from "@pulumi/pulumi";
import type { PatchedLinuxVirtualMachineArgs, PatchedWindowsVirtualMachineArgs } from "../../../../components";
import { extendCatalog } from "../../../../rules";

export const VM_TYPE = "azure-native:compute:VirtualMachine";
export const NIC_TYPE = "azure-native:network:NetworkInterface";
export const GUARD_TYPE = "pulumi-nodejs:dynamic/azure-vm-patching:PatchTransitionGuard";
export const PASSWORD = "Tr0ub4dor&3-not-for-logs";

const windowsImage = (sku: string) => ({
    publisher: "MicrosoftWindowsServer",
    offer: "WindowsServer",
    sku,
    version: "latest",
});

/** Image kinds: supported for AutomaticByPlatform, hotpatch-capable, not in the catalog, custom. */
export const IMAGES = {
    supported: windowsImage("2019-Datacenter"),
    hotpatch: windowsImage("2022-datacenter-azure-edition-core"),
    unlisted: windowsImage("unlisted-test-sku"),
    custom: { id: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/golden" },
    linuxUnlisted: { publisher: "SomeVendor", offer: "some-linux", sku: "1", version: "latest" },
    linuxSupported: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
} as const;

/** A catalog that lists the Linux test image (the shipped catalog's Linux list may change). */
export const LINUX_CATALOG = extendCatalog([
    { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", os: "Linux" },
]);

export function windowsArgs(
    overrides: Partial<PatchedWindowsVirtualMachineArgs> = {},
): PatchedWindowsVirtualMachineArgs {
    return {
        resourceGroupName: "rg-web",
        location: "westeurope",
        vmSize: "Standard_D2s_v5",
        imageReference: IMAGES.supported,
        adminUsername: "azureadmin",
        adminPassword: PASSWORD,
        subnetId:
            "/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app",
        ...overrides,
    };
}

export const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0mF0rTestKeyOnly user@example";

export function linuxArgs(overrides: Partial<PatchedLinuxVirtualMachineArgs> = {}): PatchedLinuxVirtualMachineArgs {
    return {
        resourceGroupName: "rg-api",
        location: "westeurope",
        vmSize: "Standard_B2s",
        imageReference: IMAGES.linuxSupported,
        imageCatalog: LINUX_CATALOG,
        adminUsername: "ops",
        sshPublicKeys: [{ keyData: SSH_KEY }],
        subnetId:
            "/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/api",
        ...overrides,
    };
}

/** An Output that is unknown, as values computed by other resources are during a preview. */
export function unknownOutput<T>(): pulumi.Output<T> {
    // biome-ignore lint/suspicious/noExplicitAny: the Output constructor is not part of the public typings.
    const { Output } = require("@pulumi/pulumi") as { Output: any };
    return new Output(
        new Set(),
        Promise.resolve(undefined),
        Promise.resolve(false),
        Promise.resolve(false),
        Promise.resolve([]),
    );
}
