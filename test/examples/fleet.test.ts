/**
 * The fleet example registers what its README promises: compliant Windows and Linux VMs and a scale set,
 * and exactly four deliberately non-compliant VMs, each with the patch settings that break its rule.
 */
import * as assert from "node:assert/strict";
import { type ExampleRun, isSecretEnvelope, prop, runExample } from "./example-harness";

const VM = "azure-native:compute:VirtualMachine";
const VMSS = "azure-native:compute:VirtualMachineScaleSet";
const PASSWORD = "Example-test-passw0rd!";

describe("examples/fleet", () => {
    let run: ExampleRun;
    before(async () => {
        run = await runExample("fleet", { project: "vm-patching-fleet", config: { adminPassword: PASSWORD } });
    });

    it("creates a resource group, a network, and one NIC per raw VM", () => {
        assert.equal(run.ofType("azure-native:resources:ResourceGroup").length, 1);
        assert.equal(run.ofType("azure-native:network:Subnet").length, 1);
        const vms = run.ofType(VM);
        const nics = run.ofType("azure-native:network:NetworkInterface").map((n) => n.name);
        for (const vm of vms) assert.ok(nics.includes(`${vm.name}-nic`), `no NIC for ${vm.name}`);
    });

    it("defines the compliant machines with platform patching and periodic assessment", () => {
        const web = run.named("web-win").inputs;
        assert.equal(prop(web, "osProfile.windowsConfiguration.patchSettings.patchMode"), "AutomaticByPlatform");
        assert.equal(prop(web, "osProfile.windowsConfiguration.patchSettings.assessmentMode"), "AutomaticByPlatform");
        assert.equal(prop(web, "storageProfile.imageReference.sku"), "2022-datacenter-g2");

        const api = run.named("api-linux").inputs;
        assert.equal(prop(api, "osProfile.linuxConfiguration.patchSettings.patchMode"), "AutomaticByPlatform");

        const gateway = run.named("gateway-win").inputs;
        assert.equal(prop(gateway, "osProfile.windowsConfiguration.patchSettings.enableHotpatching"), true);
        assert.equal(prop(gateway, "storageProfile.imageReference.sku"), "2022-datacenter-azure-edition-core");

        const workers = run.named("workers");
        assert.equal(workers.type, VMSS);
        assert.equal(prop(workers.inputs, "orchestrationMode"), "Flexible");
        const extensions = prop(workers.inputs, "virtualMachineProfile.extensionProfile.extensions") as {
            type: string;
        }[];
        assert.ok(extensions.some((e) => e.type === "ApplicationHealthLinux"));
    });

    it("defines exactly four deliberately non-compliant VMs, each tagged with the rule it breaks", () => {
        const tagged: [string, unknown][] = run
            .ofType(VM)
            .filter((r) => prop(r.inputs, "tags.expected-violation") !== undefined)
            .map((r) => [r.name, prop(r.inputs, "tags.expected-violation")]);
        assert.deepEqual(
            new Map(tagged),
            new Map([
                ["legacy-sql-win", "R3"],
                ["edge-win", "R8"],
                ["batch-linux", "R1"],
                ["core-win-byos", "R9"],
            ]),
        );

        const legacy = run.named("legacy-sql-win").inputs;
        assert.equal(prop(legacy, "osProfile.windowsConfiguration.patchSettings.patchMode"), "Manual");
        assert.equal(prop(legacy, "osProfile.windowsConfiguration.enableAutomaticUpdates"), true);
        const batch = run.named("batch-linux").inputs;
        assert.equal(prop(batch, "osProfile.linuxConfiguration.patchSettings.patchMode"), "AutomaticByOS");
    });

    it("takes the admin password from secret config and exports the machines by name", () => {
        const web = run.named("web-win").inputs;
        assert.equal(prop(web, "osProfile.adminPassword"), PASSWORD);
        assert.ok(isSecretEnvelope(web.osProfile), "the OS profile holding the password is sent as a secret");
        const machines = run.outputs.machines as { compliant: string[]; nonCompliant: string[] };
        assert.deepEqual([...machines.nonCompliant].sort(), [
            "batch-linux",
            "core-win-byos",
            "edge-win",
            "legacy-sql-win",
        ]);
    });

    it("fails with Pulumi's missing-config message when adminPassword is not set", async () => {
        await assert.rejects(runExample("fleet", { project: "vm-patching-fleet" }), /adminPassword/);
    });
});
