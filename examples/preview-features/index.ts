/**
 * For subscriptions that still gate guest patching behind preview features (sovereign clouds, older
 * enrolments): register the three features and propagate them to Microsoft.Compute first, then create
 * VMs that depend on the registration, then run an on-demand patch assessment of a VM and export its
 * counts. The assessment installs nothing.
 *
 * Needs the subscription id: `pulumi config set azure-native:subscriptionId <id>` (or ARM_SUBSCRIPTION_ID).
 * Registration is subscription-wide and is left in place when this stack is destroyed (other stacks may
 * rely on it).
 */
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { PatchedLinuxVirtualMachine, PatchedWindowsVirtualMachine } from "pulumi-azure-vm-patching/components";
import { PatchAssessment, PreviewFeatureRegistrations } from "pulumi-azure-vm-patching/provider";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const adminUsername = config.get("adminUsername") ?? "azureadmin";
const adminPassword = config.requireSecret("adminPassword");

// InGuestAutoPatchVMPreview, InGuestPatchVMPreview and InGuestHotPatchVMPreview, each waited for until
// Registered (up to 15 minutes), then Microsoft.Compute re-registered once so the VMs see them.
const features = new PreviewFeatureRegistrations("guest-patching");

const resourceGroup = new resources.ResourceGroup("preview", { location });
const vnet = new network.VirtualNetwork("preview", {
    resourceGroupName: resourceGroup.name,
    location,
    addressSpace: { addressPrefixes: ["10.50.0.0/16"] },
});
const subnet = new network.Subnet("vms", {
    resourceGroupName: resourceGroup.name,
    virtualNetworkName: vnet.name,
    addressPrefix: "10.50.1.0/24",
});

const windows = new PatchedWindowsVirtualMachine(
    "app-win",
    {
        resourceGroupName: resourceGroup.name,
        location,
        vmSize: "Standard_D2s_v5",
        imageReference: {
            publisher: "MicrosoftWindowsServer",
            offer: "WindowsServer",
            sku: "2019-Datacenter",
            version: "latest",
        },
        adminUsername,
        adminPassword,
        subnetId: subnet.id,
        patching: { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" },
    },
    { dependsOn: [features] },
);

const linux = new PatchedLinuxVirtualMachine(
    "app-linux",
    {
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
        patching: { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" },
    },
    { dependsOn: [features] },
);

// Runs once when created; change `round` (pulumi config set assessmentRound 2026-48) to assess again.
const assessment = new PatchAssessment(
    "app-win-assessment",
    {
        resourceGroupName: resourceGroup.name,
        vmName: windows.virtualMachine.name,
        triggers: { round: config.get("assessmentRound") ?? "initial" },
    },
    { dependsOn: [windows] },
);

export const featureStates = features.states;
export const vmIds = { windows: windows.vmId, linux: linux.vmId };
export const assessmentStatus = assessment.status;
export const criticalAndSecurityPatchCount = assessment.criticalAndSecurityPatchCount;
export const otherPatchCount = assessment.otherPatchCount;
export const rebootPending = assessment.rebootPending;
