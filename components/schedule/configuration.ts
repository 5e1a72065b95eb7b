/**
 * PatchSchedule's arguments as the Maintenance API's properties (azure-native MaintenanceConfiguration),
 * and their validation by the rule core (R19) with messages that name the component's arguments.
 */
import {
    evaluateMaintenanceConfiguration,
    evaluateScheduleLimits,
    type Field,
    type Finding,
    GUEST_PATCH_SCOPE,
    readMaintenanceConfiguration,
    type ScheduleClock,
    USER_PATCH_MODE,
} from "../../rules";
import type { PatchScheduleArgs, Recurrence } from "./args";

const NATIVE_TYPE = "azure-native:maintenance:MaintenanceConfiguration";

/** The recurEvery text of a recurrence ("2Weeks Saturday,Sunday", "Month Second Tuesday Offset4"). */
export function recurEveryOf(recurrence: Recurrence): string {
    const every = (n: number | undefined, unit: string) => (n === undefined || n === 1 ? unit : `${n}${unit}s`);
    if ("recurEvery" in recurrence) return recurrence.recurEvery;
    if ("daily" in recurrence) return every(recurrence.daily.every, "Day");
    if ("weekly" in recurrence) {
        const { every: n, days } = recurrence.weekly;
        return days.length > 0 ? `${every(n, "Week")} ${days.join(",")}` : every(n, "Week");
    }
    if ("monthly" in recurrence) {
        const { every: n, daysOfMonth } = recurrence.monthly;
        return `${every(n, "Month")} ${daysOfMonth.map((d) => `day${d}`).join(",")}`.trimEnd();
    }
    const { every: n, week, day, offsetDays } = recurrence.monthlyByWeek;
    return `${every(n, "Month")} ${week} ${day}${offsetDays ? ` Offset${offsetDays}` : ""}`;
}

const DEFAULT_CLASSIFICATIONS = ["Critical", "Security"] as const;

/** The configuration's patch and window properties (azure-native names). */
export function configurationProperties(args: PatchScheduleArgs) {
    const windows = args.windows ?? {};
    const linux = args.linux ?? {};
    return {
        maintenanceScope: GUEST_PATCH_SCOPE,
        visibility: "Custom",
        extensionProperties: { InGuestPatchMode: USER_PATCH_MODE },
        startDateTime: args.start,
        duration: args.duration,
        timeZone: args.timeZone,
        recurEvery: recurEveryOf(args.recurrence),
        ...(args.expiration !== undefined ? { expirationDateTime: args.expiration } : {}),
        installPatches: {
            rebootSetting: args.reboot ?? "IfRequired",
            windowsParameters: {
                classificationsToInclude: [...(windows.classifications ?? DEFAULT_CLASSIFICATIONS)],
                ...(windows.kbNumbersToInclude ? { kbNumbersToInclude: [...windows.kbNumbersToInclude] } : {}),
                ...(windows.kbNumbersToExclude ? { kbNumbersToExclude: [...windows.kbNumbersToExclude] } : {}),
                ...(windows.excludeKbsRequiringReboot !== undefined
                    ? { excludeKbsRequiringReboot: windows.excludeKbsRequiringReboot }
                    : {}),
            },
            linuxParameters: {
                classificationsToInclude: [...(linux.classifications ?? DEFAULT_CLASSIFICATIONS)],
                ...(linux.packagesToInclude ? { packageNameMasksToInclude: [...linux.packagesToInclude] } : {}),
                ...(linux.packagesToExclude ? { packageNameMasksToExclude: [...linux.packagesToExclude] } : {}),
            },
        },
    };
}

/** The API property each argument becomes, so a message names what the user wrote. */
const ARGUMENT_OF: readonly (readonly [string, string])[] = [
    ["startDateTime", "start"],
    ["expirationDateTime", "expiration"],
    ["recurEvery", "recurrence"],
    ["installPatches.rebootSetting", "reboot"],
    ["installPatches.windowsParameters.classificationsToInclude", "windows.classifications"],
    ["installPatches.linuxParameters.classificationsToInclude", "linux.classifications"],
];

function renamed(finding: Finding): Finding {
    const match = ARGUMENT_OF.find(([api]) => finding.path === api || finding.path.startsWith(`${api}.`));
    if (!match) return finding;
    const [api, arg] = match;
    const path = arg + finding.path.slice(api.length);
    const swap = (text: string) => text.split(finding.path).join(path);
    return { ...finding, path, pathKeys: path.split("."), fix: swap(finding.fix), message: swap(finding.message) };
}

/**
 * The rule core's findings on the arguments, named as the arguments are: R19's (errors: Update Manager
 * cannot run the schedule) and, when `clock` is given, W9's (a warning); [] when all is well.
 */
export function scheduleFindings(args: PatchScheduleArgs, clock?: ScheduleClock): Finding[] {
    const mc = readMaintenanceConfiguration(NATIVE_TYPE, configurationProperties(args));
    if (!mc) return [];
    return evaluateMaintenanceConfiguration(mc, clock).findings.map(renamed);
}

/** A count of the arguments, at the argument that holds it; undefined when not a plain list (an Output). */
function counted(value: unknown, path: string): Field<number> | undefined {
    const n = Array.isArray(value)
        ? value.length
        : value && typeof value === "object"
          ? Object.keys(value).length
          : undefined;
    return n === undefined ? undefined : { value: n, path, pathKeys: path.split("."), explicit: true };
}

/**
 * The recommendations on the arguments, reported as warnings, never refusals: W10 (Update Manager's
 * recommended limits on the scopes and VMs given) always, and W9 (the start at least 15 minutes after
 * creation) at preview. A component cannot tell whether Azure holds its configuration already (an
 * existing schedule whose start has passed is normal), so W9 says it applies to a new one only.
 */
export function scheduleWarnings(args: PatchScheduleArgs, now: number, preview: boolean): Finding[] {
    const scopes = args.dynamicScopes ?? [];
    const limits = [
        evaluateScheduleLimits(
            {
                kind: "schedule",
                associations: counted(args.virtualMachineIds, "virtualMachineIds"),
                dynamicScopes: counted(args.dynamicScopes, "dynamicScopes"),
            },
            "PatchSchedule",
        ),
        ...scopes.map((scope, i) =>
            evaluateScheduleLimits(
                {
                    kind: "dynamicScope",
                    tagFilters: counted(scope.tags, `dynamicScopes.${i}.tags`),
                    resourceGroupFilters: counted(scope.resourceGroups, `dynamicScopes.${i}.resourceGroups`),
                },
                "PatchSchedule",
            ),
        ),
    ].flatMap((e) => e.findings);
    const start = preview
        ? scheduleFindings(args, { now, creation: "unknown" }).filter((f) => f.severity === "warning")
        : [];
    return [...start, ...limits];
}
