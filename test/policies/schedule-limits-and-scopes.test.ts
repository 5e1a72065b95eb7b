/**
 * Through the real analyzer (run-policy-pack + Analyzer gRPC): W9 on a maintenance configuration (the
 * recommendations policy: a start already past, reported where creation cannot be known), W10 (Update
 * Manager's recommended limits, in the stack policy) and the subscription a dynamic scope covers (W5
 * counts a scope only for VMs of its subscription, when both are known).
 */
import assert from "node:assert/strict";
import { type AnalyzerClient, type AnalyzerResource, ENGINE_UNKNOWN } from "../../check/engine/analyzer-client";
import { RECOMMENDATIONS_POLICY } from "../../policies/policies";
import { SCHEDULE_POLICY } from "../../policies/schedule-policy";
import { SCHEDULE_LIMITS } from "../../rules";
import { startPatchPack } from "./support/pack";
import {
    reportsOn as at,
    CLASSIC_DYNAMIC,
    CLASSIC_MC,
    guestSchedule,
    NATIVE_ASSIGNMENT,
    NATIVE_MC,
    NATIVE_SUBSCRIPTION_SCOPE,
    NATIVE_VM,
    nativeVm,
    stack,
    urn,
} from "./support/schedule-stack";

const SUB_A = "00000000-0000-0000-0000-00000000000a";
const SUB_B = "00000000-0000-0000-0000-00000000000b";

/** A valid weekly schedule starting at `start` in Central European time. */
const mc = (name: string, start: string) =>
    guestSchedule(name, { startDateTime: start, timeZone: "W. Europe Standard Time" });

const WEEKLY = mc("weekly", "2031-01-04 22:00");

function vm(name: string, extra: Record<string, unknown> = {}, more: Partial<AnalyzerResource> = {}): AnalyzerResource {
    return { ...nativeVm(name, { bypass: true }, extra), ...more };
}

function scope(name: string, filter: Record<string, unknown>, more: Partial<AnalyzerResource> = {}): AnalyzerResource {
    return {
        type: NATIVE_SUBSCRIPTION_SCOPE,
        name,
        urn: urn(NATIVE_SUBSCRIPTION_SCOPE, name),
        properties: { maintenanceConfigurationId: ENGINE_UNKNOWN, filter },
        propertyDependencies: { maintenanceConfigurationId: [WEEKLY.urn ?? ""] },
        ...more,
    };
}

function staticAssignment(name: string, vmName: string): AnalyzerResource {
    return {
        type: NATIVE_ASSIGNMENT,
        name,
        urn: urn(NATIVE_ASSIGNMENT, name),
        properties: {
            providerName: "Microsoft.Compute",
            resourceType: "virtualMachines",
            resourceGroupName: "rg",
            resourceName: vmName,
            maintenanceConfigurationId: ENGINE_UNKNOWN,
        },
        propertyDependencies: { maintenanceConfigurationId: [WEEKLY.urn ?? ""] },
    };
}

function provider(name: string, subscriptionId: unknown) {
    return {
        type: "pulumi:providers:azure-native",
        name,
        urn: urn("pulumi:providers:azure-native", name),
        properties: { subscriptionId },
    };
}

describe("policy pack through the analyzer: W9, W10 and a dynamic scope's subscription", function () {
    this.timeout(120_000);
    let pack: AnalyzerClient;
    before(async () => {
        pack = await startPatchPack();
    });
    after(async () => {
        await pack?.close();
    });

    it("W9: a start already past is advisory in the recommendations policy, saying an existing schedule is fine", async () => {
        const past = await pack.analyze(mc("copied", "2020-01-04 22:00"));
        const w9 = past.diagnostics.filter((d) => d.message.includes("[W9]"));
        assert.equal(w9.length, 1, past.diagnostics.map((d) => d.message).join("\n"));
        assert.equal(w9[0].policyName, RECOMMENDATIONS_POLICY);
        assert.equal(w9[0].enforcementLevel, "advisory");
        assert.match(w9[0].message, /startDateTime = "2020-01-04 22:00": the first window's start is already past/);
        assert.match(w9[0].message, /If this configuration already exists, this does not apply/);
        assert.match(
            w9[0].message,
            /Fix: set startDateTime to a later start, for example "\d{4}-\d\d-\d\d \d\d:00" in W\. Europe/,
        );
        // The classic shape, and a start years ahead: none.
        const classic = await pack.analyze({
            type: CLASSIC_MC,
            name: "classic-past",
            urn: urn(CLASSIC_MC, "classic-past"),
            properties: {
                resourceGroupName: "rg",
                scope: "InGuestPatch",
                inGuestUserPatchMode: "User",
                window: { startDateTime: "2021-03-01 01:00", duration: "02:00", timeZone: "UTC", recurEvery: "Day" },
                installPatches: { reboot: "IfRequired", linuxes: [{ classificationsToIncludes: ["Critical"] }] },
            },
        });
        assert.deepEqual(
            classic.diagnostics.filter((d) => d.message.includes("[W9]")).map((d) => d.policyName),
            [RECOMMENDATIONS_POLICY],
        );
        assert.deepEqual((await pack.analyze(WEEKLY)).diagnostics, []);
    });

    it("W10: tag and resource-group filters per dynamic scope, at most 50 each (advisory, on the scope)", async () => {
        const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`tag${i}`, ["yes"]]));
        const groups = (n: number) => Array.from({ length: n }, (_, i) => `rg-${i}`);
        const seen = await stack(pack, [
            WEEKLY,
            scope("tags-50", { tagSettings: { tags: tags(50), filterOperator: "Any" } }),
            scope("tags-51", { tagSettings: { tags: tags(51), filterOperator: "Any" } }),
            scope("groups-50", { resourceGroups: groups(50) }),
            scope("groups-51", { resourceGroups: groups(51) }),
            {
                type: CLASSIC_DYNAMIC,
                name: "classic-51",
                urn: urn(CLASSIC_DYNAMIC, "classic-51"),
                properties: {
                    maintenanceConfigurationId: ENGINE_UNKNOWN,
                    filter: { tags: Array.from({ length: 51 }, (_, i) => ({ tag: `t${i}`, values: ["x"] })) },
                },
                propertyDependencies: { maintenanceConfigurationId: [WEEKLY.urn ?? ""] },
            },
        ]);
        assert.deepEqual(at(seen, urn(NATIVE_SUBSCRIPTION_SCOPE, "tags-50")), []);
        assert.deepEqual(at(seen, urn(NATIVE_SUBSCRIPTION_SCOPE, "groups-50")), []);
        assert.deepEqual(at(seen, urn(NATIVE_SUBSCRIPTION_SCOPE, "tags-51")), ["W10:violation:advisory"]);
        assert.deepEqual(at(seen, urn(NATIVE_SUBSCRIPTION_SCOPE, "groups-51")), ["W10:violation:advisory"]);
        assert.deepEqual(at(seen, urn(CLASSIC_DYNAMIC, "classic-51")), ["W10:violation:advisory"]);
        const tagReport = seen.find((s) => s.urn === urn(NATIVE_SUBSCRIPTION_SCOPE, "tags-51"));
        assert.match(
            tagReport?.message ?? "",
            /filter\.tagSettings\.tags = 51: Update Manager recommends at most 50 tag filters/,
        );
        assert.match(tagReport?.message ?? "", /as of 2024-09-06/);
        assert.match(
            seen.find((s) => s.urn === urn(CLASSIC_DYNAMIC, "classic-51"))?.message ?? "",
            /filter\.tags = 51/,
        );
        assert.deepEqual(at(seen, WEEKLY.urn), [], "the schedule itself is within its limits");
    });

    it("W10: at most 3,000 static assignments and 200 dynamic scopes per schedule (on the configuration)", async () => {
        const { associationsPerSchedule, dynamicScopesPerSchedule } = SCHEDULE_LIMITS;
        const statics = (n: number) =>
            Array.from({ length: n }, (_, i) => staticAssignment(`vm-${i}-weekly`, `vm-${i}`));
        const within = await stack(pack, [WEEKLY, ...statics(associationsPerSchedule.limit)]);
        assert.deepEqual(at(within, WEEKLY.urn), []);
        const over = await stack(pack, [WEEKLY, ...statics(associationsPerSchedule.limit + 1)]);
        assert.deepEqual(at(over, WEEKLY.urn), ["W10:violation:advisory"]);
        assert.match(
            over.find((s) => s.urn === WEEKLY.urn)?.message ?? "",
            /maintenance configuration "weekly": \[W10\] \(static assignments to this schedule in the program\) = 3001: .*at most 3000 resource associations/,
        );
        const scopes = (n: number) => Array.from({ length: n }, (_, i) => scope(`scope-${i}`, { osTypes: ["Linux"] }));
        assert.deepEqual(at(await stack(pack, [WEEKLY, ...scopes(dynamicScopesPerSchedule.limit)]), WEEKLY.urn), []);
        const tooMany = await stack(pack, [WEEKLY, ...scopes(dynamicScopesPerSchedule.limit + 1)]);
        assert.deepEqual(at(tooMany, WEEKLY.urn), ["W10:violation:advisory"]);
        assert.match(
            tooMany.find((s) => s.urn === WEEKLY.urn)?.message ?? "",
            /100 in Azure China and Azure Government/,
        );
    });

    it("W10: a schedule outside the program is counted by its id, and reported on its first assignment", async () => {
        const external =
            "/subscriptions/s/resourceGroups/ops/providers/Microsoft.Maintenance/maintenanceConfigurations/ops";
        const assignments = Array.from({ length: 3001 }, (_, i) => ({
            ...staticAssignment(`ext-${i}`, `vm-${i}`),
            properties: {
                ...staticAssignment(`ext-${i}`, `vm-${i}`).properties,
                maintenanceConfigurationId: i % 2 ? external : external.toUpperCase(),
            },
            propertyDependencies: {},
        }));
        const seen = await stack(pack, assignments);
        assert.deepEqual(at(seen, urn(NATIVE_ASSIGNMENT, "ext-0")), ["W10:violation:advisory"]);
        assert.equal(seen.filter((s) => s.rule === "W10").length, 1);
    });

    it("W10: more than 200 subscriptions across one schedule's dynamic scopes (known from the scopes' ids)", async () => {
        const sub = (i: number) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`;
        const scopes = (n: number) =>
            Array.from({ length: n }, (_, i) =>
                scope(
                    `sub-${i}`,
                    { osTypes: ["Windows"] },
                    {
                        properties: {
                            maintenanceConfigurationId: ENGINE_UNKNOWN,
                            filter: { osTypes: ["Windows"] },
                            id: `/subscriptions/${sub(i)}/providers/Microsoft.Maintenance/configurationAssignments/sub-${i}`,
                        },
                    },
                ),
            );
        const seen = await stack(pack, [WEEKLY, ...scopes(201)]);
        const messages = seen.filter((s) => s.urn === WEEKLY.urn).map((s) => s.message);
        assert.equal(messages.length, 2, messages.join("\n"));
        assert.ok(messages.some((m) => /\(subscriptions of this schedule's dynamic scopes\) = 201/.test(m)));
        assert.ok(messages.some((m) => /\(dynamic scopes of this schedule in the program\) = 201/.test(m)));
    });

    it("W10: at most 1,000 machines selected by one dynamic scope (the program's VMs it selects)", async () => {
        const { associationsPerDynamicScope } = SCHEDULE_LIMITS;
        const vms = (n: number) => Array.from({ length: n }, (_, i) => vm(`web-${i}`, { tags: { patch: "weekly" } }));
        const tagged = scope("tagged", { tagSettings: { tags: { patch: ["weekly"] }, filterOperator: "Any" } });
        const within = await stack(pack, [WEEKLY, tagged, ...vms(associationsPerDynamicScope.limit)]);
        assert.deepEqual(within, []);
        const over = await stack(pack, [WEEKLY, tagged, ...vms(associationsPerDynamicScope.limit + 1)]);
        assert.deepEqual(at(over, tagged.urn), ["W10:violation:advisory"]);
        assert.match(
            over[0].message,
            /\(VMs of the program this dynamic scope selects\) = 1001: .*at most 1000 resource associations on one dynamic scope/,
        );
    });

    it("W10: at most 250 guest-patch schedules per subscription and region (the program's own)", async () => {
        const { schedulesPerSubscriptionAndRegion: limit } = SCHEDULE_LIMITS;
        const schedules = (n: number, location: string, more: Partial<AnalyzerResource> = {}) =>
            Array.from({ length: n }, (_, i) => {
                const m = mc(`${location}-${i}`, "2031-01-04 22:00");
                return { ...m, properties: { ...m.properties, location }, ...more };
            });
        const within = await stack(pack, [...schedules(limit.limit, "westeurope"), ...schedules(10, "eastus")]);
        assert.deepEqual(within, []);
        const over = await stack(pack, [...schedules(limit.limit, "westeurope"), ...schedules(1, "West Europe")]);
        assert.deepEqual(at(over, urn(NATIVE_MC, "westeurope-0")), ["W10:violation:advisory"]);
        assert.match(
            over[0].message,
            /= 251: Update Manager recommends at most 250 schedules in one subscription and region/,
        );
        // Two providers in two subscriptions: each holds its own 250.
        const split = await stack(pack, [
            ...schedules(limit.limit, "westeurope", { provider: provider("a", SUB_A) }),
            ...schedules(1, "westeurope-b", { provider: provider("b", SUB_B) }).map((r) => ({
                ...r,
                properties: { ...r.properties, location: "westeurope" },
            })),
        ]);
        assert.deepEqual(split, []);
    });

    it("W10 is advisory by default and configurable like every rule (ruleLevels)", async () => {
        const resources = [
            WEEKLY,
            scope("groups-51", { resourceGroups: Array.from({ length: 51 }, (_, i) => `g${i}`) }),
        ];
        try {
            await pack.configure({ [SCHEDULE_POLICY]: { ruleLevels: { W10: "disabled" } } });
            assert.deepEqual(await stack(pack, resources), []);
        } finally {
            await pack.configure({});
        }
    });

    it("a dynamic scope covers VMs of its own subscription only: by ids, by providers' subscriptionId", async () => {
        const filter = { osTypes: ["Windows"] };
        const scopeIn = (sub: string) =>
            scope(`scope-${sub.slice(-1)}`, filter, {
                properties: {
                    maintenanceConfigurationId: ENGINE_UNKNOWN,
                    filter,
                    id: `/subscriptions/${sub}/providers/Microsoft.Maintenance/configurationAssignments/weekly`,
                },
            });
        const vmIn = (name: string, sub: string) =>
            vm(name, {
                id: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
            });
        const byIds = await stack(pack, [WEEKLY, scopeIn(SUB_A), vmIn("in-a", SUB_A), vmIn("in-b", SUB_B)]);
        assert.deepEqual(at(byIds, urn(NATIVE_VM, "in-a")), []);
        assert.deepEqual(at(byIds, urn(NATIVE_VM, "in-b")), ["W5:violation:advisory"]);
        // A scope's resourceId written by the program says its subscription too.
        const byResourceId = await stack(pack, [
            WEEKLY,
            scope("scope-b", filter, {
                properties: {
                    maintenanceConfigurationId: ENGINE_UNKNOWN,
                    filter,
                    resourceId: `/subscriptions/${SUB_B}`,
                },
            }),
            vmIn("in-a", SUB_A),
            vmIn("also-b", SUB_B),
        ]);
        assert.deepEqual(at(byResourceId, urn(NATIVE_VM, "in-a")), ["W5:violation:advisory"]);
        assert.deepEqual(at(byResourceId, urn(NATIVE_VM, "also-b")), []);

        const byProviders = await stack(pack, [
            WEEKLY,
            scope("scope-a", filter, { provider: provider("a", SUB_A) }),
            vm("provider-a", {}, { provider: provider("a", SUB_A) }),
            vm("provider-b", {}, { provider: provider("b", SUB_B) }),
            vm("provider-unknown", {}, { provider: provider("c", ENGINE_UNKNOWN) }),
            vm("default-provider"),
        ]);
        assert.deepEqual(at(byProviders, urn(NATIVE_VM, "provider-a")), []);
        assert.deepEqual(at(byProviders, urn(NATIVE_VM, "provider-b")), ["W5:violation:advisory"]);
        // Unknown during preview, or not stated on one side: never a guess.
        assert.deepEqual(at(byProviders, urn(NATIVE_VM, "provider-unknown")), ["W5:undetermined:advisory"]);
        assert.deepEqual(at(byProviders, urn(NATIVE_VM, "default-provider")), ["W5:undetermined:advisory"]);

        // Neither side states a subscription (the program's default provider): the same one.
        const neither = await stack(pack, [WEEKLY, scope("scope-default", filter), vm("vm-default")]);
        assert.deepEqual(at(neither, urn(NATIVE_VM, "vm-default")), []);
    });

    it("a location filter against a VM that does not write its location (Azure takes the group's): undecided", async () => {
        const { location: _, ...noLocation } = vm("x").properties;
        const seen = await stack(pack, [
            WEEKLY,
            scope("west", { locations: ["West Europe"] }),
            { ...vm("no-location"), properties: { ...noLocation, vmName: "no-location" } },
            vm("east", { location: "eastus" }),
        ]);
        assert.deepEqual(at(seen, urn(NATIVE_VM, "no-location")), ["W5:undetermined:advisory"]);
        assert.deepEqual(at(seen, urn(NATIVE_VM, "east")), ["W5:violation:advisory"]);
    });
});
