/**
 * An existing fleet brought under the components, one step at a time (config `step`):
 *   step 0: what the team inherited: raw azure-native VMs `web-01` (Windows) and `api-01` (Linux), each
 *           with its own network interface;
 *   step 1: `web-01` moves under PatchedWindowsVirtualMachine: aliases to the old URNs, the same
 *           arguments, and the patch settings it has in Azure (existingPatchSettings). Preview: no change
 *           to the VM or its NIC; only the component and its transition guard are new (stack bookkeeping);
 *   step 2: `api-01` moves under PatchedLinuxVirtualMachine the same way;
 *   step 3: a new Flexible scale set, `workers`, built with PatchedLinuxVirtualMachineScaleSet
 *           (AutomaticByPlatform with the Application Health extension it needs).
 * Run `pulumi preview` after each step: it must show no replacement and no delete. docs/adoption.md
 * explains each argument that must match.
 */
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import {
    PatchedLinuxVirtualMachine,
    PatchedLinuxVirtualMachineScaleSet,
    PatchedWindowsVirtualMachine,
} from "pulumi-azure-vm-patching/components";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const adminUsername = config.get("adminUsername") ?? "azureadmin";
const adminPassword = config.requireSecret("adminPassword");
const sshPublicKey = config.require("sshPublicKey");
const step = config.getNumber("step") ?? 3;

const resourceGroup = new resources.ResourceGroup("existing-fleet", { location });
const vnet = new network.VirtualNetwork("existing-fleet", {
    resourceGroupName: resourceGroup.name,
    location,
    addressSpace: { addressPrefixes: ["10.30.0.0/16"] },
});
const subnet = new network.Subnet("vms", {
    resourceGroupName: resourceGroup.name,
    virtualNetworkName: vnet.name,
    addressPrefix: "10.30.1.0/24",
});

/**
 * One table for both forms of each machine: whatever the raw resource was given, the component is given
 * too, so the moved VM's inputs are the same (a different computer name, admin name, OS disk or NIC
 * would be a change, and some of those replace a VM).
 */
const web = {
    name: "web-01",
    vmSize: "Standard_D2s_v5",
    image: {
        publisher: "MicrosoftWindowsServer",
        offer: "WindowsServer",
        sku: "2022-datacenter-g2",
        version: "latest",
    },
    osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "Premium_LRS" }, deleteOption: "Detach" },
    // What it runs in Azure: created with automatic updates on, patched by the OS.
    patching: { patchMode: "AutomaticByOS", enableAutomaticUpdates: true, provisionVMAgent: true },
    tags: { fleet: "existing", role: "web" },
} as const;
const api = {
    name: "api-01",
    vmSize: "Standard_B2s",
    image: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts-gen2", version: "latest" },
    osDisk: {
        createOption: "FromImage",
        managedDisk: { storageAccountType: "StandardSSD_LRS" },
        deleteOption: "Detach",
    },
    patching: { patchMode: "ImageDefault", provisionVMAgent: true },
    tags: { fleet: "existing", role: "api" },
} as const;

/** The options that move a resource from the stack's root under a component, keeping it. */
const fromRoot = { aliases: [{ parent: pulumi.rootStackResource }] };

function rawNic(name: string, tags: Record<string, string>): network.NetworkInterface {
    return new network.NetworkInterface(`${name}-nic`, {
        resourceGroupName: resourceGroup.name,
        location,
        ipConfigurations: [
            { name: "ipconfig1", primary: true, privateIPAllocationMethod: "Dynamic", subnet: { id: subnet.id } },
        ],
        tags,
    });
}

// --- web-01 (Windows) ----------------------------------------------------------------------------------

let webId: pulumi.Output<string>;
if (step < 1) {
    const nic = rawNic(web.name, web.tags);
    webId = new compute.VirtualMachine(web.name, {
        resourceGroupName: resourceGroup.name,
        location,
        vmName: web.name,
        hardwareProfile: { vmSize: web.vmSize },
        storageProfile: { imageReference: web.image, osDisk: web.osDisk },
        osProfile: {
            computerName: web.name,
            adminUsername,
            adminPassword,
            windowsConfiguration: {
                provisionVMAgent: true,
                enableAutomaticUpdates: true,
                patchSettings: { patchMode: "AutomaticByOS", assessmentMode: "ImageDefault", enableHotpatching: false },
            },
        },
        networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
        tags: web.tags,
    }).id;
} else {
    webId = new PatchedWindowsVirtualMachine(web.name, {
        resourceGroupName: resourceGroup.name,
        location,
        vmName: web.name,
        computerName: web.name,
        vmSize: web.vmSize,
        imageReference: web.image,
        osDisk: web.osDisk,
        adminUsername,
        adminPassword,
        subnetId: subnet.id,
        tags: web.tags,
        // The settings it has, written out: this step changes nothing in Azure. A later step may switch it
        // to AutomaticByPlatform (allowed in place for a VM created with automatic updates on).
        patching: { patchMode: "AutomaticByOS", assessmentMode: "ImageDefault" },
        existingPatchSettings: web.patching,
        virtualMachineOptions: fromRoot,
        networkInterfaceOptions: fromRoot,
    }).vmId;
}

// --- api-01 (Linux) ------------------------------------------------------------------------------------

let apiId: pulumi.Output<string>;
if (step < 2) {
    const nic = rawNic(api.name, api.tags);
    apiId = new compute.VirtualMachine(api.name, {
        resourceGroupName: resourceGroup.name,
        location,
        vmName: api.name,
        hardwareProfile: { vmSize: api.vmSize },
        storageProfile: { imageReference: api.image, osDisk: api.osDisk },
        osProfile: {
            computerName: api.name,
            adminUsername,
            linuxConfiguration: {
                disablePasswordAuthentication: true,
                ssh: { publicKeys: [{ keyData: sshPublicKey, path: `/home/${adminUsername}/.ssh/authorized_keys` }] },
                provisionVMAgent: true,
                patchSettings: { patchMode: "ImageDefault", assessmentMode: "ImageDefault" },
            },
        },
        networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
        tags: api.tags,
    }).id;
} else {
    apiId = new PatchedLinuxVirtualMachine(api.name, {
        resourceGroupName: resourceGroup.name,
        location,
        vmName: api.name,
        computerName: api.name,
        vmSize: api.vmSize,
        imageReference: api.image,
        osDisk: api.osDisk,
        adminUsername,
        sshPublicKeys: [{ keyData: sshPublicKey }],
        subnetId: subnet.id,
        tags: api.tags,
        patching: { patchMode: "ImageDefault", assessmentMode: "ImageDefault" },
        existingPatchSettings: api.patching,
        virtualMachineOptions: fromRoot,
        networkInterfaceOptions: fromRoot,
    }).vmId;
}

// --- workers: a new Flexible scale set -----------------------------------------------------------------

const workers =
    step >= 3
        ? new PatchedLinuxVirtualMachineScaleSet("workers", {
              resourceGroupName: resourceGroup.name,
              location,
              vmSize: "Standard_D2s_v5",
              capacity: 2,
              imageReference: api.image,
              adminUsername,
              sshPublicKeys: [{ keyData: sshPublicKey }],
              subnetId: subnet.id,
              // AutomaticByPlatform by default on this image; the health probe checks the app's port.
              applicationHealth: { protocol: "http", port: 8080, requestPath: "/healthz" },
              tags: { fleet: "existing", role: "workers" },
          })
        : undefined;

export const vmIds = { web: webId, api: apiId };
export const workersPatchMode = workers?.patchMode;
export const migrationStep = step;
