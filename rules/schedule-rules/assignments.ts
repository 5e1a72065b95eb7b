/**
 * Which VMs a program's maintenance-configuration assignments cover: the assignments read from any
 * provider's shape, and matched against one VM's known inputs. Static assignments name their target
 * (by id, or by resource group and name); dynamic scopes filter by resource group, resource type, OS,
 * location and tags (evaluated by Update Manager at each run: a program can only match them against
 * the inputs it holds). A value unknown during preview makes a match "unknown", never a guess; the
 * caller may resolve a reference it can follow (the pack: a property's dependency on the VM).
 *
 * Shapes (azure-native 3.x; classic @pulumi/azure 6.x, mirroring azurerm):
 * - azure-native maintenance:ConfigurationAssignment: providerName, resourceType, resourceGroupName,
 *   resourceName (or resourceId); ConfigurationAssignmentParent adds resourceParentType/Name (a
 *   scale-set instance); ConfigurationAssignmentsForSubscription / ForResourceGroup: a dynamic scope.
 * - classic maintenance AssignmentVirtualMachine (virtualMachineId), AssignmentVirtualMachineScaleSet
 *   (virtualMachineScaleSetId), AssignmentDynamicScope (filter, subscription-wide).
 */
import { type Field, isUnknown, type OsType, UNKNOWN, type Unknown } from "../profile";
import { PropertyReader, propertyPath, type ReadOptions } from "../readers/property-reader";
import type { LimitCount } from "./schedule-rule";

/** A value as read: known, absent (undefined) or unknown during preview. */
type Maybe<T> = T | Unknown | undefined;

export interface StaticAssignment {
    readonly kind: "static";
    readonly source: string;
    readonly maintenanceConfigurationId: Maybe<string>;
    /** What the target is: a VM, a scale set, or a scale set's instance (the Parent resource). */
    readonly targetKind: "virtualMachine" | "scaleSet" | "scaleSetInstance" | "other" | Unknown;
    /** The target's ARM id, when the assignment names it by id. */
    readonly targetId: Maybe<string>;
    readonly resourceGroupName: Maybe<string>;
    readonly resourceName: Maybe<string>;
    /** The properties that name the target: a caller following references reads their dependencies. */
    readonly targetProperties: readonly string[];
}

export interface DynamicScopeFilter {
    readonly resourceTypes?: readonly string[];
    readonly resourceGroups?: readonly string[];
    readonly osTypes?: readonly string[];
    readonly locations?: readonly string[];
    /** Tag name to the values that match. */
    readonly tags?: Readonly<Record<string, readonly string[]>>;
    readonly tagOperator: "Any" | "All";
}

export interface DynamicAssignment {
    readonly kind: "dynamic";
    readonly source: string;
    /** The provider's shape it was read from: where its filters are written differs. */
    readonly shape: "native" | "classic";
    readonly maintenanceConfigurationId: Maybe<string>;
    /** The resource group a resource-group-level scope covers; undefined: the whole subscription. */
    readonly resourceGroupName: Maybe<string>;
    /**
     * The subscription the scope covers (a scope covers machines of its own subscription only), when
     * the caller knows it: from the scope's id, or its provider's configuration. Undefined: not stated.
     */
    readonly subscription?: Maybe<string>;
    /** The filter, or UNKNOWN when any of it is unknown during preview. */
    readonly filter: DynamicScopeFilter | Unknown;
}

export type ScheduleAssignmentResource = StaticAssignment | DynamicAssignment;

const NATIVE =
    /^azure-native:maintenance(?:\/v\d{8}(?:preview)?)?:(ConfigurationAssignment|ConfigurationAssignmentParent|ConfigurationAssignmentsForSubscription|ConfigurationAssignmentsForResourceGroup)$/;
const CLASSIC: Readonly<Record<string, "vm" | "scaleSet" | "dynamic">> = {
    "azure:maintenance/assignmentVirtualMachine:AssignmentVirtualMachine": "vm",
    "azure:maintenance/assignmentVirtualMachineScaleSet:AssignmentVirtualMachineScaleSet": "scaleSet",
    "azure:maintenance/assignmentDynamicScope:AssignmentDynamicScope": "dynamic",
};

/** Whether the type assigns maintenance configurations (either provider, versioned azure-native tokens too). */
export function isAssignmentType(type: string): boolean {
    return NATIVE.test(type) || Object.hasOwn(CLASSIC, type);
}

function text(reader: PropertyReader, ...keys: string[]): Maybe<string> {
    const { value } = reader.lookup(propertyPath(...keys));
    if (isUnknown(value)) return UNKNOWN;
    return typeof value === "string" ? value : undefined;
}

/** A list of strings; UNKNOWN when the list or an item is unknown. */
function strings(reader: PropertyReader, ...keys: string[]): readonly string[] | Unknown | undefined {
    const path = propertyPath(...keys);
    const { value, present } = reader.lookup(path);
    if (isUnknown(value)) return UNKNOWN;
    if (!present || !Array.isArray(value)) return undefined;
    const out: string[] = [];
    for (let i = 0; i < value.length; i++) {
        const item = text(reader, ...keys, String(i));
        if (isUnknown(item)) return UNKNOWN;
        if (item !== undefined) out.push(item);
    }
    return out;
}

function nativeTargetKind(type: Maybe<string>, parentType: Maybe<string>): StaticAssignment["targetKind"] {
    if (isUnknown(type) || isUnknown(parentType)) return UNKNOWN;
    const t = type?.toLowerCase();
    if (parentType !== undefined && parentType.toLowerCase() === "virtualmachinescalesets" && t === "virtualmachines") {
        return "scaleSetInstance";
    }
    if (t === "virtualmachines") return "virtualMachine";
    if (t === "virtualmachinescalesets") return "scaleSet";
    return "other";
}

function readFilter(reader: PropertyReader, classic: boolean): DynamicScopeFilter | Unknown {
    const root = reader.lookup(propertyPath("filter"));
    if (isUnknown(root.value)) return UNKNOWN;
    const lists = {
        resourceTypes: strings(reader, "filter", "resourceTypes"),
        resourceGroups: strings(reader, "filter", "resourceGroups"),
        osTypes: strings(reader, "filter", "osTypes"),
        locations: strings(reader, "filter", "locations"),
    };
    if (Object.values(lists).some(isUnknown)) return UNKNOWN;
    const tags: Record<string, readonly string[]> = {};
    let operator: Maybe<string>;
    if (classic) {
        // tags: [{ tag, values: [...] }], tagFilter: Any | All
        const list = reader.lookup(propertyPath("filter", "tags")).value;
        if (isUnknown(list)) return UNKNOWN;
        const count = Array.isArray(list) ? list.length : 0;
        for (let i = 0; i < count; i++) {
            const tag = text(reader, "filter", "tags", String(i), "tag");
            const values = strings(reader, "filter", "tags", String(i), "values");
            if (isUnknown(tag) || isUnknown(values)) return UNKNOWN;
            if (tag !== undefined) tags[tag] = values ?? [];
        }
        operator = text(reader, "filter", "tagFilter");
    } else {
        // tagSettings: { tags: { name: [...] }, filterOperator: Any | All }
        const map = reader.lookup(propertyPath("filter", "tagSettings", "tags")).value;
        if (isUnknown(map)) return UNKNOWN;
        if (map !== null && typeof map === "object") {
            for (const name of Object.keys(map)) {
                const values = strings(reader, "filter", "tagSettings", "tags", name);
                if (isUnknown(values)) return UNKNOWN;
                tags[name] = values ?? [];
            }
        }
        operator = text(reader, "filter", "tagSettings", "filterOperator");
    }
    if (isUnknown(operator)) return UNKNOWN;
    const known = Object.fromEntries(Object.entries(lists).filter(([, v]) => v !== undefined)) as Partial<
        Record<keyof typeof lists, readonly string[]>
    >;
    return {
        ...known,
        ...(Object.keys(tags).length > 0 ? { tags } : {}),
        tagOperator: operator === "All" ? "All" : "Any",
    };
}

/** The assignment's facts, or undefined for another type. */
export function readAssignment(
    type: string,
    props: unknown,
    options: ReadOptions = {},
): ScheduleAssignmentResource | undefined {
    const r = new PropertyReader(props, options);
    const native = NATIVE.exec(type);
    if (native) {
        const kind = native[1];
        const source = `azure-native maintenance ${kind}`;
        const maintenanceConfigurationId = text(r, "maintenanceConfigurationId");
        if (kind === "ConfigurationAssignmentsForSubscription" || kind === "ConfigurationAssignmentsForResourceGroup") {
            return {
                kind: "dynamic",
                source,
                shape: "native",
                maintenanceConfigurationId,
                resourceGroupName:
                    kind === "ConfigurationAssignmentsForResourceGroup" ? text(r, "resourceGroupName") : undefined,
                filter: readFilter(r, false),
            };
        }
        const parent = kind === "ConfigurationAssignmentParent";
        const resourceName = parent ? text(r, "resourceParentName") : text(r, "resourceName");
        return {
            kind: "static",
            source,
            maintenanceConfigurationId,
            targetKind: nativeTargetKind(text(r, "resourceType"), parent ? text(r, "resourceParentType") : undefined),
            targetId: text(r, "resourceId"),
            resourceGroupName: text(r, "resourceGroupName"),
            resourceName,
            targetProperties: parent
                ? ["resourceId", "resourceGroupName", "resourceParentName"]
                : ["resourceId", "resourceGroupName", "resourceName"],
        };
    }
    const classic = Object.hasOwn(CLASSIC, type) ? CLASSIC[type] : undefined;
    if (!classic) return undefined;
    const source = `classic maintenance ${type.slice(type.lastIndexOf(":") + 1)}`;
    const maintenanceConfigurationId = text(r, "maintenanceConfigurationId");
    if (classic === "dynamic") {
        return {
            kind: "dynamic",
            source,
            shape: "classic",
            maintenanceConfigurationId,
            resourceGroupName: undefined,
            filter: readFilter(r, true),
        };
    }
    const idProperty = classic === "vm" ? "virtualMachineId" : "virtualMachineScaleSetId";
    return {
        kind: "static",
        source,
        maintenanceConfigurationId,
        targetKind: classic === "vm" ? "virtualMachine" : "scaleSet",
        targetId: text(r, idProperty),
        resourceGroupName: undefined,
        resourceName: undefined,
        targetProperties: [idProperty],
    };
}

/** What the program knows about a VM or scale set that an assignment may target. */
export interface AssignmentTargetFacts {
    readonly kind: "virtualMachine" | "scaleSet";
    /** Its ARM id, when known (a resource read from the state, or an id written by the program). */
    readonly id?: Maybe<string>;
    readonly name: Maybe<string>;
    readonly resourceGroupName: Maybe<string>;
    readonly os: Maybe<OsType>;
    readonly location: Maybe<string>;
    readonly tags: Readonly<Record<string, unknown>> | Unknown | undefined;
    /** Its subscription, when the caller knows it (from its id, or its provider's configuration). */
    readonly subscription?: Maybe<string>;
}

/** Whether an assignment covers a target: known yes or no, or unknown during preview. */
export type Match = "yes" | "no" | "unknown";

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/** Locations compare without case or spaces: "West Europe" is "westeurope". */
const sameLocation = (a: string, b: string) => same(a.replace(/\s+/g, ""), b.replace(/\s+/g, ""));

/** Compares two values that may be unknown. */
function compare(a: Maybe<string>, b: Maybe<string>, eq = same): Match {
    if (isUnknown(a) || isUnknown(b)) return "unknown";
    if (a === undefined || b === undefined) return "no";
    return eq(a, b) ? "yes" : "no";
}

function all(matches: readonly Match[]): Match {
    if (matches.includes("no")) return "no";
    return matches.includes("unknown") ? "unknown" : "yes";
}

function anyOf(values: readonly string[], value: Maybe<string>, eq = same): Match {
    if (isUnknown(value)) return "unknown";
    return value !== undefined && values.some((v) => eq(v, value)) ? "yes" : "no";
}

const VM_TYPE = "Microsoft.Compute/virtualMachines";

/**
 * Whether a scope and a VM are in the same subscription. Both known: compared. Neither stated (both on
 * providers whose subscription the check cannot see, as with a program's default provider): taken as
 * the same, since nothing in the program says otherwise. One known and the other not, or either
 * computed during preview: unknown, never a guess.
 */
function sameSubscription(scope: Maybe<string>, vm: Maybe<string>): Match {
    if (scope === undefined && vm === undefined) return "yes";
    if (scope === undefined || vm === undefined) return "unknown";
    return compare(scope, vm);
}

/** The subscription an ARM id is in ("/subscriptions/<id>/..."), or undefined for another text. */
export function subscriptionOfId(id: string): string | undefined {
    return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
}

/** A filter's value against a VM input not written (a location Azure takes from the resource group): unknown. */
function anyOfWritten(values: readonly string[], value: Maybe<string>, eq = same): Match {
    return value === undefined ? "unknown" : anyOf(values, value, eq);
}

function matchDynamic(a: DynamicAssignment, t: AssignmentTargetFacts): Match {
    if (t.kind !== "virtualMachine") return "no"; // dynamic scopes select VMs and Arc servers
    if (isUnknown(a.filter)) return "unknown";
    const f = a.filter;
    const checks: Match[] = [sameSubscription(a.subscription, t.subscription)];
    if (a.resourceGroupName !== undefined) checks.push(compare(a.resourceGroupName, t.resourceGroupName));
    if (f.resourceTypes) checks.push(f.resourceTypes.some((type) => same(type, VM_TYPE)) ? "yes" : "no");
    if (f.resourceGroups) checks.push(anyOf(f.resourceGroups, t.resourceGroupName));
    if (f.osTypes) checks.push(anyOfWritten(f.osTypes, t.os));
    if (f.locations) checks.push(anyOfWritten(f.locations, t.location, sameLocation));
    if (f.tags) {
        if (isUnknown(t.tags)) checks.push("unknown");
        else {
            const tags = t.tags ?? {};
            const each: Match[] = Object.entries(f.tags).map(([name, values]) => {
                if (!Object.hasOwn(tags, name)) return "no";
                const value = tags[name];
                if (isUnknown(value)) return "unknown";
                if (typeof value !== "string") return "unknown"; // a tag computed from another value
                return values.length === 0 || values.includes(value) ? "yes" : "no";
            });
            if (f.tagOperator === "All") checks.push(all(each));
            else checks.push(each.includes("yes") ? "yes" : each.includes("unknown") ? "unknown" : "no");
        }
    }
    return all(checks);
}

/**
 * Whether the assignment covers the target. `reference` is what the caller could follow: "target"
 * when the assignment's target properties refer to this very resource, "other" when they refer to
 * another resource of the program, undefined when the caller follows no references.
 */
export function matchAssignment(
    a: ScheduleAssignmentResource,
    t: AssignmentTargetFacts,
    reference?: "target" | "other",
): Match {
    if (a.kind === "dynamic") return matchDynamic(a, t);
    if (reference === "target") return "yes";
    const kind = a.targetKind;
    if (!isUnknown(kind) && kind !== (t.kind === "virtualMachine" ? "virtualMachine" : "scaleSet")) return "no";
    const byId = a.targetId !== undefined ? compare(a.targetId, t.id) : undefined;
    if (byId === "yes") return "yes";
    const byName =
        a.resourceName !== undefined
            ? all([compare(a.resourceGroupName, t.resourceGroupName), compare(a.resourceName, t.name)])
            : undefined;
    if (byName === "yes") return "yes";
    if (byId !== "unknown" && byName !== "unknown") return "no";
    // Unknown during preview: a reference to another resource says it is not this one.
    return reference === "other" ? "no" : "unknown";
}

/**
 * The assignments that can cover a target, found by key instead of comparing every VM with every
 * assignment: a fleet of 5,000 VMs, each with its own assignment, would otherwise make 25 million
 * comparisons in one stack analysis. Any assignment left out would be a known "no" in
 * `matchAssignment` below: a static assignment that neither references the target's URN nor names its id or
 * its resource group and name, with all of these known on both sides. Dynamic scopes, and static
 * assignments naming their target by a value unknown during preview, are always candidates; a target
 * whose own id or name is unknown during preview is compared with every assignment.
 */
export class AssignmentIndex {
    private readonly always: number[] = [];
    private readonly byUrn = new Map<string, number[]>();
    private readonly byId = new Map<string, number[]>();
    private readonly byName = new Map<string, number[]>();

    /**
     * `assignments`: the program's assignments; `referencedUrns`: per assignment, the URNs of the resources
     * its target properties depend on (an assignment that references a VM covers it).
     */
    constructor(
        private readonly assignments: readonly ScheduleAssignmentResource[],
        referencedUrns: readonly ReadonlySet<string>[],
    ) {
        assignments.forEach((read, i) => {
            for (const urn of referencedUrns[i]) AssignmentIndex.add(this.byUrn, urn, i);
            if (
                read.kind === "dynamic" ||
                isUnknown(read.targetId) ||
                isUnknown(read.resourceName) ||
                isUnknown(read.resourceGroupName)
            ) {
                this.always.push(i);
                return;
            }
            if (read.targetId !== undefined) AssignmentIndex.add(this.byId, read.targetId.toLowerCase(), i);
            if (read.resourceName !== undefined && read.resourceGroupName !== undefined)
                AssignmentIndex.add(this.byName, groupAndName(read.resourceGroupName, read.resourceName), i);
        });
    }

    /** Candidate positions in the program's order (the order decides which assignment a report names). */
    candidates(target: AssignmentTargetFacts, urn?: string): readonly number[] {
        const { id, name, resourceGroupName } = target;
        if (isUnknown(id) || isUnknown(name) || isUnknown(resourceGroupName)) return this.assignments.map((_, i) => i);
        const found = new Set(this.always);
        if (urn !== undefined) for (const i of this.byUrn.get(urn) ?? []) found.add(i);
        if (id !== undefined) for (const i of this.byId.get(id.toLowerCase()) ?? []) found.add(i);
        if (name !== undefined && resourceGroupName !== undefined)
            for (const i of this.byName.get(groupAndName(resourceGroupName, name)) ?? []) found.add(i);
        return [...found].sort((a, b) => a - b);
    }

    private static add(map: Map<string, number[]>, key: string, i: number): void {
        const list = map.get(key);
        if (list) list.push(i);
        else map.set(key, [i]);
    }
}

/** Names compare without case (`matchAssignment`'s comparison); the separator cannot occur in either. */
const groupAndName = (resourceGroupName: string, name: string) =>
    `${resourceGroupName.toLowerCase()}\n${name.toLowerCase()}`;

/**
 * What W10 counts of one dynamic scope: its tag filters (each tag name with its values) and its
 * resource-group filters, at the paths the scope's shape writes them; undefined when its filter is
 * unknown during preview.
 */
export function dynamicScopeLimitCount(
    a: DynamicAssignment,
): Extract<LimitCount, { kind: "dynamicScope" }> | undefined {
    if (isUnknown(a.filter)) return undefined;
    const tagPath =
        a.shape === "classic" ? propertyPath("filter", "tags") : propertyPath("filter", "tagSettings", "tags");
    const groupPath = propertyPath("filter", "resourceGroups");
    const count = (n: number | undefined, path: typeof tagPath): Field<number> | undefined =>
        n === undefined ? undefined : { value: n, path: path.text, pathKeys: path.keys, explicit: true };
    return {
        kind: "dynamicScope",
        tagFilters: count(a.filter.tags ? Object.keys(a.filter.tags).length : undefined, tagPath),
        resourceGroupFilters: count(a.filter.resourceGroups?.length, groupPath),
    };
}
