/**
 * Scheduled patching with Azure Update Manager ("customer-managed schedules"): Azure installs updates
 * only in the windows you choose.
 *
 *   weekly          a PatchSchedule: Saturdays 22:00-01:00 (W. Europe time), critical and security
 *                   updates for Windows and Linux, reboot if required; its dynamic scope also patches
 *                   every Windows VM tagged patch-window=weekly in the resource group
 *   web-win         a component VM with `schedule: weekly`: it gets AutomaticByPlatform + bypass = true
 *                   and the schedule's assignment
 *   db-linux        the same for Linux
 *   legacy-win      a raw azure-native VM set up for schedules (AutomaticByPlatform + bypass = true) and
 *                   tagged patch-window=weekly: the dynamic scope assigns it
 *
 * The VM components refuse bypass = true without a schedule (W5: such a VM is never patched), and the
 * policy pack's stack policy checks the raw VM the same way: remove its tag and the check reports it.
 */
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import {
    PatchedLinuxVirtualMachine,
    PatchedWindowsVirtualMachine,
    PatchSchedule,
} from "pulumi-azure-vm-patching/components";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const adminUsername = config.get("adminUsername") ?? "azureadmin";
const adminPassword = config.requireSecret("adminPassword");

const resourceGroup = new resources.ResourceGroup("scheduled", { location });
const vnet = new network.VirtualNetwork("scheduled", {
    resourceGroupName: resourceGroup.name,
    location,
    addressSpace: { addressPrefixes: ["10.30.0.0/16"] },
});
const subnet = new network.Subnet("vms", {
    resourceGroupName: resourceGroup.name,
    virtualNetworkName: vnet.name,
    addressPrefix: "10.30.1.0/24",
});

/** The tag the dynamic scope selects machines by. */
const PATCH_WINDOW_TAG = { name: "patch-window", value: "weekly" };

const weekly = new PatchSchedule("weekly", {
    resourceGroupName: resourceGroup.name,
    location,
    recurrence: { weekly: { days: ["Saturday"] } },
    start: "2027-01-02 22:00",
    duration: "03:00",
    timeZone: "W. Europe Standard Time",
    reboot: "IfRequired",
    windows: { classifications: ["Critical", "Security"] },
    linux: { classifications: ["Critical", "Security"] },
    dynamicScopes: [
        {
            resourceGroupName: resourceGroup.name,
            osTypes: ["Windows"],
            tags: { [PATCH_WINDOW_TAG.name]: [PATCH_WINDOW_TAG.value] },
        },
    ],
});

const webWin = new PatchedWindowsVirtualMachine("web-win", {
    resourceGroupName: resourceGroup.name,
    location,
    vmSize: "Standard_D2s_v5",
    imageReference: {
        publisher: "MicrosoftWindowsServer",
        offer: "WindowsServer",
        sku: "2022-datacenter-g2",
        version: "latest",
    },
    adminUsername,
    adminPassword,
    subnetId: subnet.id,
    schedule: weekly,
});

const dbLinux = new PatchedLinuxVirtualMachine("db-linux", {
    resourceGroupName: resourceGroup.name,
    location,
    vmSize: "Standard_D2s_v5",
    imageReference: {
        publisher: "Canonical",
        offer: "0001-com-ubuntu-server-jammy",
        sku: "22_04-lts-gen2",
        version: "latest",
    },
    adminUsername,
    adminPassword,
    subnetId: subnet.id,
    schedule: weekly,
});

// A VM written with raw azure-native resources, patched by the dynamic scope through its tag.
const legacyNic = new network.NetworkInterface("legacy-win-nic", {
    resourceGroupName: resourceGroup.name,
    location,
    ipConfigurations: [{ name: "ipconfig1", subnet: { id: subnet.id }, privateIPAllocationMethod: "Dynamic" }],
});
const legacyWin = new compute.VirtualMachine("legacy-win", {
    resourceGroupName: resourceGroup.name,
    location,
    hardwareProfile: { vmSize: "Standard_D2s_v5" },
    networkProfile: { networkInterfaces: [{ id: legacyNic.id, primary: true }] },
    storageProfile: {
        imageReference: {
            publisher: "MicrosoftWindowsServer",
            offer: "WindowsServer",
            sku: "2019-datacenter-gensecond",
            version: "latest",
        },
        osDisk: {
            createOption: "FromImage",
            managedDisk: { storageAccountType: "StandardSSD_LRS" },
            deleteOption: "Delete",
        },
    },
    osProfile: {
        computerName: "legacy-win",
        adminUsername,
        adminPassword,
        windowsConfiguration: {
            enableAutomaticUpdates: true,
            provisionVMAgent: true,
            patchSettings: {
                patchMode: "AutomaticByPlatform",
                assessmentMode: "AutomaticByPlatform",
                automaticByPlatformSettings: {
                    rebootSetting: "IfRequired",
                    bypassPlatformSafetyChecksOnUserSchedule: true,
                },
            },
        },
    },
    tags: { [PATCH_WINDOW_TAG.name]: PATCH_WINDOW_TAG.value },
});

export const scheduleId = weekly.configurationId;
export const machines = { scheduled: [webWin.vmId, dbLinux.vmId], byDynamicScope: [legacyWin.id] };
