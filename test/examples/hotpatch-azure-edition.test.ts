/**
 * The hotpatch example creates an Azure Edition Core VM with hotpatching on, which Azure accepts only
 * with AutomaticByPlatform patching and the VM agent.
 */
import * as assert from "node:assert/strict";
import { type ExampleRun, prop, runExample } from "./example-harness";

describe("examples/hotpatch-azure-edition", () => {
    let run: ExampleRun;
    before(async () => {
        run = await runExample("hotpatch-azure-edition", {
            project: "hotpatch-azure-edition",
            config: { adminPassword: "Example-test-passw0rd!" },
        });
    });

    it("creates a Windows Server 2022 Azure Edition Core VM", () => {
        const vms = run.ofType("azure-native:compute:VirtualMachine");
        assert.equal(vms.length, 1);
        assert.deepEqual(prop(vms[0].inputs, "storageProfile.imageReference"), {
            publisher: "MicrosoftWindowsServer",
            offer: "WindowsServer",
            sku: "2022-datacenter-azure-edition-core",
            version: "latest",
        });
    });

    it("turns hotpatching on with the settings hotpatch needs", () => {
        const vm = run.ofType("azure-native:compute:VirtualMachine")[0].inputs;
        const patch = "osProfile.windowsConfiguration.patchSettings";
        assert.equal(prop(vm, `${patch}.enableHotpatching`), true);
        assert.equal(prop(vm, `${patch}.patchMode`), "AutomaticByPlatform");
        assert.equal(prop(vm, "osProfile.windowsConfiguration.provisionVMAgent"), true);
        assert.notEqual(
            prop(vm, `${patch}.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule`),
            true,
        );
        assert.equal(run.outputs.hotpatching, true);
    });
});
