/**
 * What a Windows stack gets: the azure-native VM the engine receives for each patch mode, image kind and
 * default, the warnings it logs, and the resource options that make create-only changes safe.
 */

import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { PatchedWindowsVirtualMachine, WINDOWS_VM_TYPE } from "../../../components";
import { patchGuardHandlers } from "../../../provider/guard/dynamic-provider";
import { CUSTOM_PATCHING_TAG, type ImageRef, resolvePatchSettings } from "../../../rules";
import { at, isSecretAt, registrationOf, runProgram } from "../../support/mock-program";
import { GUARD_TYPE, IMAGES, NIC_TYPE, PASSWORD, VM_TYPE, windowsArgs } from "./support/fixtures";

const WIN_2019: ImageRef = { kind: "platform", ...IMAGES.supported };

const WINDOWS = "osProfile.windowsConfiguration";

async function deploy(args: Parameters<typeof windowsArgs>[0] = {}, opts?: pulumi.ComponentResourceOptions) {
    const run = await runProgram(() => {
        const vm = new PatchedWindowsVirtualMachine("web", windowsArgs(args), opts);
        return {
            patchMode: vm.patchMode,
            assessmentMode: vm.assessmentMode,
            enableHotpatching: vm.enableHotpatching,
            enableAutomaticUpdates: vm.enableAutomaticUpdates,
            vmId: vm.vmId,
        };
    });
    assert.equal(run.error, undefined, String(run.error));
    const [vm] = run.ofType(VM_TYPE);
    assert.ok(vm, "the VM is registered");
    const warnings = run.logs.filter((l) => l.severity === "warning");
    return { run, vm: vm.inputs, warnings, outputs: run.result! };
}

describe("PatchedWindowsVirtualMachine", function () {
    this.timeout(30_000);

    it("defaults on a supported image: AutomaticByPlatform, periodic assessment, updates on, hotpatch off", async () => {
        const { run, vm, warnings, outputs } = await deploy();
        assert.deepEqual(at(vm, `${WINDOWS}.patchSettings`), {
            patchMode: "AutomaticByPlatform",
            assessmentMode: "AutomaticByPlatform",
            enableHotpatching: false,
        });
        assert.equal(at(vm, `${WINDOWS}.enableAutomaticUpdates`), true);
        assert.equal(at(vm, `${WINDOWS}.provisionVMAgent`), true);
        assert.deepEqual(warnings, [], "secure defaults raise no recommendation");
        assert.deepEqual(
            { ...outputs, vmId: undefined },
            {
                patchMode: "AutomaticByPlatform",
                assessmentMode: "AutomaticByPlatform",
                enableHotpatching: false,
                enableAutomaticUpdates: true,
                vmId: undefined,
            },
        );
        assert.match(String(outputs.vmId), /VirtualMachine\/web$/, "the VM's id is exported");
        assert.deepEqual(
            run.resources.map((r) => r.type).sort(),
            [WINDOWS_VM_TYPE, GUARD_TYPE, NIC_TYPE, VM_TYPE].sort(),
        );
    });

    it("hands the guard the admin password only as a secret, and has its digest stored as a secret output (R17)", async () => {
        const { run } = await deploy();
        const guard = registrationOf(run, GUARD_TYPE, "web-patch-guard");
        assert.equal(at(guard.inputs, "adminPassword"), PASSWORD, "the guard compares the password (by digest)");
        assert.ok(isSecretAt(guard.inputs, "adminPassword"), "the password reaches the guard as a secret");
        assert.ok(guard.options.additionalSecretOutputs.includes("adminPassword"), "the stored digest is a secret");
        const component = registrationOf(run, WINDOWS_VM_TYPE, "web");
        assert.equal(guard.inputs.logUrn, component.urn, "the guard's warnings show under the component");
        const plainText = JSON.stringify(run.resources.map((r) => ({ ...r, inputs: undefined })));
        assert.ok(!plainText.includes(PASSWORD));
    });

    it("passes the VM arguments through with azure-native's names, and attaches the created NIC", async () => {
        const { run, vm } = await deploy({
            zones: ["2"],
            tags: { team: "web" },
            computerName: "web01",
            vmName: "vm-web",
        });
        const [nic] = run.ofType(NIC_TYPE);
        assert.equal(at(nic.inputs, "ipConfigurations.0.subnet.id"), windowsArgs().subnetId);
        assert.deepEqual(at(vm, "networkProfile.networkInterfaces"), [
            { id: "/subscriptions/0000/mock/azure-native:network:NetworkInterface/web-nic", primary: true },
        ]);
        assert.equal(vm.resourceGroupName, "rg-web");
        assert.equal(vm.location, "westeurope");
        assert.equal(vm.vmName, "vm-web");
        assert.deepEqual(vm.zones, ["2"]);
        assert.deepEqual(vm.tags, { team: "web" });
        assert.equal(at(vm, "hardwareProfile.vmSize"), "Standard_D2s_v5");
        assert.deepEqual(at(vm, "storageProfile.imageReference"), IMAGES.supported);
        assert.deepEqual(at(vm, "storageProfile.osDisk"), {
            createOption: "FromImage",
            managedDisk: { storageAccountType: "StandardSSD_LRS" },
            deleteOption: "Delete",
        });
    });

    it("hotpatch-capable image: hotpatch on by default", async () => {
        const { vm, warnings, outputs } = await deploy({ imageReference: IMAGES.hotpatch });
        assert.equal(at(vm, `${WINDOWS}.patchSettings.enableHotpatching`), true);
        assert.equal(at(vm, `${WINDOWS}.patchSettings.patchMode`), "AutomaticByPlatform");
        assert.equal(outputs.enableHotpatching, true);
        assert.deepEqual(warnings, []);
    });

    it("hotpatch-capable image with hotpatch turned off: allowed, with the W3 recommendation on the component", async () => {
        const { vm, warnings } = await deploy({
            imageReference: IMAGES.hotpatch,
            patching: { enableHotpatching: false },
        });
        assert.equal(at(vm, `${WINDOWS}.patchSettings.enableHotpatching`), false);
        assert.deepEqual(
            warnings.map((w) => w.message.slice(0, 4)),
            ["[W3]"],
        );
        assert.match(warnings[0].urn, /azure-vm-patching:compute:WindowsVirtualMachine::web$/);
    });

    for (const [kind, imageReference] of [
        ["an image not in the catalog", IMAGES.unlisted],
        ["a custom image", IMAGES.custom],
    ] as const) {
        it(`${kind}: AutomaticByOS (Azure's default) with automatic updates, no hotpatch`, async () => {
            const { vm, warnings } = await deploy({ imageReference });
            assert.deepEqual(at(vm, `${WINDOWS}.patchSettings`), {
                patchMode: "AutomaticByOS",
                assessmentMode: "AutomaticByPlatform",
                enableHotpatching: false,
            });
            assert.equal(at(vm, `${WINDOWS}.enableAutomaticUpdates`), true);
            // No W1 (it applies where the image supports platform patching); W7 says the defaults fell
            // back on a marketplace image the catalog does not know.
            assert.deepEqual(
                warnings.map((w) => w.message.slice(0, 4)),
                kind === "a custom image" ? [] : ["[W7]"],
            );
        });
    }

    it("Manual: automatic updates derived off; W4 asks which solution patches it", async () => {
        const { vm, warnings, outputs } = await deploy({ patching: { patchMode: "Manual" } });
        assert.equal(at(vm, `${WINDOWS}.enableAutomaticUpdates`), false);
        assert.equal(at(vm, `${WINDOWS}.patchSettings.patchMode`), "Manual");
        assert.equal(outputs.enableAutomaticUpdates, false);
        assert.deepEqual(warnings.map((w) => w.message.slice(0, 4)).sort(), ["[W1]", "[W4]"]);
    });

    it("Manual with customPatchingSolution: recorded as the VM's tag, next to the user's tags; W4 satisfied", async () => {
        const { vm, warnings } = await deploy({
            tags: { team: "web" },
            patching: { patchMode: "Manual", customPatchingSolution: "WSUS, team-x" },
        });
        assert.deepEqual(vm.tags, { team: "web", [CUSTOM_PATCHING_TAG]: "WSUS, team-x" });
        assert.deepEqual(
            warnings.map((w) => w.message.slice(0, 4)),
            ["[W1]"],
        );
    });

    it("AutomaticByOS on a supported image: allowed, with W1; assessment can be left to the image (W2)", async () => {
        const { vm, warnings } = await deploy({
            patching: { patchMode: "AutomaticByOS", assessmentMode: "ImageDefault" },
        });
        assert.deepEqual(at(vm, `${WINDOWS}.patchSettings`), {
            patchMode: "AutomaticByOS",
            assessmentMode: "ImageDefault",
            enableHotpatching: false,
        });
        assert.deepEqual(warnings.map((w) => w.message.slice(0, 4)).sort(), ["[W1]", "[W2]"]);
    });

    it("reboot and bypass settings go to automaticByPlatformSettings", async () => {
        const { vm } = await deploy({
            patching: { rebootSetting: "IfRequired", bypassPlatformSafetyChecksOnUserSchedule: true },
            // bypass = true needs a schedule (W5): this VM's is assigned by a dynamic scope elsewhere.
            scheduleAssignedElsewhere: "dynamic scope weekly-web",
        });
        assert.deepEqual(at(vm, `${WINDOWS}.patchSettings.automaticByPlatformSettings`), {
            rebootSetting: "IfRequired",
            bypassPlatformSafetyChecksOnUserSchedule: true,
        });
    });

    it("settings given as Outputs are validated when known and reach the VM the same way", async () => {
        const { vm, outputs } = await deploy({
            imageReference: pulumi.output(IMAGES.hotpatch),
            patching: {
                patchMode: pulumi.output("AutomaticByPlatform" as const),
                rebootSetting: pulumi.output("Never" as const),
            },
        });
        assert.deepEqual(at(vm, `${WINDOWS}.patchSettings`), {
            patchMode: "AutomaticByPlatform",
            assessmentMode: "AutomaticByPlatform",
            enableHotpatching: true,
            automaticByPlatformSettings: { rebootSetting: "Never" },
        });
        assert.equal(outputs.patchMode, "AutomaticByPlatform");
    });

    it("the user's Windows settings pass through; the patch fields stay the component's", async () => {
        const { vm } = await deploy({
            windowsConfiguration: { timeZone: "W. Europe Standard Time" },
            virtualMachineArgs: { licenseType: "Windows_Server", userData: "ZWNobw==" },
        });
        assert.equal(at(vm, `${WINDOWS}.timeZone`), "W. Europe Standard Time");
        assert.equal(vm.licenseType, "Windows_Server");
        assert.equal(vm.userData, "ZWNobw==");
        assert.equal(at(vm, `${WINDOWS}.patchSettings.patchMode`), "AutomaticByPlatform");
    });

    it("existing network interfaces: none is created, the first is primary", async () => {
        const { run, vm } = await deploy({
            subnetId: undefined,
            networkInterfaceIds: ["/nic/a", pulumi.output("/nic/b")],
        });
        assert.deepEqual(run.ofType(NIC_TYPE), []);
        assert.deepEqual(at(vm, "networkProfile.networkInterfaces"), [
            { id: "/nic/a", primary: true },
            { id: "/nic/b", primary: false },
        ]);
    });

    it("resource options: the guard first, replacement only by its trigger (never replaceOnChanges), delete first", async () => {
        const seen = new Map<string, pulumi.ResourceOptions>();
        await deploy({}, { transformations: [(a) => void seen.set(a.type, a.opts)] });
        const opts = seen.get(VM_TYPE) as pulumi.CustomResourceOptions;
        // R17: a create-only change goes through the guard (refused, or replaced with allowReplacement).
        assert.equal(opts.replaceOnChanges, undefined);
        assert.equal(opts.deleteBeforeReplace, true);
        assert.deepEqual(opts.additionalSecretOutputs, ["osProfile"]);
        const dependsOn = opts.dependsOn as pulumi.Resource[];
        assert.equal(dependsOn.length, 1);
        assert.equal((dependsOn[0] as unknown as { __pulumiType: string }).__pulumiType, GUARD_TYPE);
        assert.ok(
            pulumi.Output.isInstance(opts.replacementTrigger),
            "the guard's generation is the VM's replacementTrigger",
        );
        assert.equal(await (opts.replacementTrigger as unknown as { promise(): Promise<unknown> }).promise(), 0);
    });

    it("the guard receives the VM's create-only inputs by argument name (R17)", async () => {
        const run = await runProgram(
            () =>
                new PatchedWindowsVirtualMachine(
                    "web",
                    windowsArgs({
                        computerName: "web01",
                        zones: ["2"],
                        osDisk: { name: "web-os" },
                        windowsConfiguration: { timeZone: "UTC" },
                    }),
                ).urn,
        );
        assert.equal(run.error, undefined, String(run.error));
        const [guard] = run.ofType(GUARD_TYPE);
        const createOnly = guard.inputs.createOnly as Record<string, unknown>;
        assert.equal(createOnly.computerName, "web01");
        assert.equal(createOnly.adminUsername, "azureadmin");
        assert.deepEqual(createOnly.zones, ["2"]);
        assert.equal(createOnly["osDisk.name"], "web-os");
        assert.equal(createOnly["osDisk.createOption"], "FromImage");
        assert.equal(createOnly["windowsConfiguration.timeZone"], "UTC");
        assert.equal(createOnly["virtualMachineArgs.priority"], null, "absent inputs are recorded as null");
        assert.deepEqual(createOnly.imageReference, IMAGES.supported);
    });

    it("the guard receives the validated settings, what the user wrote, and allowReplacement", async () => {
        const run = await runProgram(
            () =>
                new PatchedWindowsVirtualMachine(
                    "web",
                    windowsArgs({ patching: { patchMode: "AutomaticByOS" }, allowReplacement: true }),
                ).urn,
        );
        const [guard] = run.ofType(GUARD_TYPE);
        assert.equal(guard.inputs.os, "Windows");
        assert.equal(guard.inputs.allowReplacement, true);
        assert.deepEqual(guard.inputs.written, ["patchMode"]);
        assert.deepEqual(guard.inputs.image, {
            kind: "platform",
            publisher: "MicrosoftWindowsServer",
            offer: "WindowsServer",
            sku: "2019-Datacenter",
            version: "latest",
        });
        assert.equal(at(guard.inputs, "settings.patchMode"), "AutomaticByOS");
        assert.equal(at(guard.inputs, "settings.enableAutomaticUpdates"), true);
        assert.equal(typeof guard.inputs.__provider, "string");
    });

    it("a VM created in Manual switches to AutomaticByPlatform and back in place, keeping enableAutomaticUpdates false", async () => {
        // The engine hands the guard's provider the recorded state and this run's inputs; here the real
        // provider's check answers, and the VM is registered with what it returns.
        const manual = resolvePatchSettings({ patchMode: "Manual" }, { os: "Windows", image: WIN_2019 });
        assert.ok(manual.ok);
        const recorded = {
            os: "Windows",
            image: WIN_2019,
            settings: manual.settings,
            written: ["patchMode"],
            generation: 0,
            schemaVersion: 1,
        };
        const throughGuard = async (resource: { type: string; inputs: Record<string, unknown> }) => {
            if (resource.type !== GUARD_TYPE) return undefined;
            const checked = await patchGuardHandlers.check(recorded, resource.inputs);
            assert.deepEqual(checked?.failures ?? [], []);
            return checked?.inputs;
        };
        for (const patchMode of ["AutomaticByPlatform", "Manual"] as const) {
            const run = await runProgram(
                () => new PatchedWindowsVirtualMachine("web", windowsArgs({ patching: { patchMode } })).urn,
                { state: throughGuard },
            );
            assert.equal(run.error, undefined, String(run.error));
            const [vm] = run.ofType(VM_TYPE);
            assert.equal(at(vm.inputs, "osProfile.windowsConfiguration.patchSettings.patchMode"), patchMode);
            assert.equal(at(vm.inputs, "osProfile.windowsConfiguration.enableAutomaticUpdates"), false, patchMode);
            const [guard] = run.ofType(GUARD_TYPE);
            assert.equal(
                at(guard.inputs, "settings.enableAutomaticUpdates"),
                patchMode !== "Manual",
                "the component derives true for a new VM; the guard keeps the create-time false",
            );
        }
    });
});
