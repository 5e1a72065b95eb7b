/**
 * The preview-features example registers the three guest-patching preview features, makes both VMs
 * wait for the registration, and exports the counts of an on-demand assessment of the Windows VM.
 */
import * as assert from "node:assert/strict";
import { type ExampleRun, prop, type Registration, runExample } from "./example-harness";

const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
const FEATURE = "pulumi-nodejs:dynamic/azure-vm-patching:FeatureRegistration";
const ASSESSMENT = "pulumi-nodejs:dynamic/azure-vm-patching:PatchAssessment";

describe("examples/preview-features", () => {
    let run: ExampleRun;
    before(async () => {
        run = await runExample("preview-features", {
            project: "patching-preview-features",
            config: { adminPassword: "Example-test-passw0rd!", "azure-native:subscriptionId": SUBSCRIPTION },
            // What the assessment would report once it ran.
            outputsByType: {
                [ASSESSMENT]: () => ({
                    status: "Succeeded",
                    criticalAndSecurityPatchCount: 3,
                    otherPatchCount: 7,
                    rebootPending: false,
                }),
            },
        });
    });

    it("registers the three guest-patching preview features in the configured subscription", () => {
        const features = run.ofType(FEATURE);
        assert.deepEqual(features.map((f) => prop(f.inputs, "featureName")).sort(), [
            "InGuestAutoPatchVMPreview",
            "InGuestHotPatchVMPreview",
            "InGuestPatchVMPreview",
        ]);
        for (const f of features) {
            assert.equal(prop(f.inputs, "namespace"), "Microsoft.Compute");
            assert.equal(prop(f.inputs, "connection.subscriptionId"), SUBSCRIPTION);
            assert.equal(prop(f.inputs, "unregisterOnDelete"), false);
        }
    });

    it("makes every VM wait for the feature registration", () => {
        const registrationUrns = new Set(
            run.registrations
                .filter(
                    (r) =>
                        r.type.startsWith("pulumi-nodejs:dynamic/azure-vm-patching:") &&
                        r.type !== ASSESSMENT &&
                        !r.type.endsWith("PatchTransitionGuard"),
                )
                .map((r) => r.urn),
        );
        assert.ok(registrationUrns.size >= 4, "three features and the propagation");
        const vms = run.ofType("azure-native:compute:VirtualMachine");
        assert.equal(vms.length, 2);
        const waitsFor = (r: Registration, seen = new Set<string>()): Set<string> => {
            // A child is registered only once its parent's URN is known, and a component's URN is known
            // only after its dependsOn resources were created: the parent's dependencies hold for it.
            for (const d of r.dependencies) seen.add(d);
            const parent = run.registrations.find((p) => p.urn === r.parent);
            return parent ? waitsFor(parent, seen) : seen;
        };
        for (const vm of vms) {
            const deps = waitsFor(vm);
            for (const urn of registrationUrns) assert.ok(deps.has(urn), `${vm.name} does not wait for ${urn}`);
        }
    });

    it("assesses the Windows VM after it exists and exports the counts", () => {
        const [assessment] = run.ofType(ASSESSMENT);
        const windowsVm = run.ofType("azure-native:compute:VirtualMachine").find((v) => v.name === "app-win");
        assert.ok(windowsVm);
        assert.equal(prop(assessment.inputs, "vmName"), "app-win");
        assert.ok(assessment.dependencies.includes(windowsVm.urn), "the assessment waits for the VM");
        assert.equal(run.outputs.criticalAndSecurityPatchCount, 3);
        assert.equal(run.outputs.otherPatchCount, 7);
        assert.equal(run.outputs.rebootPending, false);
        assert.equal(run.outputs.assessmentStatus, "Succeeded");
    });
});
