/** What a Linux stack gets: the azure-native VM for each image kind and default, and its sign-in settings. */
import * as assert from "node:assert/strict";
import { LINUX_VM_TYPE, PatchedLinuxVirtualMachine } from "../../../components";
import { at, isSecretAt, runProgram } from "../../support/mock-program";
import { GUARD_TYPE, IMAGES, linuxArgs, NIC_TYPE, PASSWORD, SSH_KEY, VM_TYPE } from "./support/fixtures";

const LINUX = "osProfile.linuxConfiguration";

async function deploy(args: Parameters<typeof linuxArgs>[0] = {}) {
    const run = await runProgram(() => {
        const vm = new PatchedLinuxVirtualMachine("api", linuxArgs(args));
        return {
            patchMode: vm.patchMode,
            enableHotpatching: vm.enableHotpatching,
            enableAutomaticUpdates: vm.enableAutomaticUpdates,
        };
    });
    assert.equal(run.error, undefined, String(run.error));
    const [vm] = run.ofType(VM_TYPE);
    return { run, vm: vm.inputs, warnings: run.logs.filter((l) => l.severity === "warning"), outputs: run.result! };
}

describe("PatchedLinuxVirtualMachine", function () {
    this.timeout(30_000);

    it("defaults on a supported image: AutomaticByPlatform with periodic assessment; no Windows-only fields", async () => {
        const { run, vm, warnings, outputs } = await deploy();
        assert.deepEqual(at(vm, `${LINUX}.patchSettings`), {
            patchMode: "AutomaticByPlatform",
            assessmentMode: "AutomaticByPlatform",
        });
        assert.equal(at(vm, `${LINUX}.provisionVMAgent`), true);
        assert.equal(at(vm, "osProfile.windowsConfiguration"), undefined);
        assert.deepEqual(outputs, {
            patchMode: "AutomaticByPlatform",
            enableHotpatching: undefined,
            enableAutomaticUpdates: undefined,
        });
        assert.deepEqual(warnings, []);
        assert.deepEqual(
            run.resources.map((r) => r.type).sort(),
            [LINUX_VM_TYPE, GUARD_TYPE, NIC_TYPE, VM_TYPE].sort(),
        );
    });

    for (const [kind, imageReference] of [
        ["an image not in the catalog", IMAGES.linuxUnlisted],
        ["a custom image", IMAGES.custom],
    ] as const) {
        it(`${kind}: ImageDefault (Azure's default), assessment still periodic`, async () => {
            const { vm, warnings } = await deploy({ imageReference });
            assert.deepEqual(at(vm, `${LINUX}.patchSettings`), {
                patchMode: "ImageDefault",
                assessmentMode: "AutomaticByPlatform",
            });
            assert.deepEqual(
                warnings.map((w) => w.message.slice(0, 4)),
                kind === "a custom image" ? [] : ["[W7]"],
                "W7: the default fell back on an image the catalog does not know",
            );
        });
    }

    it("ImageDefault on a supported image: allowed, with W1", async () => {
        const { vm, warnings } = await deploy({ patching: { patchMode: "ImageDefault" } });
        assert.equal(at(vm, `${LINUX}.patchSettings.patchMode`), "ImageDefault");
        assert.deepEqual(
            warnings.map((w) => w.message.slice(0, 4)),
            ["[W1]"],
        );
    });

    it("SSH keys only: password sign-in off, keys at the admin's authorized_keys unless a path is given", async () => {
        const { vm } = await deploy({
            sshPublicKeys: [{ keyData: SSH_KEY }, { keyData: `${SSH_KEY}2`, path: "/home/ops/.ssh/other" }],
        });
        assert.equal(at(vm, `${LINUX}.disablePasswordAuthentication`), true);
        assert.deepEqual(at(vm, `${LINUX}.ssh.publicKeys`), [
            { keyData: SSH_KEY, path: "/home/ops/.ssh/authorized_keys" },
            { keyData: `${SSH_KEY}2`, path: "/home/ops/.ssh/other" },
        ]);
        assert.equal(at(vm, "osProfile.adminPassword"), undefined);
    });

    it("a password: password sign-in on, and the password reaches the engine only as a secret", async () => {
        const { vm } = await deploy({ sshPublicKeys: undefined, adminPassword: PASSWORD });
        assert.equal(at(vm, `${LINUX}.disablePasswordAuthentication`), false);
        assert.equal(at(vm, `${LINUX}.ssh`), undefined);
        assert.equal(at(vm, "osProfile.adminPassword"), PASSWORD);
        assert.ok(isSecretAt(vm, "osProfile.adminPassword"));
    });
});
