/**
 * A mixed fleet, the kind a platform team inherits: Windows and Linux VMs and a scale set, the newer ones
 * built with this library's components, the older ones written with raw azure-native resources. A few are deliberately wrong, the way real fleets drift; the policy pack
 * flags them before `pulumi up` (and the offline check flags them in CI without Azure):
 *
 *   legacy-sql-win    Manual patching but automatic updates left on        (R3: Azure rejects it)
 *   edge-win          hotpatch on Azure Edition *with Desktop Experience*   (R8: not hotpatch-capable)
 *   batch-linux       a Windows-only patch mode on Linux                    (R1: Azure rejects it)
 *   core-win-byos     Azure Edition Core left on AutomaticByOS              (R9: hotpatch image needs AutomaticByPlatform)
 *
 * Everything else is compliant: fix the four above (each says how) and the check passes.
 */
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import { PatchedLinuxVirtualMachine, PatchedWindowsVirtualMachine } from "pulumi-azure-vm-patching/components";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const adminUsername = config.get("adminUsername") ?? "azureadmin";
const adminPassword = config.requireSecret("adminPassword");

const resourceGroup = new resources.ResourceGroup("fleet", { location });
const vnet = new network.VirtualNetwork("fleet", {
    resourceGroupName: resourceGroup.name,
    location,
    addressSpace: { addressPrefixes: ["10.20.0.0/16"] },
});
const subnet = new network.Subnet("vms", {
    resourceGroupName: resourceGroup.name,
    virtualNetworkName: vnet.name,
    addressPrefix: "10.20.1.0/24",
});

const windowsServer = (sku: string) => ({
    publisher: "MicrosoftWindowsServer",
    offer: "WindowsServer",
    sku,
    version: "latest",
});
const ubuntu2204 = {
    publisher: "Canonical",
    offer: "0001-com-ubuntu-server-jammy",
    sku: "22_04-lts-gen2",
    version: "latest",
};

/** A raw azure-native VM with its own NIC: only the OS configuration (where patching lives) differs. */
function rawVm(
    name: string,
    image: inputs.compute.ImageReferenceArgs,
    os:
        | { windowsConfiguration: inputs.compute.WindowsConfigurationArgs }
        | { linuxConfiguration: inputs.compute.LinuxConfigurationArgs },
    tags: Record<string, string> = {},
): compute.VirtualMachine {
    const nic = new network.NetworkInterface(`${name}-nic`, {
        resourceGroupName: resourceGroup.name,
        location,
        ipConfigurations: [{ name: "ipconfig1", subnet: { id: subnet.id }, privateIPAllocationMethod: "Dynamic" }],
    });
    return new compute.VirtualMachine(name, {
        resourceGroupName: resourceGroup.name,
        location,
        hardwareProfile: { vmSize: "Standard_D2s_v5" },
        networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
        storageProfile: {
            imageReference: image,
            osDisk: {
                createOption: "FromImage",
                managedDisk: { storageAccountType: "StandardSSD_LRS" },
                deleteOption: "Delete",
            },
        },
        osProfile: {
            computerName: name.slice(0, 15),
            adminUsername,
            adminPassword,
            ...os,
            ...("linuxConfiguration" in os
                ? { linuxConfiguration: { disablePasswordAuthentication: false, ...os.linuxConfiguration } }
                : {}),
        },
        tags: { fleet: "example", ...tags },
    });
}

// --- Compliant: components (the patch settings are validated before anything is created) ------------

/** Defaults for a supported image: AutomaticByPlatform and periodic assessment. */
const appWin = new PatchedWindowsVirtualMachine("app-win", {
    resourceGroupName: resourceGroup.name,
    location,
    vmSize: "Standard_D2s_v5",
    imageReference: windowsServer("2022-datacenter-azure-edition"),
    adminUsername,
    adminPassword,
    subnetId: subnet.id,
    tags: { fleet: "example" },
});

/** Linux with the component: AutomaticByPlatform by default on a supported image (Azure's own default is ImageDefault). */
const appLinux = new PatchedLinuxVirtualMachine("app-linux", {
    resourceGroupName: resourceGroup.name,
    location,
    vmSize: "Standard_D2s_v5",
    imageReference: ubuntu2204,
    adminUsername,
    adminPassword,
    subnetId: subnet.id,
    patching: { rebootSetting: "IfRequired" },
    tags: { fleet: "example" },
});

// --- Compliant: raw azure-native --------------------------------------------------------------------

/** Windows Server 2022: Azure orchestrates patching in off-peak hours, and assesses every 24 hours. */
const web = rawVm("web-win", windowsServer("2022-datacenter-g2"), {
    windowsConfiguration: {
        enableAutomaticUpdates: true,
        provisionVMAgent: true,
        patchSettings: {
            patchMode: "AutomaticByPlatform",
            assessmentMode: "AutomaticByPlatform",
            automaticByPlatformSettings: { rebootSetting: "IfRequired" },
        },
    },
});

/** Ubuntu 22.04 with platform patching and periodic assessment. */
const api = rawVm("api-linux", ubuntu2204, {
    linuxConfiguration: {
        provisionVMAgent: true,
        patchSettings: { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" },
    },
});

/** Hotpatch on Azure Edition Core: security updates without reboots. */
const gateway = rawVm("gateway-win", windowsServer("2022-datacenter-azure-edition-core"), {
    windowsConfiguration: {
        enableAutomaticUpdates: true,
        provisionVMAgent: true,
        patchSettings: {
            patchMode: "AutomaticByPlatform",
            enableHotpatching: true,
            assessmentMode: "AutomaticByPlatform",
        },
    },
});

/** A Flexible scale set: AutomaticByPlatform needs an Application Health extension (R16). */
const workers = new compute.VirtualMachineScaleSet("workers", {
    resourceGroupName: resourceGroup.name,
    location,
    orchestrationMode: "Flexible",
    platformFaultDomainCount: 1,
    sku: { name: "Standard_D2s_v5", capacity: 2 },
    virtualMachineProfile: {
        storageProfile: {
            imageReference: ubuntu2204,
            osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "StandardSSD_LRS" } },
        },
        osProfile: {
            computerNamePrefix: "worker",
            adminUsername,
            adminPassword,
            linuxConfiguration: {
                disablePasswordAuthentication: false,
                provisionVMAgent: true,
                patchSettings: { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" },
            },
        },
        networkProfile: {
            networkApiVersion: "2020-11-01",
            networkInterfaceConfigurations: [
                {
                    name: "worker-nic",
                    primary: true,
                    ipConfigurations: [{ name: "ipconfig1", subnet: { id: subnet.id } }],
                },
            ],
        },
        extensionProfile: {
            extensions: [
                {
                    name: "health",
                    publisher: "Microsoft.ManagedServices",
                    type: "ApplicationHealthLinux",
                    typeHandlerVersion: "1.0",
                    autoUpgradeMinorVersion: true,
                    settings: { protocol: "tcp", port: 22 },
                },
            ],
        },
    },
    tags: { fleet: "example" },
});

// --- Deliberately non-compliant (each comment says the fix) -------------------------------------------

/** R3: Manual means "I patch it myself", so Windows Update must be off. Fix: enableAutomaticUpdates: false. */
const legacySql = rawVm(
    "legacy-sql-win",
    windowsServer("2019-Datacenter"),
    {
        windowsConfiguration: {
            enableAutomaticUpdates: true,
            patchSettings: { patchMode: "Manual" },
        },
    },
    { "expected-violation": "R3" },
);

/**
 * R8: the Desktop Experience Azure Edition is not hotpatch-capable (only the Core SKUs are).
 * Fix: sku "2022-datacenter-azure-edition-core", or enableHotpatching: false.
 */
const edge = rawVm(
    "edge-win",
    windowsServer("2022-datacenter-azure-edition"),
    {
        windowsConfiguration: {
            enableAutomaticUpdates: true,
            provisionVMAgent: true,
            patchSettings: { patchMode: "AutomaticByPlatform", enableHotpatching: true },
        },
    },
    { "expected-violation": "R8" },
);

/** R1: AutomaticByOS is a Windows mode; Linux has ImageDefault and AutomaticByPlatform. */
const batch = rawVm(
    "batch-linux",
    ubuntu2204,
    { linuxConfiguration: { patchSettings: { patchMode: "AutomaticByOS" } } },
    { "expected-violation": "R1" },
);

/**
 * R9: Azure turns hotpatch on for Azure Edition Core images, which needs AutomaticByPlatform, so
 * AutomaticByOS is refused even though hotpatch was never asked for. Fix: patchMode "AutomaticByPlatform".
 */
const coreByos = rawVm(
    "core-win-byos",
    windowsServer("2022-datacenter-azure-edition-core"),
    {
        windowsConfiguration: {
            enableAutomaticUpdates: true,
            patchSettings: { patchMode: "AutomaticByOS" },
        },
    },
    { "expected-violation": "R9" },
);

export const resourceGroupName = resourceGroup.name;
/** The VMs and scale sets by Azure name, the ones the pack should flag first. */
export const machines = {
    compliant: [
        appWin.virtualMachine.name,
        appLinux.virtualMachine.name,
        web.name,
        api.name,
        gateway.name,
        workers.name,
    ],
    nonCompliant: [legacySql.name, edge.name, batch.name, coreByos.name],
};
