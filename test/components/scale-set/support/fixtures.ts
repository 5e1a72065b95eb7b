/** Arguments, images and helpers the scale-set tests share. */
import type {
    PatchedLinuxVirtualMachineScaleSetArgs,
    PatchedWindowsVirtualMachineScaleSetArgs,
} from "../../../../components";
import { IMAGES, LINUX_CATALOG, PASSWORD, SSH_KEY } from "../../vm/support/fixtures";

export const SCALE_SET_TYPE = "azure-native:compute:VirtualMachineScaleSet";
export const FEATURE_TYPE = "pulumi-nodejs:dynamic/azure-vm-patching:FeatureRegistration";
export const SUBNET =
    "/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/fleet";

export function windowsScaleSetArgs(
    overrides: Partial<PatchedWindowsVirtualMachineScaleSetArgs> = {},
): PatchedWindowsVirtualMachineScaleSetArgs {
    return {
        resourceGroupName: "rg-fleet",
        location: "westeurope",
        vmSize: "Standard_D2s_v5",
        imageReference: IMAGES.supported,
        adminUsername: "azureadmin",
        adminPassword: PASSWORD,
        subnetId: SUBNET,
        ...overrides,
    };
}

export function linuxScaleSetArgs(
    overrides: Partial<PatchedLinuxVirtualMachineScaleSetArgs> = {},
): PatchedLinuxVirtualMachineScaleSetArgs {
    return {
        resourceGroupName: "rg-fleet",
        location: "westeurope",
        vmSize: "Standard_B2s",
        imageReference: IMAGES.linuxSupported,
        imageCatalog: LINUX_CATALOG,
        adminUsername: "ops",
        sshPublicKeys: [{ keyData: SSH_KEY }],
        subnetId: SUBNET,
        ...overrides,
    };
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The value with the mock engine's secret wrappers removed at every depth (as the pack's reader sees values). */
export function withoutSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutSecrets);
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[SECRET_SIG] !== undefined) return withoutSecrets(record.value);
        return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, withoutSecrets(item)]));
    }
    return value;
}
