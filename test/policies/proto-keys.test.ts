/**
 * An own `__proto__` key in a resource's properties (JSON.parse and Object.defineProperty make one; an
 * object literal does not). Pulumi's serializer copies keys with `result[key] = value`, which turns the
 * `__proto__` value into the copy's prototype, and protobuf's Struct.fromJavaScript walks the copy
 * with `for...in`: the engine, the pack and Azure get the `__proto__` object's keys as the holder's own.
 *
 * For every placement a program can produce (the resource's top, osProfile, windowsConfiguration,
 * patchSettings, linuxConfiguration; azure-native VM and scale set, classic VM and orchestrated scale
 * set), each case hides a setting that breaks a rule inside `__proto__`, and three readers must agree
 * on the same rule ids at the same levels:
 * - the rule core on the program's own object (what the components and library callers hand it);
 * - the rule core on what reached the (mock) engine after the real SDK serialized the registration;
 * - the real pack (spawned, Analyzer gRPC) on that same engine view.
 * A case also checks the hidden setting was seen at all (its rule is reported), so a reader that
 * ignores `__proto__` fails here rather than agreeing on nothing.
 */
import assert from "node:assert/strict";
import * as azureNative from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import type { AnalyzerDiagnostic } from "../../check/engine/analyzer-client";
import { PatchedWindowsVirtualMachine } from "../../components";
import { RECOMMENDATION_RULES, SETTINGS_RULES } from "../../policies/policies";
import { evaluateProfile, type Finding, readResource } from "../../rules";
import { IMAGES as COMPONENT_IMAGES, VM_TYPE, windowsArgs } from "../components/vm/support/fixtures";
import { at, runProgram } from "../support/mock-program";
import { packPerSuite } from "./support/pack";

type How = "JSON.parse" | "Object.defineProperty";

/** `own` with an own `__proto__` key holding `hidden`, made the way `how` says. */
function withProtoKey(own: Record<string, unknown>, hidden: Record<string, unknown>, how: How) {
    if (how === "JSON.parse") {
        const rest = JSON.stringify(own).slice(1);
        return JSON.parse(`{"__proto__":${JSON.stringify(hidden)}${rest === "}" ? "" : ","}${rest}`);
    }
    const copy: Record<string, unknown> = { ...own };
    Object.defineProperty(copy, "__proto__", { value: hidden, enumerable: true, writable: true, configurable: true });
    return copy;
}

const WINDOWS_IMAGE = {
    publisher: "MicrosoftWindowsServer",
    offer: "WindowsServer",
    sku: "2019-Datacenter",
    version: "latest",
};
const LINUX_IMAGE = {
    publisher: "Canonical",
    offer: "0001-com-ubuntu-server-jammy",
    sku: "22_04-lts-gen2",
    version: "latest",
};
const MANUAL = { patchSettings: { patchMode: "Manual" } };

interface Placement {
    readonly label: string;
    readonly type: string;
    /** The program's properties, with `__proto__` made by `how`. */
    props(how: How): Record<string, unknown>;
    /** The rule only the hidden setting breaks (undefined: the own value shadows it, nothing to report). */
    readonly hiddenRule: string | undefined;
}

const nativeVm = (osProfile: Record<string, unknown>, image = WINDOWS_IMAGE) => ({
    location: "westeurope",
    hardwareProfile: { vmSize: "Standard_D2s_v5" },
    osProfile: { computerName: "vm", adminUsername: "azureuser", ...osProfile },
    storageProfile: { imageReference: image, osDisk: { createOption: "FromImage" } },
});

const PLACEMENTS: readonly Placement[] = [
    {
        label: "azure-native VM, the resource's top",
        type: "azure-native:compute:VirtualMachine",
        props: (how) => {
            const { osProfile: _, ...rest } = nativeVm({});
            return withProtoKey(
                rest,
                {
                    osProfile: nativeVm({ windowsConfiguration: { enableAutomaticUpdates: true, ...MANUAL } })
                        .osProfile,
                },
                how,
            );
        },
        hiddenRule: "R3",
    },
    {
        label: "azure-native VM, osProfile",
        type: "azure-native:compute:VirtualMachine",
        props: (how) => {
            const vm = nativeVm({});
            const hidden = { windowsConfiguration: { enableAutomaticUpdates: true, ...MANUAL } };
            return { ...vm, osProfile: withProtoKey(vm.osProfile, hidden, how) };
        },
        hiddenRule: "R3",
    },
    {
        label: "azure-native VM, windowsConfiguration",
        type: "azure-native:compute:VirtualMachine",
        props: (how) => nativeVm({ windowsConfiguration: withProtoKey({ enableAutomaticUpdates: true }, MANUAL, how) }),
        hiddenRule: "R3",
    },
    {
        label: "azure-native VM, patchSettings",
        type: "azure-native:compute:VirtualMachine",
        props: (how) =>
            nativeVm({
                windowsConfiguration: {
                    enableAutomaticUpdates: true,
                    patchSettings: withProtoKey({ assessmentMode: "ImageDefault" }, { patchMode: "Manual" }, how),
                },
            }),
        hiddenRule: "R3",
    },
    {
        label: "azure-native VM, patchSettings: an own value hides the one in __proto__",
        type: "azure-native:compute:VirtualMachine",
        props: (how) =>
            nativeVm({
                windowsConfiguration: {
                    enableAutomaticUpdates: true,
                    patchSettings: withProtoKey({ patchMode: "AutomaticByOS" }, { patchMode: "Manual" }, how),
                },
            }),
        hiddenRule: undefined,
    },
    {
        label: "azure-native VM, linuxConfiguration",
        type: "azure-native:compute:VirtualMachine",
        props: (how) =>
            nativeVm(
                {
                    linuxConfiguration: withProtoKey(
                        { provisionVMAgent: false },
                        { patchSettings: { patchMode: "AutomaticByPlatform" } },
                        how,
                    ),
                },
                LINUX_IMAGE,
            ),
        hiddenRule: "R4",
    },
    {
        label: "azure-native scale set (versioned token), virtualMachineProfile.osProfile.windowsConfiguration",
        type: "azure-native:compute/v20230301:VirtualMachineScaleSet",
        props: (how) => ({
            location: "westeurope",
            orchestrationMode: "Flexible",
            sku: { name: "Standard_D2s_v5", capacity: 2 },
            virtualMachineProfile: {
                osProfile: {
                    computerNamePrefix: "vmss",
                    adminUsername: "azureuser",
                    windowsConfiguration: withProtoKey({ enableAutomaticUpdates: true }, MANUAL, how),
                },
                storageProfile: { imageReference: WINDOWS_IMAGE, osDisk: { createOption: "FromImage" } },
            },
        }),
        hiddenRule: "R3",
    },
    {
        label: "@pulumi/azure WindowsVirtualMachine, the resource's top",
        type: "azure:compute/windowsVirtualMachine:WindowsVirtualMachine",
        props: (how) =>
            withProtoKey(
                {
                    location: "westeurope",
                    resourceGroupName: "rg",
                    size: "Standard_D2s_v5",
                    adminUsername: "azureuser",
                    automaticUpdatesEnabled: true,
                    sourceImageReference: WINDOWS_IMAGE,
                },
                { patchMode: "Manual" },
                how,
            ),
        hiddenRule: "R3",
    },
    {
        label: "@pulumi/azure OrchestratedVirtualMachineScaleSet, osProfile.windowsConfiguration",
        type: "azure:compute/orchestratedVirtualMachineScaleSet:OrchestratedVirtualMachineScaleSet",
        props: (how) => ({
            location: "westeurope",
            resourceGroupName: "rg",
            platformFaultDomainCount: 1,
            sourceImageReference: WINDOWS_IMAGE,
            osProfile: {
                windowsConfiguration: withProtoKey(
                    { computerNamePrefix: "vmss", adminUsername: "azureuser", automaticUpdatesEnabled: true },
                    { patchMode: "Manual" },
                    how,
                ),
            },
        }),
        hiddenRule: "R3",
    },
];

/** The pack's level for a rule when the configuration says nothing. */
function packLevel(ruleId: string): string {
    const setting = SETTINGS_RULES.find((r) => r.id === ruleId);
    if (setting) return setting.defaultLevel === "advisory" ? "advisory" : "mandatory";
    assert.ok(
        RECOMMENDATION_RULES.some((r) => r.id === ruleId),
        `rule ${ruleId} is in no policy`,
    );
    return "advisory";
}

/** The rule core's verdict on properties: each rule id with the level the pack gives it. */
function coreVerdict(type: string, props: unknown): string[] {
    const profile = readResource(type, props);
    assert.ok(profile, `the rule core reads ${type}`);
    const findings: readonly Finding[] = evaluateProfile(profile).findings;
    return [...new Set(findings.map((f) => `${f.ruleId}:${packLevel(f.ruleId)}`))].sort();
}

function packVerdict(diagnostics: readonly AnalyzerDiagnostic[]): string[] {
    const ids = diagnostics.map((d) => {
        const id = /\[([RW]\d+)\]/.exec(d.message)?.[1];
        assert.ok(id, `a diagnostic names its rule: ${d.message}`);
        return `${id}:${d.enforcementLevel}`;
    });
    return [...new Set(ids)].sort();
}

/** What reached the engine when a program registered these properties (the real SDK serializer). */
async function engineView(
    type: string,
    props: Record<string, unknown>,
    register = (p: Record<string, unknown>): unknown =>
        // A resource registered with its properties as given (no class copying inputs by name).
        new (pulumi.CustomResource as unknown as new (t: string, n: string, p: pulumi.Inputs) => pulumi.CustomResource)(
            type,
            "vm",
            p,
        ),
) {
    const run = await runProgram(() => {
        register(props);
    });
    assert.equal(run.error, undefined, String(run.error));
    const [resource] = run.ofType(type);
    assert.ok(resource, `${type} was registered`);
    return resource.inputs;
}

describe("a __proto__ key in a resource: rule core, pack and component agree (#11)", function () {
    this.timeout(120_000);
    const pack = packPerSuite();

    for (const placement of PLACEMENTS) {
        for (const how of ["JSON.parse", "Object.defineProperty"] as const) {
            it(`${placement.label} (${how})`, async () => {
                const props = placement.props(how);
                const program = coreVerdict(placement.type, props);
                const engine = await engineView(placement.type, props);
                assert.ok(
                    !JSON.stringify(engine).includes("__proto__"),
                    "the engine gets the keys, not a __proto__ key",
                );
                const onEngine = coreVerdict(placement.type, engine);
                const analyzed = packVerdict(
                    (await pack.analyze({ type: placement.type, name: "vm", properties: engine })).diagnostics,
                );
                assert.deepEqual(onEngine, program, "the rule core reads the program's object as the engine gets it");
                assert.deepEqual(analyzed, program, "the pack reports what the rule core reports");
                const hidden = program.filter((v) => v.startsWith(`${placement.hiddenRule}:`));
                if (placement.hiddenRule)
                    assert.equal(hidden.length, 1, `the hidden setting breaks ${placement.hiddenRule}: ${program}`);
                else assert.ok(!program.some((v) => v.startsWith("R3:")), `the own value wins: ${program}`);
            });
        }
    }

    it("azure-native's VirtualMachine class copies its inputs by name: a top-level __proto__ never reaches the engine", async () => {
        const props = PLACEMENTS[0].props("JSON.parse");
        const engine = await engineView(
            "azure-native:compute:VirtualMachine",
            { ...props, resourceGroupName: "rg" },
            (p) => new azureNative.compute.VirtualMachine("vm", p as unknown as azureNative.compute.VirtualMachineArgs),
        );
        assert.equal(engine.osProfile, undefined, "the class read only its own named inputs");
        const analyzed = packVerdict(
            (await pack.analyze({ type: "azure-native:compute:VirtualMachine", name: "vm", properties: engine }))
                .diagnostics,
        );
        assert.deepEqual(analyzed, coreVerdict("azure-native:compute:VirtualMachine", engine));
        assert.ok(!analyzed.some((v) => v.startsWith("R3:")));
    });

    describe("the component's imageReference", () => {
        const HOTPATCH_SKU = COMPONENT_IMAGES.hotpatch.sku;
        const image = (how: How) =>
            withProtoKey(
                {
                    publisher: COMPONENT_IMAGES.hotpatch.publisher,
                    offer: COMPONENT_IMAGES.hotpatch.offer,
                    version: "latest",
                },
                { sku: HOTPATCH_SKU },
                how,
            );

        for (const how of ["JSON.parse", "Object.defineProperty"] as const) {
            it(`a SKU inside __proto__ is the VM's image for the component and the pack (${how})`, async () => {
                // The hotpatch image needs AutomaticByPlatform (R9): the component must see the SKU to refuse.
                const refused = await runProgram(
                    () =>
                        new PatchedWindowsVirtualMachine(
                            "web",
                            windowsArgs({ imageReference: image(how), patching: { patchMode: "AutomaticByOS" } }),
                        ),
                );
                assert.match(String(refused.error), /\[R9\]/);

                const accepted = await runProgram(
                    () => new PatchedWindowsVirtualMachine("web", windowsArgs({ imageReference: image(how) })),
                );
                assert.equal(accepted.error, undefined, String(accepted.error));
                const [vm] = accepted.ofType(VM_TYPE);
                assert.equal(
                    at(vm.inputs, "storageProfile.imageReference.sku"),
                    HOTPATCH_SKU,
                    "the engine got the SKU",
                );
                assert.equal(
                    at(vm.inputs, "osProfile.windowsConfiguration.patchSettings.enableHotpatching"),
                    true,
                    "the component applied the hotpatch image's default",
                );
                const analyzed = packVerdict(
                    (await pack.analyze({ type: VM_TYPE, name: "web", properties: vm.inputs })).diagnostics,
                );
                assert.deepEqual(
                    analyzed.filter((v) => v.endsWith(":mandatory")),
                    [],
                    "the pack finds nothing mandatory in what the component accepted",
                );
            });
        }
    });
});
