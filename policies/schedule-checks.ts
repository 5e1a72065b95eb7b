/**
 * What the pack reports about schedules: R19 on each maintenance configuration (a resource check, in
 * the settings policy), and R18/W5 on each VM and scale set joined with the program's assignments (the
 * stack policy). Pure: policies.ts and schedule-policy.ts connect them to the policy SDK.
 *
 * The join, for each VM: an assignment covers it when its target names it (id, or resource group and
 * name), when its target properties depend on the VM (a reference the engine records even while the
 * VM's id is unknown during preview), or when a dynamic scope's filter matches the VM's known inputs.
 * A configuration in the program is a guest-patch schedule when its scope is InGuestPatch; one outside
 * the program (an id the program does not create) counts as assigned for W5, and R18 is decided only
 * when the configuration's scope is known.
 */
import {
    AssignmentIndex,
    type AssignmentTargetFacts,
    dynamicScopeLimitCount,
    type Evaluation,
    evaluateMaintenanceConfiguration,
    evaluateScheduleAssignment,
    evaluateScheduleLimits,
    type Field,
    isAssignmentType,
    isGuestPatchConfiguration,
    isMaintenanceConfigurationType,
    isPatchableType,
    isUnknown,
    type Match,
    matchAssignment,
    notAProperty,
    type OsType,
    PropertyReader,
    propertyPath,
    readAssignment,
    readMaintenanceConfiguration,
    readResource,
    type ScheduleAssignmentResource,
    type ScheduleFacts,
    subscriptionOfId,
    UNKNOWN,
    type Unknown,
} from "pulumi-azure-vm-patching";
import { type CheckedResource, type PolicyReport, type PolicyScope, reportEvaluations } from "./checks";
import type { PolicyConfig } from "./config";
import { isPolicyUnknown, rawProperties, unwrapSecret, withPlainTags } from "./raw-properties";

const READ = { isUnknown: isPolicyUnknown, unwrapSecret } as const;

/** The resource's tags, as exemptions read them. */
function tagsOf(raw: unknown) {
    return new PropertyReader(raw, READ).record(propertyPath("tags"));
}

/**
 * R19 on a maintenance configuration (the settings policy) and W9 (the recommendations policy); none
 * for other types. `now` is the time of the check: a policy sees the new inputs only, never whether
 * the configuration exists, so W9 is told its creation is unknown and says so.
 */
export function checkMaintenanceConfiguration(
    resource: CheckedResource,
    scope: PolicyScope,
    config: PolicyConfig,
    now: number = Date.now(),
): PolicyReport[] {
    if (!isMaintenanceConfigurationType(resource.type)) return [];
    const raw = withPlainTags(rawProperties(resource.props));
    const mc = readMaintenanceConfiguration(resource.type, raw, READ);
    if (!mc) return [];
    const who = `${mc.source} "${resource.name}"`;
    const evaluation = evaluateMaintenanceConfiguration(mc, { now, creation: "unknown" });
    return reportEvaluations(who, { tags: tagsOf(raw) }, [evaluation], scope, config);
}

/** One resource of the stack as the stack policy sees it (the policy SDK's PolicyResource, in part). */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: unknown;
    /** Per input property, the resources it was computed from. */
    readonly propertyDependencies: Readonly<Record<string, readonly { readonly urn: string; readonly type: string }[]>>;
    /** Its provider, when the engine sends it: its inputs (a subscription set there is the resource's). */
    readonly provider?: { readonly urn: string; readonly props: unknown };
}

/** A stack report: the report and the resource (URN) it concerns. */
export interface StackReport extends PolicyReport {
    readonly urn: string;
}

interface Assignment {
    readonly resource: StackResource;
    readonly read: ScheduleAssignmentResource;
    /** Whether its configuration is a guest-patch schedule: known from the program, or assumed (outside it). */
    readonly guest: "yes" | "no" | "assumed";
    /** The URNs the target properties were computed from. */
    readonly targetUrns: ReadonlySet<string>;
    /** Whether the target properties were computed from a VM or scale set of the program. */
    readonly targetsAResource: boolean;
    /** Its configuration: the URN of one in the program, or its known id; undefined while unknown. */
    readonly configuration?: { readonly urn: string } | { readonly id: string };
}

function stringAt(raw: unknown, key: string): string | Unknown | undefined {
    const { value } = new PropertyReader(raw, READ).lookup(propertyPath(key));
    if (isUnknown(value)) return UNKNOWN;
    return typeof value === "string" ? value : undefined;
}

/**
 * A value for matching: the known string, or, while unknown, the one resource it is computed from
 * (two unknown resource-group names computed from the same resource group are the same name).
 */
function matchable(resource: StackResource, raw: unknown, key: string): string | Unknown | undefined {
    const value = stringAt(raw, key);
    if (!isUnknown(value)) return value;
    const from = resource.propertyDependencies[key] ?? [];
    return from.length === 1 ? `urn:${from[0].urn}` : UNKNOWN;
}

/** Maintenance configurations of the program by URN and by known id, with whether each is for guest patching. */
function configurations(resources: readonly StackResource[]) {
    const byUrn = new Map<string, boolean | Unknown>();
    const byId = new Map<string, boolean | Unknown>();
    for (const r of resources) {
        if (!isMaintenanceConfigurationType(r.type)) continue;
        const raw = rawProperties(r.props);
        const mc = readMaintenanceConfiguration(r.type, raw, READ);
        if (!mc) continue;
        let guest: boolean | Unknown;
        try {
            guest = isGuestPatchConfiguration(mc);
        } catch {
            guest = UNKNOWN; // its scope is unknown during preview
        }
        byUrn.set(r.urn, guest);
        const id = stringAt(raw, "id");
        if (typeof id === "string") byId.set(id.toLowerCase(), guest);
    }
    return { byUrn, byId };
}

function readAssignments(resources: readonly StackResource[]): Assignment[] {
    const mcs = configurations(resources);
    const out: Assignment[] = [];
    for (const resource of resources) {
        if (!isAssignmentType(resource.type)) continue;
        const raw = rawProperties(resource.props);
        const read = readAssignment(resource.type, raw, READ);
        if (!read) continue;
        // Its configuration: by the reference to it, else by its id, else outside the program.
        let guest: Assignment["guest"] = "assumed";
        const fromMc = (resource.propertyDependencies.maintenanceConfigurationId ?? []).find((d) =>
            mcs.byUrn.has(d.urn),
        );
        const known = fromMc
            ? mcs.byUrn.get(fromMc.urn)
            : typeof read.maintenanceConfigurationId === "string"
              ? mcs.byId.get(read.maintenanceConfigurationId.toLowerCase())
              : undefined;
        if (known === true) guest = "yes";
        else if (known === false) guest = "no";
        if (guest === "no") continue; // another scope's configuration (Host, OSImage...): not a guest schedule
        const targetProperties = read.kind === "static" ? read.targetProperties : [];
        const from = targetProperties.flatMap((p) => resource.propertyDependencies[p] ?? []);
        const id = read.maintenanceConfigurationId;
        out.push({
            resource,
            read,
            guest,
            targetUrns: new Set(from.map((d) => d.urn)),
            targetsAResource: from.some((d) => isPatchableType(d.type)),
            ...(fromMc
                ? { configuration: { urn: fromMc.urn } }
                : typeof id === "string"
                  ? { configuration: { id } }
                  : {}),
        });
    }
    return out;
}

/**
 * The subscription a resource is in: from its id when known (a resource read from the state) or another
 * ARM id it holds (`idKeys`), else from its provider's subscriptionId when the engine sends the
 * provider; undefined when nothing says.
 */
function subscriptionOf(
    resource: StackResource,
    raw: unknown,
    idKeys: readonly string[] = ["id"],
): string | Unknown | undefined {
    for (const key of idKeys) {
        const id = stringAt(raw, key);
        const fromId = typeof id === "string" ? subscriptionOfId(id) : undefined;
        if (fromId !== undefined) return fromId;
    }
    if (!resource.provider) return undefined;
    return stringAt(rawProperties(resource.provider.props), "subscriptionId");
}

function targetFacts(
    resource: StackResource,
    raw: unknown,
    os: OsType | Unknown | undefined,
    kind: AssignmentTargetFacts["kind"],
): AssignmentTargetFacts {
    const nameKey = resource.type.startsWith("azure-native:")
        ? kind === "virtualMachine"
            ? "vmName"
            : "vmScaleSetName"
        : "name";
    const tags = new PropertyReader(raw, READ).record(propertyPath("tags")).value;
    return {
        kind,
        id: stringAt(raw, "id"),
        name: matchable(resource, raw, nameKey),
        resourceGroupName: matchable(resource, raw, "resourceGroupName"),
        os,
        location: stringAt(raw, "location"),
        tags,
        subscription: subscriptionOf(resource, raw),
    };
}

/** Same, for an assignment: its resource-group names made matchable the same way. */
function withMatchableNames(a: Assignment): ScheduleAssignmentResource {
    const raw = rawProperties(a.resource.props);
    if (a.read.kind === "dynamic") {
        // A dynamic scope's resourceId, when written, is the subscription (or resource group) it covers.
        const subscription = subscriptionOf(a.resource, raw, ["id", "resourceId"]);
        return a.read.resourceGroupName === undefined
            ? { ...a.read, subscription }
            : { ...a.read, subscription, resourceGroupName: matchable(a.resource, raw, "resourceGroupName") };
    }
    if (a.read.resourceGroupName === undefined) return a.read;
    const nameKey = a.read.targetProperties[a.read.targetProperties.length - 1];
    return {
        ...a.read,
        resourceGroupName: matchable(a.resource, raw, "resourceGroupName"),
        resourceName: matchable(a.resource, raw, nameKey),
    };
}

function describe(a: Assignment): string {
    return `${a.read.source} "${a.resource.name}"`;
}

/** What the program's assignments say about one VM or scale set. */
function factsFor(
    resource: StackResource,
    target: AssignmentTargetFacts,
    assignments: readonly Assignment[],
    prepared: readonly ScheduleAssignmentResource[],
    index: AssignmentIndex,
): ScheduleFacts {
    let unknown = false;
    let assumed: Assignment | undefined;
    for (const i of index.candidates(target, resource.urn)) {
        const a = assignments[i];
        const reference = a.targetUrns.has(resource.urn) ? "target" : a.targetsAResource ? "other" : undefined;
        const match: Match = matchAssignment(prepared[i], target, reference);
        if (match === "yes") {
            if (a.guest === "yes") return { assignment: "assigned", assignedBy: describe(a) };
            assumed ??= a;
        } else if (match === "unknown") unknown = true;
    }
    if (assumed) return { assignment: "assigned", assignedBy: describe(assumed), scheduleScope: "unknown" };
    return { assignment: unknown ? "unknown" : "unassigned" };
}

/** A count as W10 reads it, at a label that names what was counted (no one property holds it). */
function counted(value: number, label: string): Field<number> {
    const path = notAProperty(label);
    return { value, path: path.text, pathKeys: path.keys, explicit: true };
}

/**
 * W10 on the program's guest-patch schedules per subscription and region: a subscription known from an
 * id or the provider's subscriptionId, else the provider itself (one provider, one subscription); a
 * schedule whose region or subscription is unknown is not counted. Reported on the group's first
 * schedule.
 */
function regionReports(resources: readonly StackResource[], scope: PolicyScope, config: PolicyConfig): StackReport[] {
    const groups = new Map<string, StackResource[]>();
    for (const r of resources) {
        if (!isMaintenanceConfigurationType(r.type)) continue;
        const raw = rawProperties(r.props);
        const mc = readMaintenanceConfiguration(r.type, raw, READ);
        const location = stringAt(raw, "location");
        if (!mc || typeof location !== "string") continue;
        let guest: boolean;
        try {
            guest = isGuestPatchConfiguration(mc);
        } catch {
            continue; // its scope is unknown during preview
        }
        const subscription = subscriptionOf(r, raw);
        if (!guest || isUnknown(subscription)) continue;
        const where = subscription?.toLowerCase() ?? `provider ${r.provider?.urn ?? "(default)"}`;
        const key = `${where}|${location.replace(/\s+/g, "").toLowerCase()}`;
        const group = groups.get(key);
        if (group) group.push(r);
        else groups.set(key, [r]);
    }
    const reports: StackReport[] = [];
    for (const group of groups.values()) {
        const first = group[0];
        const count = {
            kind: "region" as const,
            schedules: counted(group.length, "(guest-patch schedules of the program in this subscription and region)"),
        };
        const tagged = { tags: tagsOf(withPlainTags(rawProperties(first.props))) };
        const evaluation = evaluateScheduleLimits(count, "maintenance configuration");
        for (const r of reportEvaluations(
            `maintenance configuration "${first.name}"`,
            tagged,
            [evaluation],
            scope,
            config,
        ))
            reports.push({ ...r, urn: first.urn });
    }
    return reports;
}

/**
 * W10 on the program's dynamic scopes (their filters, the program's VMs they select) and on each
 * schedule (what the program assigns to it). Lower bounds: what is outside the program is not seen. A schedule's report concerns the
 * configuration when the program holds it, else its first assignment.
 */
function limitReports(
    resources: readonly StackResource[],
    assignments: readonly Assignment[],
    prepared: readonly ScheduleAssignmentResource[],
    selected: ReadonlyMap<number, number>,
    scope: PolicyScope,
    config: PolicyConfig,
): StackReport[] {
    const reports: StackReport[] = [];
    const report = (resource: StackResource, who: string, evaluation: Evaluation) => {
        const tagged = { tags: tagsOf(withPlainTags(rawProperties(resource.props))) };
        for (const r of reportEvaluations(who, tagged, [evaluation], scope, config))
            reports.push({ ...r, urn: resource.urn });
    };
    const schedules = new Map<string, { assignments: Assignment[]; subscriptions: Set<string> }>();
    for (const [i, a] of assignments.entries()) {
        const read = prepared[i];
        if (read.kind === "dynamic") {
            const count = dynamicScopeLimitCount(read);
            const vms = counted(selected.get(i) ?? 0, "(VMs of the program this dynamic scope selects)");
            if (count)
                report(a.resource, describe(a), evaluateScheduleLimits({ ...count, associations: vms }, read.source));
        }
        if (!a.configuration) continue;
        const key = "urn" in a.configuration ? a.configuration.urn : `id:${a.configuration.id.toLowerCase()}`;
        const schedule = schedules.get(key) ?? { assignments: [], subscriptions: new Set<string>() };
        schedule.assignments.push(a);
        if (read.kind === "dynamic" && typeof read.subscription === "string")
            schedule.subscriptions.add(read.subscription.toLowerCase());
        schedules.set(key, schedule);
    }
    reports.push(...regionReports(resources, scope, config));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const [key, schedule] of schedules) {
        const first = schedule.assignments[0];
        const mc = first.configuration && "urn" in first.configuration ? byUrn.get(key) : undefined;
        const dynamic = schedule.assignments.filter((a) => a.read.kind === "dynamic").length;
        const count = {
            kind: "schedule" as const,
            associations: counted(
                schedule.assignments.length - dynamic,
                "(static assignments to this schedule in the program)",
            ),
            dynamicScopes: counted(dynamic, "(dynamic scopes of this schedule in the program)"),
            subscriptions: counted(schedule.subscriptions.size, "(subscriptions of this schedule's dynamic scopes)"),
        };
        const who = mc
            ? `maintenance configuration "${mc.name}"`
            : `maintenance configuration ${key.slice("id:".length)} (assigned by ${describe(first)})`;
        report(mc ?? first.resource, who, evaluateScheduleLimits(count, "maintenance configuration"));
    }
    return reports;
}

/**
 * R18 and W5 for every VM and scale set of the stack, joined with the stack's assignments, and W10 on
 * the schedules and dynamic scopes: each report names the resource (URN) it concerns.
 */
export function checkScheduleAssignments(
    resources: readonly StackResource[],
    scope: PolicyScope,
    config: PolicyConfig,
): StackReport[] {
    const assignments = readAssignments(resources);
    const prepared = assignments.map(withMatchableNames);
    const dynamicScopes = prepared.flatMap((a, i) => (a.kind === "dynamic" ? [i] : []));
    const index = new AssignmentIndex(
        prepared,
        assignments.map((a) => a.targetUrns),
    );
    /** Per assignment, the program's VMs a dynamic scope selects (W10's associations per scope). */
    const selected = new Map<number, number>();
    const reports: StackReport[] = [];
    for (const resource of resources) {
        if (!isPatchableType(resource.type)) continue;
        const raw = withPlainTags(rawProperties(resource.props));
        const profile = readResource(resource.type, raw, { ...READ, catalog: config.catalog });
        if (!profile) continue;
        const kind = profile.resourceKind === "scaleSet" ? "scaleSet" : "virtualMachine";
        const target = targetFacts(resource, raw, profile.os.value, kind);
        for (const i of dynamicScopes)
            if (matchAssignment(prepared[i], target) === "yes") selected.set(i, (selected.get(i) ?? 0) + 1);
        const facts = factsFor(resource, target, assignments, prepared, index);
        const evaluation = evaluateScheduleAssignment(profile, facts, config.catalog);
        const who = `${profile.source} "${resource.name}"`;
        for (const r of reportEvaluations(who, profile, [evaluation], scope, config))
            reports.push({ ...r, urn: resource.urn });
    }
    reports.push(...limitReports(resources, assignments, prepared, selected, scope, config));
    return reports;
}
