/**
 * A hotpatched Windows Server 2022 Azure Edition (Server Core) VM: most monthly security updates are
 * applied in memory, without a reboot; Azure still reboots for the quarterly baseline.
 *
 * Hotpatch needs a hotpatch-capable image (the Azure Edition *Core* SKUs; the Desktop Experience SKU is
 * not one), patchMode AutomaticByPlatform and the VM agent. The component checks all of it before
 * anything is created, and turns hotpatch on by default for these images.
 */
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { PatchedWindowsVirtualMachine } from "pulumi-azure-vm-patching/components";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";

const resourceGroup = new resources.ResourceGroup("hotpatch", { location });
const vnet = new network.VirtualNetwork("hotpatch", {
    resourceGroupName: resourceGroup.name,
    location,
    addressSpace: { addressPrefixes: ["10.40.0.0/16"] },
});
const subnet = new network.Subnet("vms", {
    resourceGroupName: resourceGroup.name,
    virtualNetworkName: vnet.name,
    addressPrefix: "10.40.1.0/24",
});

const vm = new PatchedWindowsVirtualMachine("core", {
    resourceGroupName: resourceGroup.name,
    location,
    vmSize: config.get("vmSize") ?? "Standard_D2s_v5",
    imageReference: {
        publisher: "MicrosoftWindowsServer",
        offer: "WindowsServer",
        sku: "2022-datacenter-azure-edition-core",
        version: "latest",
    },
    adminUsername: config.get("adminUsername") ?? "azureadmin",
    adminPassword: config.requireSecret("adminPassword"),
    subnetId: subnet.id,
    patching: {
        patchMode: "AutomaticByPlatform",
        enableHotpatching: true,
        assessmentMode: "AutomaticByPlatform",
    },
});

export const vmId = vm.vmId;
export const hotpatching = vm.enableHotpatching;
export const patchMode = vm.patchMode;
