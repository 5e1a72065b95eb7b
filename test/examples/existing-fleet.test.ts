/**
 * The existing-fleet example, step by step: each step's program takes over every VM and network
 * interface of the step before (same URN, or an alias to it, resolved by the SDK as the engine resolves
 * aliases) with identical inputs, so its preview shows no replacement and no delete; the last step adds
 * a Flexible scale set.
 */
import * as assert from "node:assert/strict";
import { type ExampleRun, isSecretEnvelope, prop, type Registration, runExample } from "./example-harness";

const VM = "azure-native:compute:VirtualMachine";
const NIC = "azure-native:network:NetworkInterface";
const VMSS = "azure-native:compute:VirtualMachineScaleSet";
const CONFIG = {
    adminPassword: "Example-test-passw0rd!",
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyForTestsOnly ops@example",
};

/** Inputs with secret envelopes opened, as the provider compares them. */
function plain(value: unknown): unknown {
    if (isSecretEnvelope(value)) return plain(value.value);
    if (Array.isArray(value)) return value.map(plain);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    }
    return value;
}

/**
 * A URN as the engine writes it: the mock monitor puts the root stack's type in front of its children's
 * types (`pulumi:pulumi:Stack$azure-native:...`), the engine (and the SDK's alias resolution) leave it out.
 */
function engineUrn(urn: string): string {
    return urn.replace("::pulumi:pulumi:Stack$", "::");
}

function azureResources(run: ExampleRun): Registration[] {
    return run.registrations.filter((r) => r.type === VM || r.type === NIC);
}

describe("examples/existing-fleet", () => {
    const steps: ExampleRun[] = [];
    before(async function () {
        this.timeout(120_000);
        for (const step of [0, 1, 2, 3]) {
            steps.push(
                await runExample("existing-fleet", {
                    project: "vm-patching-existing-fleet",
                    config: { ...CONFIG, step: String(step) },
                    resolveAliases: true,
                    preview: true,
                }),
            );
        }
    });

    it("step 0 is raw azure-native: two VMs, two NICs, no component", () => {
        assert.deepEqual(
            steps[0]
                .ofType(VM)
                .map((r) => r.name)
                .sort(),
            ["api-01", "web-01"],
        );
        assert.equal(steps[0].ofType(NIC).length, 2);
        assert.equal(steps[0].registrations.filter((r) => r.type.startsWith("azure-vm-patching:")).length, 0);
    });

    for (const step of [1, 2, 3]) {
        it(`step ${step} keeps every VM and NIC of step ${step - 1}: same URN or an alias to it, identical inputs`, () => {
            const before = azureResources(steps[step - 1]);
            const after = azureResources(steps[step]);
            assert.equal(after.length, before.length, "no VM or NIC created or deleted");
            for (const old of before) {
                const urn = engineUrn(old.urn);
                const moved = after.find((r) => engineUrn(r.urn) === urn || r.aliasUrns.includes(urn));
                assert.ok(moved, `${old.type} ${old.name}: nothing in step ${step} takes over ${urn}`);
                assert.deepEqual(plain(moved.inputs), plain(old.inputs), `${old.name}'s inputs changed`);
            }
        });
    }

    it("moves web-01 in step 1 and api-01 in step 2 under the components", () => {
        const parentOf = (run: ExampleRun, name: string) => run.ofType(VM).find((r) => r.name === name)?.parent ?? "";
        assert.match(parentOf(steps[1], "web-01"), /WindowsVirtualMachine::web-01$/);
        assert.doesNotMatch(parentOf(steps[1], "api-01"), /LinuxVirtualMachine/);
        assert.match(parentOf(steps[2], "api-01"), /LinuxVirtualMachine::api-01$/);
    });

    it("step 3 adds a Flexible scale set with AutomaticByPlatform and the Application Health extension", () => {
        assert.equal(steps[2].ofType(VMSS).length, 0);
        const [workers] = steps[3].ofType(VMSS);
        assert.equal(prop(workers.inputs, "orchestrationMode"), "Flexible");
        assert.equal(
            prop(workers.inputs, "virtualMachineProfile.osProfile.linuxConfiguration.patchSettings.patchMode"),
            "AutomaticByPlatform",
        );
        const extensions = prop(workers.inputs, "virtualMachineProfile.extensionProfile.extensions") as {
            type: string;
            settings: unknown;
        }[];
        assert.deepEqual(
            extensions.map((e) => [e.type, e.settings]),
            [["ApplicationHealthLinux", { protocol: "http", port: 8080, requestPath: "/healthz" }]],
        );
    });
});
