/**
 * Adoption: a raw azure-native VM and its network interface moved under PatchedWindowsVirtualMachine
 * (docs/adoption.md), and a VM Pulumi does not manage yet imported by it.
 *
 * "No replacement", proved offline in two parts, each on what the engine receives:
 * 1. the same resources: each new registration of the VM and the NIC carries, among its alias URNs
 *    (resolved by the Node SDK: the runner's `resolveAliases`), the URN the raw program registered; the
 *    engine matches them against the stack's state, so there is no create of a new VM and no delete of
 *    the old one;
 * 2. no change to them: the inputs the component registers are identical to the raw program's, so the
 *    provider has nothing to diff (and a change of a create-only property is what replaces a VM).
 * The only new resource in Azure terms is none: the component and its guard are bookkeeping in the stack.
 */
import * as assert from "node:assert/strict";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { type EngineLogServer, startEngineLogServer } from "../../../check/engine/engine-log-server";
import { type ExistingPatchSettings, PatchedWindowsVirtualMachine, WINDOWS_VM_TYPE } from "../../../components";
import { patchGuardHandlers } from "../../../provider/guard/dynamic-provider";
import { addressesUrn, type RegisteredResource, registrationOf, runProgram } from "../../support/mock-program";
import { withoutSecrets } from "../scale-set/support/fixtures";
import { GUARD_TYPE, IMAGES, NIC_TYPE, PASSWORD, VM_TYPE } from "../vm/support/fixtures";

const SUBNET = "/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app";
const OS_DISK = {
    createOption: "FromImage",
    managedDisk: { storageAccountType: "Premium_LRS" },
    deleteOption: "Detach",
};

/** The stack before: a raw VM and NIC, as a user wrote them (AutomaticByOS, created with automatic updates on). */
function rawProgram(): pulumi.Output<string> {
    const nic = new network.NetworkInterface("web-nic", {
        resourceGroupName: "rg-web",
        location: "westeurope",
        ipConfigurations: [
            { name: "ipconfig1", primary: true, privateIPAllocationMethod: "Dynamic", subnet: { id: SUBNET } },
        ],
    });
    const vm = new compute.VirtualMachine("web", {
        resourceGroupName: "rg-web",
        location: "westeurope",
        vmName: "web-01",
        hardwareProfile: { vmSize: "Standard_D2s_v5" },
        storageProfile: { imageReference: IMAGES.supported, osDisk: OS_DISK },
        osProfile: {
            computerName: "web-01",
            adminUsername: "azureadmin",
            adminPassword: pulumi.secret(PASSWORD),
            windowsConfiguration: {
                provisionVMAgent: true,
                enableAutomaticUpdates: true,
                patchSettings: { patchMode: "AutomaticByOS", assessmentMode: "ImageDefault", enableHotpatching: false },
            },
        },
        networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
    });
    return vm.id;
}

/** The stack after: the same VM and NIC under the component, aliased to their old URNs (docs/adoption.md). */
function adoptedProgram(
    existing: ExistingPatchSettings = { patchMode: "AutomaticByOS", enableAutomaticUpdates: true },
) {
    const vm = new PatchedWindowsVirtualMachine("web", {
        resourceGroupName: "rg-web",
        location: "westeurope",
        vmName: "web-01",
        computerName: "web-01",
        vmSize: "Standard_D2s_v5",
        imageReference: IMAGES.supported,
        osDisk: OS_DISK,
        adminUsername: "azureadmin",
        adminPassword: PASSWORD,
        subnetId: SUBNET,
        // The settings the VM has: the first step changes nothing (a later step may change them).
        patching: { patchMode: "AutomaticByOS", assessmentMode: "ImageDefault" },
        existingPatchSettings: existing,
        virtualMachineOptions: { aliases: [{ parent: pulumi.rootStackResource }] },
        networkInterfaceOptions: { aliases: [{ parent: pulumi.rootStackResource }] },
    });
    return vm.vmId;
}

/** Runs a program with the SDK resolving aliases to URNs, as it does for an engine without alias specs. */
async function capture(program: () => pulumi.Output<string>, engine: EngineLogServer) {
    const run = await runProgram(program, { engine, resolveAliases: true });
    assert.equal(run.error, undefined, String(run.error));
    return run;
}

function inputsOf(run: Awaited<ReturnType<typeof capture>>, type: string): unknown {
    const [resource] = run.ofType(type);
    return withoutSecrets(resource.inputs);
}

describe("adoption: existing VMs brought under the components without replacement", function () {
    this.timeout(60_000);
    let engine: EngineLogServer;
    before(async () => {
        engine = await startEngineLogServer();
    });
    after(async () => engine?.close());

    it("moving a raw VM and its NIC under the component addresses the same resources, with identical inputs", async () => {
        const before = await capture(rawProgram, engine);
        const after = await capture(() => adoptedProgram(), engine);

        for (const [type, name] of [
            [VM_TYPE, "web"],
            [NIC_TYPE, "web-nic"],
        ]) {
            const old = registrationOf(before, type, name);
            const moved = registrationOf(after, type, name);
            assert.notEqual(moved.urn, old.urn, "the URN changes with the new parent");
            assert.ok(moved.parent.includes(WINDOWS_VM_TYPE), `${name} is the component's child`);
            assert.ok(addressesUrn(moved, old.urn), `${name}'s aliases ${moved.aliasUrns} do not reach ${old.urn}`);
            assert.deepEqual(inputsOf(after, type), inputsOf(before, type), `${name}'s inputs changed`);
        }
        // Nothing else is a resource in Azure: the component and the transition guard live in the stack only.
        const azure = (run: { readonly resources: readonly RegisteredResource[] }) =>
            run.resources.filter((r) => r.type.startsWith("azure-native:")).map((r) => `${r.type}::${r.name}`);
        assert.deepEqual(azure(after).sort(), azure(before).sort());
        assert.equal(after.ofType(GUARD_TYPE).length, 1);
    });

    it("without the aliases the same program would create a new VM and NIC and delete the old ones", async () => {
        const before = await capture(rawProgram, engine);
        const after = await capture(() => {
            const vm = new PatchedWindowsVirtualMachine("web", {
                resourceGroupName: "rg-web",
                vmSize: "Standard_D2s_v5",
                imageReference: IMAGES.supported,
                adminUsername: "azureadmin",
                adminPassword: PASSWORD,
                subnetId: SUBNET,
            });
            return vm.vmId;
        }, engine);
        const old = registrationOf(before, VM_TYPE, "web");
        assert.equal(addressesUrn(registrationOf(after, VM_TYPE, "web"), old.urn), false);
    });

    it("imports a VM and NIC Pulumi does not manage yet, with the options given for each", async () => {
        const vmId = "/subscriptions/0000/resourceGroups/rg-legacy/providers/Microsoft.Compute/virtualMachines/app-07";
        const nicId =
            "/subscriptions/0000/resourceGroups/rg-legacy/providers/Microsoft.Network/networkInterfaces/app-07-nic";
        const registrations = await capture(() => {
            const vm = new PatchedWindowsVirtualMachine("app-07", {
                resourceGroupName: "rg-legacy",
                vmName: "app-07",
                computerName: "app-07",
                vmSize: "Standard_D4s_v5",
                imageReference: IMAGES.supported,
                adminUsername: "azureadmin",
                adminPassword: PASSWORD,
                subnetId: SUBNET,
                patching: { patchMode: "Manual", customPatchingSolution: "SCCM, team-ops" },
                existingPatchSettings: { patchMode: "Manual", enableAutomaticUpdates: false },
                virtualMachineOptions: {
                    import: vmId,
                    protect: true,
                    retainOnDelete: true,
                    ignoreChanges: ["osProfile.adminPassword"],
                    customTimeouts: { update: "45m" },
                },
                networkInterfaceOptions: { import: nicId, protect: true },
            });
            return vm.vmId;
        }, engine);
        const vm = registrationOf(registrations, VM_TYPE, "app-07");
        assert.equal(vm.options.importId, vmId);
        assert.equal(vm.options.protect, true);
        assert.equal(vm.options.retainOnDelete, true);
        assert.deepEqual(vm.options.ignoreChanges, ["osProfile.adminPassword"]);
        assert.equal(vm.options.customTimeouts?.update, "45m");
        const nic = registrationOf(registrations, NIC_TYPE, "app-07-nic");
        assert.equal(nic.options.importId, nicId);
        assert.equal(nic.options.protect, true);
    });

    it("attaches to existing network interfaces instead of creating one (networkInterfaceIds)", async () => {
        const nicId = "/subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.Network/networkInterfaces/web-nic";
        const run = await capture(
            () =>
                new PatchedWindowsVirtualMachine("web", {
                    resourceGroupName: "rg-web",
                    vmSize: "Standard_D2s_v5",
                    imageReference: IMAGES.supported,
                    adminUsername: "azureadmin",
                    adminPassword: PASSWORD,
                    networkInterfaceIds: [nicId],
                }).vmId,
            engine,
        );
        assert.equal(run.ofType(NIC_TYPE).length, 0);
        assert.deepEqual((inputsOf(run, VM_TYPE) as { networkProfile: unknown }).networkProfile, {
            networkInterfaces: [{ id: nicId, primary: true }],
        });
    });

    describe("the transition guard starts from the adopted VM's settings (R12, R13 from the first preview)", () => {
        /** The guard's inputs as the component registers them, then its real `check` on a first run (no record). */
        async function firstCheck(patching: object, existing?: ExistingPatchSettings, allowReplacement = false) {
            const run = await runProgram(
                () =>
                    new PatchedWindowsVirtualMachine("web", {
                        resourceGroupName: "rg-web",
                        vmSize: "Standard_D2s_v5",
                        imageReference: IMAGES.supported,
                        adminUsername: "azureadmin",
                        adminPassword: PASSWORD,
                        subnetId: SUBNET,
                        patching,
                        allowReplacement,
                        ...(existing ? { existingPatchSettings: existing } : {}),
                    }).vmId,
                { engine },
            );
            assert.equal(run.error, undefined, String(run.error));
            const [guard] = run.ofType(GUARD_TYPE);
            return patchGuardHandlers.check({}, guard.inputs);
        }

        const createdManual: ExistingPatchSettings = { patchMode: "Manual", enableAutomaticUpdates: false };

        it("refuses a change Azure refuses on the adopted VM: created with automatic updates off, given them on", async () => {
            const verdict = await firstCheck({ patchMode: "AutomaticByOS" }, createdManual);
            const reasons = (verdict.failures ?? []).map((f) => f.reason).join("\n");
            assert.match(reasons, /enableAutomaticUpdates/);
            assert.match(reasons, /\[R1[23]\]/);
        });

        it("a new VM with the same settings is not refused (there is nothing to compare with)", async () => {
            const verdict = await firstCheck({ patchMode: "AutomaticByOS" });
            assert.deepEqual(verdict.failures ?? [], []);
        });

        it("accepts the adopted VM's own settings", async () => {
            const verdict = await firstCheck({ patchMode: "Manual" }, createdManual);
            assert.deepEqual(verdict.failures ?? [], []);
        });

        it("refuses a replacement in the adoption run, saying to adopt first and change after", async () => {
            const verdict = await firstCheck({ patchMode: "AutomaticByOS" }, createdManual, true);
            const reasons = (verdict.failures ?? []).map((f) => f.reason).join("\n");
            assert.match(reasons, /cannot replace it in the same run/);
        });

        it("readFromAzure: reads the adopted VM's settings from Azure (getVirtualMachine) and compares with them", async () => {
            const invoked: Record<string, unknown>[] = [];
            const run = await runProgram(
                () =>
                    new PatchedWindowsVirtualMachine("web", {
                        resourceGroupName: "rg-web",
                        vmName: "web-01",
                        vmSize: "Standard_D2s_v5",
                        imageReference: IMAGES.supported,
                        adminUsername: "azureadmin",
                        adminPassword: PASSWORD,
                        subnetId: SUBNET,
                        patching: { patchMode: "AutomaticByOS" },
                        existingPatchSettings: "readFromAzure",
                    }).vmId,
                {
                    engine,
                    call: (args) => {
                        if (args.token !== "azure-native:compute:getVirtualMachine") return args.inputs;
                        invoked.push(args.inputs);
                        // The VM as Azure describes it: created in Manual, automatic updates off.
                        return {
                            osProfile: {
                                windowsConfiguration: {
                                    enableAutomaticUpdates: false,
                                    provisionVMAgent: true,
                                    patchSettings: {
                                        patchMode: "Manual",
                                        automaticByPlatformSettings: { rebootSetting: "Unknown" },
                                    },
                                },
                            },
                        };
                    },
                },
            );
            assert.equal(run.error, undefined, String(run.error));
            assert.deepEqual(invoked, [{ resourceGroupName: "rg-web", vmName: "web-01" }]);
            const [guard] = run.ofType(GUARD_TYPE);
            const verdict = await patchGuardHandlers.check({}, guard.inputs);
            assert.match((verdict.failures ?? []).map((f) => f.reason).join("\n"), /enableAutomaticUpdates/);
        });

        it("Windows: existingPatchSettings without enableAutomaticUpdates is refused, saying where to read it", async () => {
            const run = await runProgram(
                () =>
                    new PatchedWindowsVirtualMachine("web", {
                        resourceGroupName: "rg-web",
                        vmSize: "Standard_D2s_v5",
                        imageReference: IMAGES.supported,
                        adminUsername: "azureadmin",
                        adminPassword: PASSWORD,
                        subnetId: SUBNET,
                        existingPatchSettings: { patchMode: "Manual" },
                    }).vmId,
                { engine },
            );
            assert.match(
                String((run.error as Error)?.message),
                /existingPatchSettings\.enableAutomaticUpdates = \(not set\).*az vm show/s,
            );
            assert.equal(run.ofType(VM_TYPE).length, 0);
        });
    });
});
