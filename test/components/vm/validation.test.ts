/**
 * Bad input gets the rule core's error, attached to the component, before anything is registered;
 * the password never leaks; a preview with unknown values works without guessing.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
    PatchedLinuxVirtualMachine,
    PatchedWindowsVirtualMachine,
    type PatchingArgs,
    WINDOWS_VM_TYPE,
} from "../../../components";
import {
    evaluateProfile,
    type ImageRef,
    type OsType,
    readAzureNativeVirtualMachine,
    resolvePatchSettings,
} from "../../../rules";
import { at, isSecretAt, type ProgramRun, runProgram } from "../../support/mock-program";
import {
    GUARD_TYPE,
    IMAGES,
    LINUX_CATALOG,
    linuxArgs,
    NIC_TYPE,
    PASSWORD,
    unknownOutput,
    VM_TYPE,
    windowsArgs,
} from "./support/fixtures";

/** The rule core's messages for these settings: what the component must report, verbatim. */
function ruleCoreMessage(os: OsType, patching: unknown, image: ImageRef, catalog = LINUX_CATALOG): string {
    const result = resolvePatchSettings(patching, { os, image, catalog });
    assert.ok(!result.ok, "fixture must be invalid");
    return result.findings.map((f) => f.message).join("\n");
}

function assertRejectedBeforeDeploy(run: ProgramRun<unknown>, message: string | RegExp): void {
    assert.ok(run.error, "the program fails");
    assert.ok(pulumi.ResourceError.isInstance(run.error), `a ResourceError, got ${run.error}`);
    const error = run.error as pulumi.ResourceError & { hideStack?: boolean };
    if (typeof message === "string") assert.equal(error.message, message);
    else assert.match(error.message, message);
    assert.equal(error.hideStack, true, "users see the message, not a stack trace");
    assert.ok(error.resource instanceof pulumi.ComponentResource, "attached to the component");
    for (const type of [VM_TYPE, NIC_TYPE, GUARD_TYPE]) {
        assert.deepEqual(run.ofType(type), [], `${type} must not be registered`);
    }
    const everything = JSON.stringify({ message: error.message, logs: run.logs, resources: run.resources });
    assert.ok(!everything.includes(PASSWORD), "the password appears in no message, log or registered input");
}

const SUPPORTED: ImageRef = {
    kind: "platform",
    publisher: "MicrosoftWindowsServer",
    offer: "WindowsServer",
    sku: "2019-Datacenter",
    version: "latest",
};
const HOTPATCH: ImageRef = { ...SUPPORTED, sku: "2022-datacenter-azure-edition-core" };

const INVALID_WINDOWS: readonly { name: string; patching: Record<string, unknown>; image: ImageRef; rule: string }[] = [
    {
        name: "Manual with automatic updates on (R3)",
        patching: { patchMode: "Manual", enableAutomaticUpdates: true },
        image: SUPPORTED,
        rule: "R3",
    },
    {
        name: "AutomaticByOS with automatic updates off (R2)",
        patching: { patchMode: "AutomaticByOS", enableAutomaticUpdates: false },
        image: SUPPORTED,
        rule: "R2",
    },
    {
        name: "AutomaticByPlatform without the VM agent (R4)",
        patching: { patchMode: "AutomaticByPlatform", provisionVMAgent: false },
        image: SUPPORTED,
        rule: "R4",
    },
    {
        name: "hotpatch on a non-hotpatch image (R8)",
        patching: { enableHotpatching: true },
        image: SUPPORTED,
        rule: "R8",
    },
    {
        name: "a hotpatch image in AutomaticByOS (R9)",
        patching: { patchMode: "AutomaticByOS" },
        image: HOTPATCH,
        rule: "R9",
    },
    {
        name: "a reboot setting outside platform patching (R11)",
        patching: { patchMode: "AutomaticByOS", rebootSetting: "Always" },
        image: SUPPORTED,
        rule: "R11",
    },
    {
        name: "AutomaticByPlatform on a marketplace image not in the catalog (R14)",
        patching: { patchMode: "AutomaticByPlatform" },
        image: { kind: "platform", ...IMAGES.unlisted },
        rule: "R14",
    },
    { name: "a misspelt mode (R1)", patching: { patchMode: "AutomaticByPlatfom" }, image: SUPPORTED, rule: "R1" },
    { name: "an unknown setting (R0)", patching: { patchMod: "Manual" }, image: SUPPORTED, rule: "R0" },
    { name: "a string for a boolean (R0)", patching: { enableAutomaticUpdates: "yes" }, image: SUPPORTED, rule: "R0" },
    {
        name: "a reboot setting outside the enumeration (R0)",
        patching: { rebootSetting: "Sometimes" },
        image: SUPPORTED,
        rule: "R0",
    },
    {
        name: "several mistakes at once (R1, R0, R11)",
        patching: { patchMode: "AutomaticByPlatfom", provisionVMAgent: "no", rebootSetting: "Always" },
        image: SUPPORTED,
        rule: "R1",
    },
];

function imageArgs(image: ImageRef) {
    return image.kind === "custom"
        ? { id: image.id }
        : image.kind === "platform"
          ? { publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.version }
          : {};
}

describe("validation before anything is created", function () {
    this.timeout(30_000);

    for (const c of INVALID_WINDOWS) {
        it(`Windows, plain values: ${c.name}`, async () => {
            const run = await runProgram(
                () =>
                    new PatchedWindowsVirtualMachine(
                        "web",
                        windowsArgs({ imageReference: imageArgs(c.image), patching: c.patching as PatchingArgs }),
                    ).urn,
            );
            const expected = ruleCoreMessage("Windows", c.patching, c.image);
            assertRejectedBeforeDeploy(run, expected);
            assert.match(
                expected,
                new RegExp(`\\[${c.rule}\\] patching\\.`),
                "the message names the rule and the path",
            );
            assert.match(expected, /Allowed: .*Fix: /, "and says what is allowed and how to fix it");
        });

        it(`Windows, values from Outputs: ${c.name}`, async () => {
            const outputs = Object.fromEntries(Object.entries(c.patching).map(([k, v]) => [k, pulumi.output(v)]));
            const run = await runProgram(() => {
                const vm = new PatchedWindowsVirtualMachine(
                    "web",
                    windowsArgs({
                        imageReference: pulumi.output(imageArgs(c.image)),
                        patching: outputs as PatchingArgs,
                    }),
                );
                return vm.vmId;
            });
            assertRejectedBeforeDeploy(run, ruleCoreMessage("Windows", c.patching, c.image));
        });
    }

    it("Linux: a Windows-only setting is refused (R0), plain and as an Output", async () => {
        for (const enableHotpatching of [true, pulumi.output(true)]) {
            const run = await runProgram(
                () =>
                    new PatchedLinuxVirtualMachine(
                        "api",
                        linuxArgs({ patching: { enableHotpatching } as PatchingArgs }),
                    ).vmId,
            );
            assertRejectedBeforeDeploy(
                run,
                /^\[R0\] patching\.enableHotpatching = true: enableHotpatching is a Windows setting\./,
            );
        }
    });

    it("a mistake reads as the policy pack reports it on a raw VM, every error at once", async () => {
        const patching = { patchMode: "AutomaticByPlatfom", provisionVMAgent: "no", rebootSetting: "Always" };
        const run = await runProgram(
            () =>
                new PatchedWindowsVirtualMachine("web", windowsArgs({ patching: patching as unknown as PatchingArgs }))
                    .urn,
        );
        const settings = "osProfile.windowsConfiguration";
        const raw = {
            osProfile: {
                windowsConfiguration: {
                    provisionVMAgent: "no",
                    patchSettings: {
                        patchMode: "AutomaticByPlatfom",
                        automaticByPlatformSettings: { rebootSetting: "Always" },
                    },
                },
            },
            storageProfile: { imageReference: IMAGES.supported },
        };
        const pack = evaluateProfile(readAzureNativeVirtualMachine(raw), { errorsOnly: true }).findings;
        assert.deepEqual(pack.map((f) => f.ruleId).sort(), ["R0", "R1", "R11"]);
        // The component's message, line for line, is the pack's with the component's own paths.
        const asComponent = pack.map((f) =>
            f.message.replace(f.path, `patching.${f.path.slice(f.path.lastIndexOf(".") + 1)}`),
        );
        assert.ok(pack.every((f) => f.path.startsWith(settings)));
        assertRejectedBeforeDeploy(run, asComponent.join("\n"));
    });

    it("Linux: AutomaticByPlatform on an image not in the catalog (R14)", async () => {
        const run = await runProgram(
            () =>
                new PatchedLinuxVirtualMachine(
                    "api",
                    linuxArgs({ imageReference: IMAGES.linuxUnlisted, patching: { patchMode: "AutomaticByPlatform" } }),
                ).urn,
        );
        assertRejectedBeforeDeploy(run, /^\[R14\] patching\.patchMode = "AutomaticByPlatform"/);
    });

    it("component arguments: no network, both networks, no Linux credential, no Windows password", async () => {
        const cases: [string, () => unknown, RegExp][] = [
            [
                "no network",
                () => new PatchedWindowsVirtualMachine("web", windowsArgs({ subnetId: undefined })),
                /exactly one way/,
            ],
            [
                "both networks",
                () => new PatchedWindowsVirtualMachine("web", windowsArgs({ networkInterfaceIds: ["/nic/a"] })),
                /not both/,
            ],
            [
                "no Linux credential",
                () => new PatchedLinuxVirtualMachine("api", linuxArgs({ sshPublicKeys: undefined })),
                /sshPublicKeys = \(not set\).*Fix: set sshPublicKeys/,
            ],
            [
                "no Windows password",
                () =>
                    new PatchedWindowsVirtualMachine(
                        "web",
                        windowsArgs({ adminPassword: undefined as unknown as string }),
                    ),
                /adminPassword = \(not set\)/,
            ],
        ];
        for (const [name, program, message] of cases) {
            const run = await runProgram(program);
            assert.ok(run.error, name);
            assertRejectedBeforeDeploy(run, message);
        }
    });
});

describe("secret patch settings and a malformed catalog", function () {
    this.timeout(30_000);
    const SECRET_MODE = "Manul-s3cr3t";

    it("a secret setting never appears in the error, a warning or a suggestion: [secret] instead", async () => {
        const cases: [string, () => PatchingArgs][] = [
            ["a mistyped secret mode (R1)", () => ({ patchMode: pulumi.secret(SECRET_MODE) as never })],
            ["a whole secret patching argument", () => pulumi.secret({ patchMode: SECRET_MODE }) as never],
        ];
        for (const [name, patching] of cases) {
            const run = await runProgram(
                () => new PatchedWindowsVirtualMachine("web", windowsArgs({ patching: patching() })).vmId,
            );
            assert.ok(run.error, name);
            const message = (run.error as Error).message;
            assert.match(message, /= \[secret\]/, `${name}: ${message}`);
            const everything = JSON.stringify({ message, logs: run.logs });
            assert.ok(!everything.includes(SECRET_MODE), `${name}: ${everything}`);
            assert.ok(!everything.includes("did you mean"), `${name}: a suggestion would spell the secret`);
        }
    });

    it("an adopted VM's secret existing setting never appears in the error: [secret] instead", async () => {
        const cases: [string, () => unknown][] = [
            [
                "a mistyped secret mode (R1)",
                () => ({ patchMode: pulumi.secret(SECRET_MODE), enableAutomaticUpdates: false }),
            ],
            [
                "the whole argument secret",
                () => pulumi.secret({ patchMode: SECRET_MODE, enableAutomaticUpdates: false }),
            ],
        ];
        for (const [name, existing] of cases) {
            const run = await runProgram(
                () =>
                    new PatchedWindowsVirtualMachine(
                        "web",
                        windowsArgs({ existingPatchSettings: existing() as never, vmName: "web" }),
                    ).vmId,
            );
            assert.ok(run.error, name);
            const message = (run.error as Error).message;
            assert.match(message, /existingPatchSettings\.patchMode = \[secret\]/, `${name}: ${message}`);
            const everything = JSON.stringify({ message, logs: run.logs });
            assert.ok(!everything.includes(SECRET_MODE), `${name}: ${everything}`);
            assert.ok(!everything.includes("did you mean"), `${name}: a suggestion would spell the secret`);
        }
    });

    it("a secret setting's warning (W1 on AutomaticByOS) does not name it", async () => {
        const run = await runProgram(
            () =>
                new PatchedWindowsVirtualMachine(
                    "web",
                    windowsArgs({ patching: { patchMode: pulumi.secret("AutomaticByOS") as never } }),
                ).vmId,
        );
        assert.equal(run.error, undefined);
        const warnings = run.logs.filter((l) => /\[W1\]/.test(l.message));
        assert.ok(warnings.length > 0, "W1 is reported");
        for (const w of warnings) assert.ok(!w.message.includes("AutomaticByOS"), w.message);
    });

    it("an imageCatalog that is not a catalog is an argument error, not a TypeError", async () => {
        const cases: [string, unknown, RegExp][] = [
            ["an object", { publisher: "x" }, /^imageCatalog = an object: not an image catalog/],
            ["a string entry", ["2019-Datacenter"], /^imageCatalog\[0\] = "2019-Datacenter": not an image catalog/],
            [
                "an entry without sku",
                [{ publisher: "p", offer: "o", os: "Windows" }],
                /^imageCatalog\[0\]\.sku = \(not set\)/,
            ],
        ];
        for (const [name, imageCatalog, message] of cases) {
            const run = await runProgram(
                () =>
                    new PatchedWindowsVirtualMachine("web", windowsArgs({ imageCatalog: imageCatalog as never })).vmId,
            );
            assert.ok(run.error, name);
            assert.ok(!(run.error instanceof TypeError), `${name}: ${run.error}`);
            assertRejectedBeforeDeploy(run, message);
            assert.match((run.error as Error).message, /Fix: build it with extendCatalog/);
        }
    });
});

describe("the admin password", function () {
    this.timeout(30_000);

    for (const [kind, password] of [
        ["a plain string", () => PASSWORD],
        ["a non-secret Output", () => pulumi.output(PASSWORD)],
        ["a secret Output", () => pulumi.secret(PASSWORD)],
    ] as const) {
        it(`reaches the engine only as a secret when given as ${kind}`, async () => {
            const run = await runProgram(
                () => new PatchedWindowsVirtualMachine("web", windowsArgs({ adminPassword: password() })).urn,
            );
            assert.equal(run.error, undefined);
            const [vm] = run.ofType(VM_TYPE);
            assert.equal(at(vm.inputs, "osProfile.adminPassword"), PASSWORD);
            assert.ok(isSecretAt(vm.inputs, "osProfile.adminPassword"), "secret in the VM's inputs");
            // The guard receives it as a secret only, under adminPassword alone: its check keeps a salted
            // digest in its place (R17), so the password never reaches the guard's state.
            const [guard] = run.ofType(GUARD_TYPE);
            assert.ok(isSecretAt(guard.inputs, "adminPassword"), "secret in the guard's inputs");
            const { adminPassword: _password, ...guardRest } = guard.inputs;
            assert.ok(!JSON.stringify(guardRest).includes(PASSWORD), "the guard has it under adminPassword only");
            const others = run.resources.filter((r) => r.type !== VM_TYPE && r.type !== GUARD_TYPE);
            assert.ok(!JSON.stringify(others).includes(PASSWORD), "no other resource (the NIC) receives it");
            // Debug-level logs are the SDK's own RPC traces (they echo the mock engine's response); what
            // a user sees at the default verbosity (info, warnings, errors) must never mention it.
            const leaking = run.logs.filter((l) => l.severity !== "debug" && JSON.stringify(l).includes(PASSWORD));
            assert.deepEqual(leaking, [], "no log mentions it");
        });
    }
});

describe("preview with unknown values", function () {
    this.timeout(30_000);

    it("unknown patch settings: the preview succeeds, the VM's patch fields stay unknown, nothing is guessed", async () => {
        const run = await runProgram(
            () => {
                const vm = new PatchedWindowsVirtualMachine(
                    "web",
                    windowsArgs({ patching: { patchMode: unknownOutput<"Manual">() } }),
                );
                return { patchMode: vm.patchMode, urn: vm.urn };
            },
            { preview: true },
        );
        assert.equal(run.error, undefined, String(run.error));
        const [vm] = run.ofType(VM_TYPE);
        const wc = "osProfile.windowsConfiguration";
        for (const path of [`${wc}.patchSettings`, `${wc}.enableAutomaticUpdates`, `${wc}.provisionVMAgent`]) {
            assert.ok(pulumi.isUnknown(at(vm.inputs, path)), `${path} is unknown during the preview`);
        }
        assert.equal(at(vm.inputs, "hardwareProfile.vmSize"), "Standard_D2s_v5", "known values still reach the VM");
        const [guard] = run.ofType(GUARD_TYPE);
        assert.ok(pulumi.isUnknown(guard.inputs.settings), "the guard decides nothing before the settings are known");
        assert.equal(run.result?.patchMode, undefined);
        assert.deepEqual(
            run.logs.filter((l) => l.severity === "warning" || l.severity === "error"),
            [],
            "no recommendation or error is guessed from unknown values",
        );
        assert.ok(run.ofType(WINDOWS_VM_TYPE).length === 1);
    });

    it("an unknown image: the preview succeeds and the patch fields stay unknown", async () => {
        const preview = await runProgram(
            () => new PatchedLinuxVirtualMachine("api", linuxArgs({ imageReference: unknownOutput() })).urn,
            { preview: true },
        );
        assert.equal(preview.error, undefined, String(preview.error));
        assert.ok(
            pulumi.isUnknown(at(preview.ofType(VM_TYPE)[0].inputs, "osProfile.linuxConfiguration.patchSettings")),
        );
    });
});
