/**
 * A Windows Server 2022 VM whose patches Azure orchestrates (patchMode AutomaticByPlatform: updates in
 * the region's off-peak hours, availability-first across zones and sets) and assesses every 24 hours
 * (assessmentMode AutomaticByPlatform), rebooting only when an update needs it.
 *
 * The component validates these settings against Azure's rules before anything is created: a mistake
 * (say, Manual with automatic updates on) fails the preview with the property, the value and the fix.
 */
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { PatchedWindowsVirtualMachine } from "pulumi-azure-vm-patching/components";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";

const resourceGroup = new resources.ResourceGroup("windows-2022", { location });
const vnet = new network.VirtualNetwork("windows-2022", {
    resourceGroupName: resourceGroup.name,
    location,
    addressSpace: { addressPrefixes: ["10.30.0.0/16"] },
});
const subnet = new network.Subnet("vms", {
    resourceGroupName: resourceGroup.name,
    virtualNetworkName: vnet.name,
    addressPrefix: "10.30.1.0/24",
});

const vm = new PatchedWindowsVirtualMachine("web", {
    resourceGroupName: resourceGroup.name,
    location,
    vmSize: config.get("vmSize") ?? "Standard_D2s_v5",
    imageReference: {
        publisher: "MicrosoftWindowsServer",
        offer: "WindowsServer",
        sku: "2022-datacenter-g2",
        version: "latest",
    },
    adminUsername: config.get("adminUsername") ?? "azureadmin",
    adminPassword: config.requireSecret("adminPassword"),
    subnetId: subnet.id,
    patching: {
        // Both are the component's defaults for this image; written out so the intent is on the page.
        patchMode: "AutomaticByPlatform",
        assessmentMode: "AutomaticByPlatform",
        rebootSetting: "IfRequired",
    },
});

export const vmId = vm.vmId;
export const patchMode = vm.patchMode;
export const assessmentMode = vm.assessmentMode;
