/**
 * W10 (rules/schedule-rules/w10-recommended-limits.ts): Update Manager's recommended limits, each at
 * its limit (passes) and one over (a warning naming the limit, its page and the page's date). Sources:
 * Microsoft's maintenance-configurations page (service limits, 2026-09-25) and Update Manager's dynamic
 * scoping page (limits per dynamic scope, 2024-09-06). And the dynamic scope's matching inputs W5 and
 * R18 rely on: its subscription, and filters on inputs a VM does not write.
 */
import assert from "node:assert/strict";
import {
    type AssignmentTargetFacts,
    type DynamicAssignment,
    evaluateScheduleLimits,
    type Field,
    matchAssignment,
    SCHEDULE_LIMITS,
    subscriptionOfId,
    UNKNOWN,
} from "../../../rules";

const count = (value: number, path: string): Field<number> => ({
    value,
    path,
    pathKeys: path.split("."),
    explicit: true,
});

function messages(evaluation: ReturnType<typeof evaluateScheduleLimits>): string[] {
    return evaluation.findings.map((f) => f.message);
}

describe("rule core: W10, Update Manager's recommended limits", () => {
    const L = SCHEDULE_LIMITS;

    it("every limit states its page and the page's date", () => {
        for (const [key, limit] of Object.entries(L)) {
            assert.match(limit.source.url, /^https:\/\/learn\.microsoft\.com\/azure\//, key);
            assert.match(limit.stated, /^\d{4}-\d\d-\d\d$/, key);
            assert.ok(limit.limit > 0, key);
        }
    });

    it("tag filters and resource-group filters per dynamic scope: 50 pass, 51 warn (source: dynamic scoping page)", () => {
        const at = (tags: number, groups: number) =>
            evaluateScheduleLimits(
                {
                    kind: "dynamicScope",
                    tagFilters: count(tags, "filter.tagSettings.tags"),
                    resourceGroupFilters: count(groups, "filter.resourceGroups"),
                },
                "dynamic scope",
            );
        assert.deepEqual(messages(at(50, 50)), []);
        const [tags, groups] = at(51, 51).findings;
        assert.equal(tags.ruleId, "W10");
        assert.equal(tags.severity, "warning");
        assert.equal(tags.path, "filter.tagSettings.tags");
        assert.equal(tags.value, "51");
        assert.equal(tags.allowed, "at most 50");
        assert.match(tags.message, /at most 50 tag filters in one dynamic scope/);
        assert.match(tags.message, /dynamic-scope-overview, as of 2024-09-06/);
        assert.match(tags.fix, /split the scope/);
        assert.equal(groups.path, "filter.resourceGroups");
        assert.match(groups.message, /at most 50 resource-group filters/);
    });

    it("machines a dynamic scope selects: 1,000 pass, 1,001 warn (source: dynamic scoping page)", () => {
        const at = (n: number) =>
            evaluateScheduleLimits({ kind: "dynamicScope", associations: count(n, "(VMs it selects)") }, "scope");
        assert.deepEqual(messages(at(1000)), []);
        const [f] = at(1001).findings;
        assert.match(f.message, /at most 1000 resource associations on one dynamic scope/);
        assert.match(f.fix, /narrow the filter/);
    });

    it("associations, dynamic scopes and subscriptions per schedule (source: maintenance configurations page)", () => {
        const at = (associations: number, scopes: number, subscriptions: number) =>
            evaluateScheduleLimits(
                {
                    kind: "schedule",
                    associations: count(associations, "virtualMachineIds"),
                    dynamicScopes: count(scopes, "dynamicScopes"),
                    subscriptions: count(subscriptions, "subscriptions"),
                },
                "schedule",
            );
        assert.deepEqual(messages(at(3000, 200, 200)), []);
        const found = at(3001, 201, 201).findings;
        assert.deepEqual(
            found.map((f) => `${f.path}=${f.value}`),
            ["virtualMachineIds=3001", "dynamicScopes=201", "subscriptions=201"],
        );
        assert.match(found[0].message, /at most 3000 resource associations to one schedule/);
        assert.match(found[1].message, /\(100 in Azure China and Azure Government\)/);
        assert.ok(found.every((f) => f.message.includes("maintenance-configurations, as of 2026-09-25")));
    });

    it("schedules per subscription and region: 250 pass, 251 warn (source: maintenance configurations page)", () => {
        const at = (n: number) =>
            evaluateScheduleLimits({ kind: "region", schedules: count(n, "(schedules here)") }, "schedules");
        assert.deepEqual(messages(at(250)), []);
        assert.match(messages(at(251))[0], /at most 250 schedules in one subscription and region/);
    });

    it("counts not given are not checked", () => {
        assert.deepEqual(messages(evaluateScheduleLimits({ kind: "schedule" }, "schedule")), []);
        assert.deepEqual(messages(evaluateScheduleLimits({ kind: "dynamicScope" }, "scope")), []);
    });
});

describe("rule core: which VMs a dynamic scope covers (its subscription, inputs a VM does not write)", () => {
    const scope = (subscription: DynamicAssignment["subscription"], locations?: string[]): DynamicAssignment => ({
        kind: "dynamic",
        source: "dynamic scope",
        shape: "native",
        maintenanceConfigurationId: "/mc",
        resourceGroupName: undefined,
        subscription,
        filter: { osTypes: ["Windows"], ...(locations ? { locations } : {}), tagOperator: "Any" },
    });
    const vm = (facts: Partial<AssignmentTargetFacts> = {}): AssignmentTargetFacts => ({
        kind: "virtualMachine",
        name: "web",
        resourceGroupName: "rg",
        os: "Windows",
        location: "westeurope",
        tags: undefined,
        ...facts,
    });

    it("reads a subscription from an ARM id", () => {
        assert.equal(subscriptionOfId("/subscriptions/abc/resourceGroups/rg/providers/x/y/z"), "abc");
        assert.equal(subscriptionOfId("/SUBSCRIPTIONS/abc"), "abc");
        assert.equal(subscriptionOfId("rg/web"), undefined);
    });

    it("same subscription (any case): covered; another: not; one unknown or unstated: unknown; neither stated: covered", () => {
        assert.equal(matchAssignment(scope("ABC"), vm({ subscription: "abc" })), "yes");
        assert.equal(matchAssignment(scope("abc"), vm({ subscription: "def" })), "no");
        assert.equal(matchAssignment(scope(UNKNOWN), vm({ subscription: "abc" })), "unknown");
        assert.equal(matchAssignment(scope("abc"), vm()), "unknown");
        assert.equal(matchAssignment(scope(undefined), vm({ subscription: "abc" })), "unknown");
        assert.equal(matchAssignment(scope(undefined), vm()), "yes");
        // Another subscription rules the VM out even when its other inputs are unknown.
        assert.equal(matchAssignment(scope("abc"), vm({ subscription: "def", os: UNKNOWN })), "no");
    });

    it("a location or OS filter against a VM that does not write it is unknown (Azure fills it), not 'no'", () => {
        assert.equal(matchAssignment(scope(undefined, ["West Europe"]), vm({ location: undefined })), "unknown");
        assert.equal(matchAssignment(scope(undefined, ["West Europe"]), vm({ location: "eastus" })), "no");
        assert.equal(matchAssignment(scope(undefined), vm({ os: undefined })), "unknown");
    });
});
