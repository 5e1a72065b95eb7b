/**
 * W10: what a program assigns to its schedules stays within Azure Update Manager's recommended limits.
 * Microsoft publishes them as recommendations ("We recommend the following limits"), not as refusals,
 * so they are warnings, never errors. Each limit is written here once, with the page that states it and
 * the page's date as read (ms.date). A program sees only its own resources: the counts of a schedule are
 * lower bounds (a dynamic scope's machines: those of the program it selects now; the schedules of a
 * subscription and region: the program's). Dynamic scopes per resource group or subscription and region
 * are not checked: which region an assignment counts in is not documented.
 */
import type { Field } from "../profile";
import type { Violation } from "../rule-context";
import { type LimitCount, limitRule } from "./schedule-rule";
import { SCHEDULE_DOCS, SCHEDULE_SOURCES } from "./schedule-sources";

/** One recommended limit: how many, of what, where it is stated and the page's date as read. */
export interface ServiceLimit {
    readonly limit: number;
    readonly what: string;
    readonly source: { readonly title: string; readonly url: string };
    /** The page's ms.date when read. */
    readonly stated: string;
    /** How it differs elsewhere (the sovereign clouds). */
    readonly note?: string;
}

const S = SCHEDULE_SOURCES;

/** Update Manager's recommended limits a program can show (public cloud values). */
export const SCHEDULE_LIMITS = {
    schedulesPerSubscriptionAndRegion: {
        limit: 250,
        what: "schedules in one subscription and region",
        source: S.maintenanceConfigurations,
        stated: "2026-09-25",
    },
    tagFiltersPerDynamicScope: {
        limit: 50,
        what: "tag filters in one dynamic scope (each tag name with its values is one filter)",
        source: S.dynamicScope,
        stated: "2024-09-06",
    },
    resourceGroupFiltersPerDynamicScope: {
        limit: 50,
        what: "resource-group filters in one dynamic scope",
        source: S.dynamicScope,
        stated: "2024-09-06",
    },
    associationsPerDynamicScope: {
        limit: 1000,
        what: "resource associations on one dynamic scope (the machines it selects)",
        source: S.dynamicScope,
        stated: "2024-09-06",
    },
    associationsPerSchedule: {
        limit: 3000,
        what: "resource associations to one schedule",
        source: S.maintenanceConfigurations,
        stated: "2026-09-25",
    },
    dynamicScopesPerSchedule: {
        limit: 200,
        what: "dynamic scopes of one schedule",
        source: S.maintenanceConfigurations,
        stated: "2026-09-25",
        note: "100 in Azure China and Azure Government",
    },
    subscriptionsPerSchedule: {
        limit: 200,
        what: "subscriptions attached to all dynamic scopes of one schedule",
        source: S.maintenanceConfigurations,
        stated: "2026-09-25",
        note: "100 in Azure China and Azure Government",
    },
} as const satisfies Record<string, ServiceLimit>;

function over(field: Field<number> | undefined, limit: ServiceLimit, fix: string): Violation[] {
    if (!field || typeof field.value !== "number" || field.value <= limit.limit) return [];
    const cloud = limit.note ? ` (${limit.note})` : "";
    return [
        {
            field,
            reason: `Update Manager recommends at most ${limit.limit} ${limit.what}${cloud}; beyond it, runs are not guaranteed (${limit.source.url}, as of ${limit.stated}).`,
            allowed: `at most ${limit.limit}`,
            fix,
        },
    ];
}

export const schedulesWithinRecommendedLimits = limitRule({
    id: "W10",
    severity: "warning",
    title: "a schedule's assignments and dynamic scopes stay within Update Manager's recommended limits",
    docUrl: SCHEDULE_DOCS.maintenanceConfigurations,
    sources: [S.maintenanceConfigurations, S.scheduledPatching, S.dynamicScope],
    check(count: LimitCount) {
        const L = SCHEDULE_LIMITS;
        if (count.kind === "dynamicScope") {
            return [
                ...over(
                    count.tagFilters,
                    L.tagFiltersPerDynamicScope,
                    "split the scope into several dynamic scopes, or select the machines with fewer tags (one tag that names the patch group).",
                ),
                ...over(
                    count.resourceGroupFilters,
                    L.resourceGroupFiltersPerDynamicScope,
                    "split the scope into several dynamic scopes, or scope it to the subscription with a tag filter instead.",
                ),
                ...over(
                    count.associations,
                    L.associationsPerDynamicScope,
                    "narrow the filter, or split the machines over several dynamic scopes (by tag, resource group or location).",
                ),
            ];
        }
        if (count.kind === "region") {
            return over(
                count.schedules,
                L.schedulesPerSubscriptionAndRegion,
                "merge schedules that share a window (one schedule takes up to 3,000 machines), or place some in another subscription or region.",
            );
        }
        return [
            ...over(
                count.associations,
                L.associationsPerSchedule,
                "spread the machines over several schedules, or select them with a dynamic scope.",
            ),
            ...over(
                count.dynamicScopes,
                L.dynamicScopesPerSchedule,
                "merge dynamic scopes (one scope can filter several resource groups, locations and tags), or spread them over several schedules.",
            ),
            ...over(
                count.subscriptions,
                L.subscriptionsPerSchedule,
                "spread the subscriptions over several schedules.",
            ),
        ];
    },
});
