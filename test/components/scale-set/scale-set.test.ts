/**
 * The scale-set components under the mock engine: for each OS and orchestration mode, what reaches the
 * azure-native scale set, the Application Health extension (R16), hotpatch on Flexible, Uniform's
 * refusals and its preview opt-in (R16, with the feature registered through provider/features), and
 * automatic OS image upgrade on Windows Uniform (R20). No transition guard: R12/R13 are VM rules.
 */
import * as assert from "node:assert/strict";
import { type EngineLogServer, startEngineLogServer } from "../../../check/engine/engine-log-server";
import {
    PatchedLinuxVirtualMachineScaleSet,
    PatchedWindowsVirtualMachineScaleSet,
    UNIFORM_PATCHING_PREVIEW_FEATURE,
} from "../../../components";
import { evaluateProfile, readAzureNativeScaleSet } from "../../../rules";
import { at, isSecretAt, runProgram } from "../../support/mock-program";
import { GUARD_TYPE, IMAGES, PASSWORD } from "../vm/support/fixtures";
import { FEATURE_TYPE, linuxScaleSetArgs, SCALE_SET_TYPE, windowsScaleSetArgs } from "./support/fixtures";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const WIN = "virtualMachineProfile.osProfile.windowsConfiguration";
const LINUX = "virtualMachineProfile.osProfile.linuxConfiguration";
const EXTENSIONS = "virtualMachineProfile.extensionProfile.extensions";

/**
 * Whether the rule core refuses this raw scale set (errors only). Parts of R16 and R20 come with the rule
 * core's revision 2: the tests that need them run once the core has them, and say so when skipped.
 */
function coreRefuses(props: unknown, ruleId: string): boolean {
    return evaluateProfile(readAzureNativeScaleSet(props), { errorsOnly: true }).findings.some(
        (f) => f.ruleId === ruleId,
    );
}

const UNIFORM_PLATFORM_LINUX = {
    orchestrationMode: "Uniform",
    virtualMachineProfile: {
        storageProfile: {
            imageReference: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts" },
        },
        osProfile: { linuxConfiguration: { patchSettings: { patchMode: "AutomaticByPlatform" } } },
        extensionProfile: { extensions: [{ type: "ApplicationHealthLinux" }] },
    },
};
const WINDOWS_UNIFORM_AUTO_UPGRADE_BY_OS = {
    orchestrationMode: "Uniform",
    upgradePolicy: { mode: "Automatic", automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: true } },
    virtualMachineProfile: {
        storageProfile: { imageReference: IMAGES.supported },
        osProfile: {
            windowsConfiguration: { enableAutomaticUpdates: true, patchSettings: { patchMode: "AutomaticByOS" } },
        },
    },
};
const FLEXIBLE_HOTPATCH_IMAGE_HOTPATCH_OFF = {
    orchestrationMode: "Flexible",
    virtualMachineProfile: {
        storageProfile: { imageReference: IMAGES.hotpatch },
        osProfile: {
            windowsConfiguration: {
                patchSettings: { patchMode: "AutomaticByPlatform", enableHotpatching: false },
            },
        },
        extensionProfile: { extensions: [{ type: "ApplicationHealthWindows" }] },
    },
};

describe("PatchedVirtualMachineScaleSet", function () {
    this.timeout(60_000);
    let engine: EngineLogServer;
    before(async () => {
        engine = await startEngineLogServer();
    });
    after(async () => engine?.close());

    const run = <T>(program: () => T) => runProgram(program, { engine });

    describe("Flexible (the default)", () => {
        it("Windows: AutomaticByPlatform with periodic assessment, the Application Health extension, no guard", async () => {
            const result = await run(() => new PatchedWindowsVirtualMachineScaleSet("web", windowsScaleSetArgs()).urn);
            assert.equal(result.error, undefined, String(result.error));
            const [vmss] = result.ofType(SCALE_SET_TYPE);
            assert.equal(at(vmss.inputs, "orchestrationMode"), "Flexible");
            assert.equal(at(vmss.inputs, "platformFaultDomainCount"), 1);
            assert.equal(at(vmss.inputs, "virtualMachineProfile.networkProfile.networkApiVersion"), "2020-11-01");
            assert.deepEqual(at(vmss.inputs, `${WIN}.patchSettings`), {
                patchMode: "AutomaticByPlatform",
                assessmentMode: "AutomaticByPlatform",
                enableHotpatching: false,
            });
            assert.equal(at(vmss.inputs, `${WIN}.enableAutomaticUpdates`), true);
            assert.equal(at(vmss.inputs, `${WIN}.provisionVMAgent`), true);
            const extensions = at(vmss.inputs, EXTENSIONS) as { type: string; publisher: string }[];
            assert.deepEqual(
                extensions.map((e) => [e.publisher, e.type]),
                [["Microsoft.ManagedServices", "ApplicationHealthWindows"]],
            );
            assert.equal(at(vmss.inputs, "virtualMachineProfile.osProfile.adminPassword"), PASSWORD);
            assert.ok(isSecretAt(vmss.inputs, "virtualMachineProfile.osProfile.adminPassword"));
            assert.equal(result.ofType(GUARD_TYPE).length, 0, "scale sets have no transition guard (R12/R13)");
        });

        it("Linux: AutomaticByPlatform, ApplicationHealthLinux on the probe given, the user's own extensions kept", async () => {
            const custom = { name: "monitor", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent" };
            const result = await run(
                () =>
                    new PatchedLinuxVirtualMachineScaleSet(
                        "api",
                        linuxScaleSetArgs({
                            extensions: [custom],
                            applicationHealth: { protocol: "http", port: 8080, requestPath: "/healthz" },
                        }),
                    ).urn,
            );
            assert.equal(result.error, undefined, String(result.error));
            const [vmss] = result.ofType(SCALE_SET_TYPE);
            assert.equal(at(vmss.inputs, `${LINUX}.patchSettings.patchMode`), "AutomaticByPlatform");
            assert.equal(at(vmss.inputs, `${LINUX}.disablePasswordAuthentication`), true);
            const extensions = at(vmss.inputs, EXTENSIONS) as { type: string; settings?: unknown }[];
            assert.deepEqual(extensions[0], custom);
            assert.equal(extensions[1].type, "ApplicationHealthLinux");
            assert.deepEqual(extensions[1].settings, { protocol: "http", port: 8080, requestPath: "/healthz" });
        });

        it("keeps the user's Application Health extension instead of adding a second one", async () => {
            const own = { name: "health", publisher: "Microsoft.ManagedServices", type: "ApplicationHealthLinux" };
            const result = await run(
                () => new PatchedLinuxVirtualMachineScaleSet("api", linuxScaleSetArgs({ extensions: [own] })).urn,
            );
            const [vmss] = result.ofType(SCALE_SET_TYPE);
            assert.deepEqual(at(vmss.inputs, EXTENSIONS), [own]);
        });

        it("adds no health extension when the mode is not AutomaticByPlatform", async () => {
            const result = await run(
                () =>
                    new PatchedLinuxVirtualMachineScaleSet(
                        "api",
                        linuxScaleSetArgs({ patching: { patchMode: "ImageDefault" } }),
                    ).urn,
            );
            const [vmss] = result.ofType(SCALE_SET_TYPE);
            assert.deepEqual(at(vmss.inputs, EXTENSIONS), []);
        });

        it("R16: AutomaticByPlatform without an Application Health extension is refused before anything is created", async () => {
            const result = await run(
                () =>
                    new PatchedWindowsVirtualMachineScaleSet("web", windowsScaleSetArgs({ applicationHealth: false }))
                        .urn,
            );
            assert.match(String((result.error as Error)?.message), /\[R16\].*Application Health/s);
            assert.equal(result.ofType(SCALE_SET_TYPE).length, 0);
        });

        it("hotpatch image: hotpatch on, AutomaticByPlatform, health extension", async () => {
            const result = await run(
                () =>
                    new PatchedWindowsVirtualMachineScaleSet(
                        "gw",
                        windowsScaleSetArgs({ imageReference: IMAGES.hotpatch }),
                    ).urn,
            );
            assert.equal(result.error, undefined, String(result.error));
            const [vmss] = result.ofType(SCALE_SET_TYPE);
            assert.equal(at(vmss.inputs, `${WIN}.patchSettings.enableHotpatching`), true);
            assert.equal(at(vmss.inputs, `${WIN}.patchSettings.patchMode`), "AutomaticByPlatform");
        });

        it("R9: a hotpatch image in another mode is refused", async () => {
            const result = await run(
                () =>
                    new PatchedWindowsVirtualMachineScaleSet(
                        "gw",
                        windowsScaleSetArgs({
                            imageReference: IMAGES.hotpatch,
                            patching: { patchMode: "AutomaticByOS" },
                        }),
                    ).urn,
            );
            assert.match(String((result.error as Error)?.message), /\[R9\]/);
            assert.equal(result.ofType(SCALE_SET_TYPE).length, 0);
        });

        it("R16 (revision 2): hotpatch turned off on a hotpatch image is refused", async function () {
            if (!coreRefuses(FLEXIBLE_HOTPATCH_IMAGE_HOTPATCH_OFF, "R16")) {
                this.skip(); // the rule core's R16 does not cover it yet (issue #11)
            }
            const result = await run(
                () =>
                    new PatchedWindowsVirtualMachineScaleSet(
                        "gw",
                        windowsScaleSetArgs({
                            imageReference: IMAGES.hotpatch,
                            patching: { enableHotpatching: false },
                        }),
                    ).urn,
            );
            assert.match(String((result.error as Error)?.message), /\[R16\]/);
        });

        it("refuses uniformPatchingPreview on a Flexible scale set, naming the way out", async () => {
            const result = await run(
                () =>
                    new PatchedWindowsVirtualMachineScaleSet(
                        "web",
                        windowsScaleSetArgs({ uniformPatchingPreview: { subscriptionId: SUBSCRIPTION } }),
                    ).urn,
            );
            assert.match(String((result.error as Error)?.message), /uniformPatchingPreview is set on a Flexible/);
            assert.equal(result.resources.filter((r) => r.custom).length, 0);
        });
    });

    describe("Uniform", () => {
        it("Windows: the OS's default mode (AutomaticByOS), no health extension, a Manual upgrade policy", async () => {
            const result = await run(
                () =>
                    new PatchedWindowsVirtualMachineScaleSet(
                        "web",
                        windowsScaleSetArgs({ orchestrationMode: "Uniform" }),
                    ).urn,
            );
            assert.equal(result.error, undefined, String(result.error));
            const [vmss] = result.ofType(SCALE_SET_TYPE);
            assert.equal(at(vmss.inputs, "orchestrationMode"), "Uniform");
            assert.equal(at(vmss.inputs, `${WIN}.patchSettings.patchMode`), "AutomaticByOS");
            assert.equal(at(vmss.inputs, `${WIN}.enableAutomaticUpdates`), true);
            assert.deepEqual(at(vmss.inputs, "upgradePolicy"), { mode: "Manual" });
            assert.equal(at(vmss.inputs, "platformFaultDomainCount"), undefined);
            assert.deepEqual(at(vmss.inputs, EXTENSIONS), []);
            assert.equal(result.ofType(FEATURE_TYPE).length, 0);
        });

        it("Linux: ImageDefault", async () => {
            const result = await run(
                () =>
                    new PatchedLinuxVirtualMachineScaleSet("api", linuxScaleSetArgs({ orchestrationMode: "Uniform" }))
                        .urn,
            );
            const [vmss] = result.ofType(SCALE_SET_TYPE);
            assert.equal(at(vmss.inputs, `${LINUX}.patchSettings.patchMode`), "ImageDefault");
        });

        it("R16: Azure Edition hotpatch images cannot be used, even with the preview", async () => {
            for (const preview of [undefined, { subscriptionId: SUBSCRIPTION }]) {
                const result = await run(
                    () =>
                        new PatchedWindowsVirtualMachineScaleSet(
                            "gw",
                            windowsScaleSetArgs({
                                orchestrationMode: "Uniform",
                                imageReference: IMAGES.hotpatch,
                                patching: { patchMode: "AutomaticByPlatform" },
                                uniformPatchingPreview: preview,
                            }),
                        ).urn,
                );
                assert.match(String((result.error as Error)?.message), /\[R16\]/);
                assert.equal(result.ofType(SCALE_SET_TYPE).length, 0);
            }
        });

        it("R16 (revision 2): AutomaticByPlatform is refused unless the organisation opts in to the preview", async function () {
            if (!coreRefuses(UNIFORM_PLATFORM_LINUX, "R16")) {
                this.skip(); // the rule core's R16 does not refuse it yet (issue #11)
            }
            const result = await run(
                () =>
                    new PatchedLinuxVirtualMachineScaleSet(
                        "api",
                        linuxScaleSetArgs({
                            orchestrationMode: "Uniform",
                            patching: { patchMode: "AutomaticByPlatform" },
                        }),
                    ).urn,
            );
            assert.match(String((result.error as Error)?.message), /\[R16\]/);
            assert.equal(result.ofType(SCALE_SET_TYPE).length, 0);
        });

        it("with the preview opted in: registers InGuestAutoPatchVmssUniformPreview, then the scale set with AutomaticByPlatform", async () => {
            const result = await run(
                () =>
                    new PatchedLinuxVirtualMachineScaleSet(
                        "api",
                        linuxScaleSetArgs({
                            orchestrationMode: "Uniform",
                            patching: { patchMode: "AutomaticByPlatform" },
                            uniformPatchingPreview: { subscriptionId: SUBSCRIPTION },
                        }),
                    ).urn,
            );
            assert.equal(result.error, undefined, String(result.error));
            const features = result.ofType(FEATURE_TYPE);
            assert.deepEqual(
                features.map((f) => [at(f.inputs, "featureName"), at(f.inputs, "namespace")]),
                [[UNIFORM_PATCHING_PREVIEW_FEATURE, "Microsoft.Compute"]],
            );
            assert.equal(at(features[0].inputs, "connection.subscriptionId"), SUBSCRIPTION);
            const [vmss] = result.ofType(SCALE_SET_TYPE);
            assert.equal(at(vmss.inputs, `${LINUX}.patchSettings.patchMode`), "AutomaticByPlatform");
            const extensions = at(vmss.inputs, EXTENSIONS) as { type: string }[];
            assert.deepEqual(
                extensions.map((e) => e.type),
                ["ApplicationHealthLinux"],
            );
        });

        it("with the preview opted in but another mode: nothing to register", async () => {
            const result = await run(
                () =>
                    new PatchedLinuxVirtualMachineScaleSet(
                        "api",
                        linuxScaleSetArgs({
                            orchestrationMode: "Uniform",
                            patching: { patchMode: "ImageDefault" },
                            uniformPatchingPreview: { subscriptionId: SUBSCRIPTION },
                        }),
                    ).urn,
            );
            assert.equal(result.error, undefined, String(result.error));
            assert.equal(result.ofType(FEATURE_TYPE).length, 0);
        });

        it("R20: Windows with automatic OS image upgrade defaults to Manual with enableAutomaticUpdates false", async () => {
            const upgradePolicy = {
                mode: "Automatic" as const,
                automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: true },
            };
            const result = await run(
                () =>
                    new PatchedWindowsVirtualMachineScaleSet(
                        "web",
                        windowsScaleSetArgs({ orchestrationMode: "Uniform", upgradePolicy }),
                    ).urn,
            );
            assert.equal(result.error, undefined, String(result.error));
            const [vmss] = result.ofType(SCALE_SET_TYPE);
            assert.equal(at(vmss.inputs, `${WIN}.enableAutomaticUpdates`), false);
            assert.equal(at(vmss.inputs, `${WIN}.patchSettings.patchMode`), "Manual");
            assert.deepEqual(at(vmss.inputs, "upgradePolicy"), upgradePolicy);
        });

        it("R20: Windows with automatic OS image upgrade refuses AutomaticByOS (enableAutomaticUpdates true)", async function () {
            if (!coreRefuses(WINDOWS_UNIFORM_AUTO_UPGRADE_BY_OS, "R20")) {
                this.skip(); // R20 is not in the rule core yet (issue #11)
            }
            const result = await run(
                () =>
                    new PatchedWindowsVirtualMachineScaleSet(
                        "web",
                        windowsScaleSetArgs({
                            orchestrationMode: "Uniform",
                            upgradePolicy: {
                                mode: "Automatic",
                                automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: true },
                            },
                            patching: { patchMode: "AutomaticByOS" },
                        }),
                    ).urn,
            );
            assert.match(String((result.error as Error)?.message), /\[R20\]/);
            assert.equal(result.ofType(SCALE_SET_TYPE).length, 0);
        });
    });

    describe("arguments", () => {
        it("refuses an unknown orchestration mode and options the component owns, with the allowed values", async () => {
            const mode = await run(
                () =>
                    new PatchedWindowsVirtualMachineScaleSet(
                        "web",
                        windowsScaleSetArgs({ orchestrationMode: "flexible" as "Flexible" }),
                    ).urn,
            );
            assert.match(String((mode.error as Error)?.message), /orchestrationMode = "flexible".*Allowed: Flexible/s);
            const options = await run(
                () =>
                    new PatchedWindowsVirtualMachineScaleSet(
                        "web",
                        windowsScaleSetArgs({ scaleSetOptions: { parent: undefined } as never }),
                    ).urn,
            );
            assert.match(String((options.error as Error)?.message), /scaleSetOptions = \{parent\}.*Allowed: aliases/s);
        });

        it("validates patch settings given as Outputs once they resolve", async () => {
            const result = await run(() => {
                const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
                return new PatchedWindowsVirtualMachineScaleSet(
                    "web",
                    windowsScaleSetArgs({
                        patching: pulumi.output({ patchMode: "Manual" as const, enableAutomaticUpdates: true }),
                    }),
                ).scaleSet.id;
            });
            assert.match(String((result.error as Error)?.message), /\[R3\]/);
            assert.equal(result.ofType(SCALE_SET_TYPE).length, 0);
        });

        it("a secret setting shows as [secret] in every finding, and every error is reported at once", async () => {
            const SECRET_MODE = "AutomaticByPlatfom-s3cr3t";
            const result = await run(() => {
                const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
                return new PatchedWindowsVirtualMachineScaleSet(
                    "web",
                    windowsScaleSetArgs({
                        orchestrationMode: "Uniform",
                        patching: {
                            patchMode: pulumi.secret(SECRET_MODE) as never,
                            rebootSetting: "Sometimes" as never,
                            enableHotpatching: true,
                        },
                    }),
                ).scaleSet.id;
            });
            const message = String((result.error as Error)?.message);
            // R1 for the mode, R0 for the reboot setting, R16 for hotpatch on Uniform: all in one error.
            for (const expected of [
                /\[R1\] patching\.patchMode = \[secret\]/,
                /\[R0\] patching\.rebootSetting = "Sometimes"/,
                /\[R16\] patching\.enableHotpatching = true/,
            ]) {
                assert.match(message, expected);
            }
            assert.ok(!message.includes(SECRET_MODE) && !message.includes("did you mean"), message);
            assert.ok(!JSON.stringify(result.logs).includes(SECRET_MODE), "nor in a log");
            assert.equal(result.ofType(SCALE_SET_TYPE).length, 0);
        });
    });
});
