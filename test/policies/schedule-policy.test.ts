/**
 * The stack policy azure-vm-patch-schedules (R18, W5) and R19 in the settings policy, through the real
 * analyzer (run-policy-pack + Analyzer gRPC, AnalyzeStack as the engine sends it after the program has
 * registered its resources): static and dynamic-scope assignments, ids unknown during preview (joined by
 * the engine's property dependencies, or undecided), azure-native and classic shapes.
 */
import assert from "node:assert/strict";
import { type AnalyzerClient, type AnalyzerResource, ENGINE_UNKNOWN } from "../../check/engine/analyzer-client";
import { resolveArgs } from "../../policies/args";
import { decodeDiagnosticData } from "../../policies/diagnostic-data";
import { SETTINGS_POLICY } from "../../policies/policies";
import { SCHEDULE_POLICY } from "../../policies/schedule-policy";
import { startPatchPack } from "./support/pack";
import {
    CLASSIC_DYNAMIC,
    CLASSIC_MC,
    guestSchedule,
    NATIVE_ASSIGNMENT,
    NATIVE_MC,
    NATIVE_SUBSCRIPTION_SCOPE,
    NATIVE_VM,
    nativeVm,
    reportsOn,
    type Seen,
    stack,
    urn,
} from "./support/schedule-stack";
import { IMAGES } from "./support/targets";

const NATIVE_VMSS = "azure-native:compute:VirtualMachineScaleSet";
const NATIVE_RG_SCOPE = "azure-native:maintenance:ConfigurationAssignmentsForResourceGroup";
const CLASSIC_VM = "azure:compute/linuxVirtualMachine:LinuxVirtualMachine";
const CLASSIC_ASSIGNMENT = "azure:maintenance/assignmentVirtualMachine:AssignmentVirtualMachine";
const RG = "azure-native:resources:ResourceGroup";

const MC = guestSchedule("weekly", { id: ENGINE_UNKNOWN });

/** An assignment of MC to a VM created in the same program: its name is unknown during preview. */
function nativeAssignment(name: string, vm: string, mc = MC): AnalyzerResource {
    return {
        type: NATIVE_ASSIGNMENT,
        name,
        urn: urn(NATIVE_ASSIGNMENT, name),
        properties: {
            providerName: "Microsoft.Compute",
            resourceType: "virtualMachines",
            resourceGroupName: "rg",
            resourceName: ENGINE_UNKNOWN,
            maintenanceConfigurationId: ENGINE_UNKNOWN,
        },
        propertyDependencies: { resourceName: [urn(NATIVE_VM, vm)], maintenanceConfigurationId: [mc.urn ?? ""] },
    };
}

function rulesAt(seen: readonly Seen[], name: string, type = NATIVE_VM): string[] {
    return reportsOn(seen, urn(type, name));
}

describe("policy pack through the analyzer: scheduled patching (R18, R19, W5)", function () {
    this.timeout(120_000);
    let pack: AnalyzerClient;
    before(async () => {
        pack = await startPatchPack();
    });
    after(async () => {
        await pack?.close();
    });
    afterEach(async () => {
        await pack.configure({});
    });

    it("lists the stack policy, mandatory, with both rules", async () => {
        const info = await pack.getInfo();
        const policy = info.policies.find((p) => p.name === SCHEDULE_POLICY);
        assert.ok(policy);
        assert.equal(policy.type, "stack");
        assert.equal(policy.enforcementLevel, "mandatory");
        assert.match(policy.description, /R18: .*W5: /);
    });

    it("static azure-native assignments: joined through the engine's property dependencies while ids are unknown", async () => {
        const seen = await stack(pack, [
            MC,
            nativeVm("scheduled", { bypass: true }),
            nativeAssignment("scheduled-weekly", "scheduled"),
            nativeVm("unpatched", { bypass: true }),
            nativeVm("safety-checks-on", { bypass: false }),
            nativeAssignment("safety-weekly", "safety-checks-on"),
            nativeVm("by-os", { mode: "AutomaticByOS" }),
            nativeAssignment("by-os-weekly", "by-os"),
        ]);
        assert.deepEqual(rulesAt(seen, "scheduled"), []);
        assert.deepEqual(rulesAt(seen, "unpatched"), ["W5:violation:advisory"]);
        assert.deepEqual(rulesAt(seen, "safety-checks-on"), ["R18:violation:mandatory"]);
        assert.deepEqual(rulesAt(seen, "by-os"), ["R18:violation:mandatory"]);
        const r18 = seen.find((s) => s.urn === urn(NATIVE_VM, "safety-checks-on"));
        assert.match(r18?.message ?? "", /azure-native maintenance ConfigurationAssignment "safety-weekly"/);
        assert.match(r18?.message ?? "", /bypassPlatformSafetyChecksOnUserSchedule/);
    });

    it("static assignments by known name and resource group; a configuration of another scope is no schedule", async () => {
        const host: AnalyzerResource = {
            type: NATIVE_MC,
            name: "host",
            urn: urn(NATIVE_MC, "host"),
            properties: {
                resourceGroupName: "rg",
                maintenanceScope: "Host",
                id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Maintenance/maintenanceConfigurations/host",
            },
        };
        const byName = (name: string, vm: string, mcId: string): AnalyzerResource => ({
            type: NATIVE_ASSIGNMENT,
            name,
            urn: urn(NATIVE_ASSIGNMENT, name),
            properties: {
                providerName: "Microsoft.Compute",
                resourceType: "VirtualMachines",
                resourceGroupName: "RG",
                resourceName: vm,
                maintenanceConfigurationId: mcId,
            },
        });
        const seen = await stack(pack, [
            host,
            nativeVm("a", { bypass: false }),
            byName(
                "a-host",
                "a",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Maintenance/maintenanceConfigurations/HOST",
            ),
            nativeVm("b", { bypass: true }),
            byName(
                "b-external",
                "b",
                "/subscriptions/s/resourceGroups/ops/providers/Microsoft.Maintenance/maintenanceConfigurations/weekly",
            ),
            nativeVm("c", { bypass: false }),
            byName(
                "c-external",
                "c",
                "/subscriptions/s/resourceGroups/ops/providers/Microsoft.Maintenance/maintenanceConfigurations/weekly",
            ),
        ]);
        assert.deepEqual(rulesAt(seen, "a"), [], "a Host-scope assignment neither needs nor is a guest schedule");
        assert.deepEqual(rulesAt(seen, "b"), [], "a configuration outside the program counts as a schedule for W5");
        assert.deepEqual(rulesAt(seen, "c"), ["R18:undetermined:advisory"], "R18 waits for a scope it cannot read");
    });

    it("dynamic scopes (subscription, resource group) count: filters on tags, OS, location and resource group", async () => {
        const subscriptionScope: AnalyzerResource = {
            type: NATIVE_SUBSCRIPTION_SCOPE,
            name: "tagged",
            urn: urn(NATIVE_SUBSCRIPTION_SCOPE, "tagged"),
            properties: {
                maintenanceConfigurationId: ENGINE_UNKNOWN,
                filter: {
                    resourceTypes: ["Microsoft.Compute/virtualMachines"],
                    osTypes: ["Windows"],
                    locations: ["West Europe"],
                    tagSettings: { tags: { patch: ["weekly"] }, filterOperator: "Any" },
                },
            },
            propertyDependencies: { maintenanceConfigurationId: [MC.urn ?? ""] },
        };
        const rgScope: AnalyzerResource = {
            type: NATIVE_RG_SCOPE,
            name: "batch-rg",
            urn: urn(NATIVE_RG_SCOPE, "batch-rg"),
            properties: {
                resourceGroupName: ENGINE_UNKNOWN,
                maintenanceConfigurationId: ENGINE_UNKNOWN,
                filter: { osTypes: ["Windows"] },
            },
            propertyDependencies: { resourceGroupName: [urn(RG, "batch")], maintenanceConfigurationId: [MC.urn ?? ""] },
        };
        const inBatch = nativeVm("in-batch", { bypass: true }, { resourceGroupName: ENGINE_UNKNOWN });
        const batch: AnalyzerResource = {
            type: RG,
            name: "batch",
            urn: urn(RG, "batch"),
            properties: { location: "westeurope" },
        };
        const seen = await stack(pack, [
            MC,
            batch,
            subscriptionScope,
            rgScope,
            nativeVm("tagged", { bypass: true }, { tags: { patch: "weekly" } }),
            nativeVm("other-tag", { bypass: true }, { tags: { patch: "monthly" } }),
            nativeVm("elsewhere", { bypass: true }, { tags: { patch: "weekly" }, location: "eastus" }),
            { ...inBatch, propertyDependencies: { resourceGroupName: [urn(RG, "batch")] } },
            nativeVm("tags-unknown", { bypass: true }, { tags: ENGINE_UNKNOWN }),
        ]);
        assert.deepEqual(rulesAt(seen, "tagged"), []);
        assert.deepEqual(rulesAt(seen, "other-tag"), ["W5:violation:advisory"]);
        assert.deepEqual(rulesAt(seen, "elsewhere"), ["W5:violation:advisory"]);
        assert.deepEqual(rulesAt(seen, "in-batch"), [], "same resource group resource, both names unknown");
        // The engine names only resources of the stack: a dependency on anything else leaves the name unknown.
        const withoutGroup = await stack(pack, [
            MC,
            rgScope,
            { ...inBatch, propertyDependencies: { resourceGroupName: [urn(RG, "batch")] } },
        ]);
        assert.deepEqual(rulesAt(withoutGroup, "in-batch"), ["W5:undetermined:advisory"]);
        assert.deepEqual(rulesAt(seen, "tags-unknown"), ["W5:undetermined:advisory"]);
    });

    it("an assignment whose target is unknown and unreferenced leaves W5 undecided (advisory, as the pack's unknowns)", async () => {
        const blind: AnalyzerResource = {
            type: NATIVE_ASSIGNMENT,
            name: "blind",
            urn: urn(NATIVE_ASSIGNMENT, "blind"),
            properties: {
                providerName: "Microsoft.Compute",
                resourceType: "virtualMachines",
                resourceGroupName: "rg",
                resourceName: ENGINE_UNKNOWN,
                maintenanceConfigurationId: "/x",
            },
        };
        const seen = await stack(pack, [nativeVm("maybe", { bypass: true }), blind]);
        assert.deepEqual(rulesAt(seen, "maybe"), ["W5:undetermined:advisory"]);
        const message = seen[0].message;
        assert.match(message, /cannot be checked until \(maintenance configuration assignment\) is known/);
    });

    it("classic shapes: AssignmentVirtualMachine by reference, AssignmentDynamicScope by tags", async () => {
        const classicVm = (name: string, bypass: boolean, tags: Record<string, string> = {}): AnalyzerResource => ({
            type: CLASSIC_VM,
            name,
            urn: urn(CLASSIC_VM, name),
            properties: {
                resourceGroupName: "rg",
                location: "westeurope",
                name,
                patchMode: "AutomaticByPlatform",
                provisionVmAgent: true,
                bypassPlatformSafetyChecksOnUserScheduleEnabled: bypass,
                sourceImageReference: { ...IMAGES.linux, version: "latest" },
                tags,
                id: ENGINE_UNKNOWN,
            },
        });
        const mc: AnalyzerResource = {
            type: CLASSIC_MC,
            name: "nightly",
            urn: urn(CLASSIC_MC, "nightly"),
            properties: {
                resourceGroupName: "rg",
                scope: "InGuestPatch",
                inGuestUserPatchMode: "User",
                window: { startDateTime: "2031-01-04 01:00", duration: "02:00", timeZone: "UTC", recurEvery: "Day" },
                installPatches: {
                    reboot: "IfRequired",
                    linuxes: [{ classificationsToIncludes: ["Critical", "Security"] }],
                },
                id: ENGINE_UNKNOWN,
            },
        };
        const seen = await stack(pack, [
            mc,
            classicVm("linux-a", true),
            {
                type: CLASSIC_ASSIGNMENT,
                name: "linux-a-nightly",
                urn: urn(CLASSIC_ASSIGNMENT, "linux-a-nightly"),
                properties: {
                    location: "westeurope",
                    virtualMachineId: ENGINE_UNKNOWN,
                    maintenanceConfigurationId: ENGINE_UNKNOWN,
                },
                propertyDependencies: {
                    virtualMachineId: [urn(CLASSIC_VM, "linux-a")],
                    maintenanceConfigurationId: [mc.urn ?? ""],
                },
            },
            classicVm("linux-b", true, { tier: "batch" }),
            {
                type: CLASSIC_DYNAMIC,
                name: "batch",
                urn: urn(CLASSIC_DYNAMIC, "batch"),
                properties: {
                    maintenanceConfigurationId: ENGINE_UNKNOWN,
                    filter: { osTypes: ["Linux"], tags: [{ tag: "tier", values: ["batch"] }], tagFilter: "Any" },
                },
                propertyDependencies: { maintenanceConfigurationId: [mc.urn ?? ""] },
            },
            classicVm("linux-c", true),
            classicVm("linux-d", false, { tier: "batch" }),
        ]);
        assert.deepEqual(rulesAt(seen, "linux-a", CLASSIC_VM), []);
        assert.deepEqual(rulesAt(seen, "linux-b", CLASSIC_VM), []);
        assert.deepEqual(rulesAt(seen, "linux-c", CLASSIC_VM), ["W5:violation:advisory"]);
        assert.deepEqual(rulesAt(seen, "linux-d", CLASSIC_VM), ["R18:violation:mandatory"]);
        assert.match(
            seen.find((s) => s.rule === "R18")?.message ?? "",
            /bypassPlatformSafetyChecksOnUserScheduleEnabled/,
        );
    });

    it("a scale set with a guest schedule assigned is R18 (scale sets are not supported by guest schedules)", async () => {
        const vmss: AnalyzerResource = {
            type: NATIVE_VMSS,
            name: "web",
            urn: urn(NATIVE_VMSS, "web"),
            properties: {
                resourceGroupName: "rg",
                vmScaleSetName: "web",
                orchestrationMode: "Flexible",
                virtualMachineProfile: {
                    osProfile: { windowsConfiguration: { patchSettings: { patchMode: "AutomaticByPlatform" } } },
                    storageProfile: { imageReference: IMAGES.windows },
                },
            },
        };
        const assignment: AnalyzerResource = {
            type: NATIVE_ASSIGNMENT,
            name: "web-weekly",
            urn: urn(NATIVE_ASSIGNMENT, "web-weekly"),
            properties: {
                providerName: "Microsoft.Compute",
                resourceType: "virtualMachineScaleSets",
                resourceGroupName: "rg",
                resourceName: "web",
                maintenanceConfigurationId: ENGINE_UNKNOWN,
            },
            propertyDependencies: { maintenanceConfigurationId: [MC.urn ?? ""] },
        };
        const seen = await stack(pack, [MC, vmss, assignment]);
        assert.deepEqual(rulesAt(seen, "web", NATIVE_VMSS), ["R18:violation:mandatory"]);
    });

    it("W5's level is configurable (ruleLevels), and the policy can be turned off", async () => {
        const resources = [nativeVm("unpatched", { bypass: true })];
        await pack.configure({ [SCHEDULE_POLICY]: { ruleLevels: { W5: "mandatory" } } });
        assert.deepEqual(rulesAt(await stack(pack, resources), "unpatched"), ["W5:violation:mandatory"]);
        await pack.configure({ [SCHEDULE_POLICY]: "disabled" });
        assert.deepEqual(await stack(pack, resources), []);
    });

    it("R19 on a maintenance configuration, in the settings policy (resource analysis)", async () => {
        const result = await pack.analyze({
            ...MC,
            properties: { ...MC.properties, duration: "05:00", timeZone: "Europe/Paris" },
        });
        const r19 = result.diagnostics.filter((d) => d.policyName === SETTINGS_POLICY);
        assert.deepEqual(
            r19.map((d) => decodeDiagnosticData(d.description)?.path?.join(".")),
            ["duration", "timeZone"],
        );
        assert.ok(r19.every((d) => d.enforcementLevel === "mandatory"));
        assert.match(r19[1].message, /did you mean "Romance Standard Time"/);
        const valid = await pack.analyze(MC);
        assert.deepEqual(valid.diagnostics, []);
    });
});

describe("policies as a library: the schedule policy's arguments", () => {
    it("keeps each rule's own level by default; a level for the policy becomes every unnamed rule's", () => {
        assert.equal(resolveArgs({}).schedules.config?.ruleLevels, undefined);
        assert.deepEqual(resolveArgs({ schedules: "advisory" }).schedules.config?.ruleLevels, {
            R18: "advisory",
            W5: "advisory",
            W10: "advisory",
        });
        assert.deepEqual(resolveArgs({ all: "mandatory", rules: { W5: "advisory" } }).schedules.config?.ruleLevels, {
            W5: "advisory",
            R18: "mandatory",
            W10: "mandatory",
        });
        assert.throws(() => resolveArgs({ rules: { W42: "advisory" } as never }), /not a rule of the policies/);
    });
});
