/**
 * The Windows Server 2022 example creates one VM through the component, with platform-orchestrated
 * patching, periodic assessment and reboot-if-required written to the azure-native VM.
 */
import * as assert from "node:assert/strict";
import { type ExampleRun, isSecretEnvelope, prop, runExample } from "./example-harness";

const PASSWORD = "Example-test-passw0rd!";

describe("examples/windows-server-2022", () => {
    let run: ExampleRun;
    before(async () => {
        run = await runExample("windows-server-2022", {
            project: "windows-server-2022-patching",
            config: { adminPassword: PASSWORD, location: "northeurope" },
        });
    });

    it("creates one Windows component with its VM and NIC in the configured region", () => {
        assert.equal(run.ofType("azure-vm-patching:compute:WindowsVirtualMachine").length, 1);
        const vms = run.ofType("azure-native:compute:VirtualMachine");
        assert.equal(vms.length, 1);
        assert.equal(prop(vms[0].inputs, "location"), "northeurope");
        assert.equal(run.ofType("azure-native:network:NetworkInterface").length, 1);
    });

    it("writes Windows Server 2022 with AutomaticByPlatform patching and periodic assessment", () => {
        const vm = run.ofType("azure-native:compute:VirtualMachine")[0].inputs;
        assert.equal(prop(vm, "storageProfile.imageReference.sku"), "2022-datacenter-g2");
        const win = "osProfile.windowsConfiguration";
        assert.equal(prop(vm, `${win}.patchSettings.patchMode`), "AutomaticByPlatform");
        assert.equal(prop(vm, `${win}.patchSettings.assessmentMode`), "AutomaticByPlatform");
        assert.equal(prop(vm, `${win}.patchSettings.automaticByPlatformSettings.rebootSetting`), "IfRequired");
        assert.equal(prop(vm, `${win}.enableAutomaticUpdates`), true);
        assert.equal(prop(vm, `${win}.provisionVMAgent`), true);
    });

    it("keeps the admin password secret and exports the patch mode", () => {
        const vm = run.ofType("azure-native:compute:VirtualMachine")[0].inputs;
        assert.equal(prop(vm, "osProfile.adminPassword"), PASSWORD);
        assert.ok(isSecretEnvelope(vm.osProfile));
        assert.equal(run.outputs.patchMode, "AutomaticByPlatform");
        assert.equal(run.outputs.assessmentMode, "AutomaticByPlatform");
    });
});
