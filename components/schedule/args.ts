/**
 * The arguments of PatchSchedule: a guest-patch maintenance configuration written in words a person
 * reads (a weekly or monthly recurrence, a start, a duration, a time zone, what to install, whether to
 * reboot), and where it applies (VMs by id, dynamic scopes by filter).
 */
import type * as pulumi from "@pulumi/pulumi";

export type Weekday = "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday";
export type WeekOfMonth = "First" | "Second" | "Third" | "Fourth" | "Last";
export type WindowsClassification =
    | "Critical"
    | "Security"
    | "UpdateRollup"
    | "FeaturePack"
    | "ServicePack"
    | "Definition"
    | "Tools"
    | "Updates";
export type LinuxClassification = "Critical" | "Security" | "Other";

/** When the window repeats. Written as the Maintenance API's recurEvery (e.g. "Week Saturday,Sunday"). */
export type Recurrence =
    /** Every `every` days (default 1). */
    | { readonly daily: { readonly every?: number } }
    /** Every `every` weeks (default 1) on the given days. */
    | { readonly weekly: { readonly every?: number; readonly days: readonly Weekday[] } }
    /** Every `every` months (default 1) on the given days of the month (1-31). */
    | { readonly monthly: { readonly every?: number; readonly daysOfMonth: readonly number[] } }
    /**
     * Every `every` months on a weekday of a week of the month ("Second Tuesday"), moved by `offsetDays`
     * (-6..6: "the Saturday after Patch Tuesday" is { week: "Second", day: "Tuesday", offsetDays: 4 }).
     */
    | {
          readonly monthlyByWeek: {
              readonly every?: number;
              readonly week: WeekOfMonth;
              readonly day: Weekday;
              readonly offsetDays?: number;
          };
      }
    /** The Maintenance API's own recurEvery text, for forms not above. */
    | { readonly recurEvery: string };

export interface WindowsPatches {
    /** Default: Critical and Security. */
    readonly classifications?: readonly WindowsClassification[];
    readonly kbNumbersToInclude?: readonly string[];
    readonly kbNumbersToExclude?: readonly string[];
    /** Skip updates that need a reboot. */
    readonly excludeKbsRequiringReboot?: boolean;
}

export interface LinuxPatches {
    /** Default: Critical and Security. */
    readonly classifications?: readonly LinuxClassification[];
    /** Package name masks, e.g. "kernel*", "libc=1.0.1.1". */
    readonly packagesToInclude?: readonly string[];
    readonly packagesToExclude?: readonly string[];
}

/**
 * A dynamic scope: Update Manager patches the machines its filter selects at each run (in the
 * subscription of the provider, or in one resource group). At least one filter is needed.
 */
export interface DynamicScope {
    /** Limit the scope to this resource group (a resource-group-level assignment). Default: the subscription. */
    readonly resourceGroupName?: pulumi.Input<string>;
    readonly resourceGroups?: pulumi.Input<pulumi.Input<string>[]>;
    readonly locations?: pulumi.Input<pulumi.Input<string>[]>;
    readonly osTypes?: readonly ("Windows" | "Linux")[];
    /** Tag name to the values that select a machine. */
    readonly tags?: Readonly<Record<string, readonly string[]>>;
    /** Whether a machine needs any (default) or all of the tags. */
    readonly tagOperator?: "Any" | "All";
}

export interface PatchScheduleArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** The configuration's region. Default: the resource group's. */
    readonly location?: pulumi.Input<string>;
    /** The configuration's name in Azure. Default: the Pulumi name plus a random suffix. */
    readonly configurationName?: pulumi.Input<string>;
    readonly recurrence: Recurrence;
    /** The first window's start, "yyyy-MM-dd HH:mm" in `timeZone`. */
    readonly start: string;
    /** The window's length, "HH:mm", 01:30 to 03:55. */
    readonly duration: string;
    /** A Windows time-zone id, e.g. "W. Europe Standard Time", "UTC". */
    readonly timeZone: string;
    /** When the schedule ends, "yyyy-MM-dd HH:mm". Default: never. */
    readonly expiration?: string;
    /** Default "IfRequired". */
    readonly reboot?: "IfRequired" | "Never" | "Always";
    /** What to install on Windows machines. Default: Critical and Security. */
    readonly windows?: WindowsPatches;
    /** What to install on Linux machines. Default: Critical and Security. */
    readonly linux?: LinuxPatches;
    /** VMs (Azure resource ids) to assign the schedule to. The VM components take `schedule` instead. */
    readonly virtualMachineIds?: readonly pulumi.Input<string>[];
    /** Dynamic scopes that assign the schedule to the machines they select. */
    readonly dynamicScopes?: readonly DynamicScope[];
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}
