/**
 * R19: a maintenance configuration for guest patching is one Update Manager can run. Each constraint
 * below cites where it comes from: Microsoft's maintenance-configuration and Update Manager pages, the
 * Maintenance REST spec (2023-04-01), and the Terraform azurerm provider's maintenance validations.
 */
import { closestValue } from "../did-you-mean";
import type { RawField } from "../profile";
import { UndeterminedValue } from "../rule-context";
import type { MaintenanceConfigurationProfile } from "./maintenance-configuration";
import { GUEST_PATCH_SCOPE, USER_PATCH_MODE } from "./maintenance-configuration";
import {
    type ConfigurationConstraint,
    type ConfigurationViolation,
    configurationRule,
    knownString,
    knownValue,
} from "./schedule-rule";
import { SCHEDULE_DOCS, SCHEDULE_SOURCES } from "./schedule-sources";
import { parseDuration, parseRecurEvery, parseWindowDateTime, windowMinutes } from "./schedule-window";
import { IANA_TO_WINDOWS, WINDOWS_TIME_ZONES } from "./windows-time-zones";

/** Update Manager's window for the guest scope, in minutes: 1 h 30 to 3 h 55. */
export const GUEST_WINDOW_MINUTES = { min: 90, max: 235 } as const;
/** The guest scope's shortest repeat interval, in hours. */
export const GUEST_MIN_REPEAT_HOURS = 6;
export const SCHEDULE_REBOOT_SETTINGS = ["IfRequired", "Never", "Always"] as const;
/** The update classifications each OS has (Maintenance REST spec; azurerm's enums, case-sensitive). */
export const CLASSIFICATIONS = {
    Windows: ["Critical", "Security", "UpdateRollup", "FeaturePack", "ServicePack", "Definition", "Tools", "Updates"],
    Linux: ["Critical", "Security", "Other"],
} as const;

const S = SCHEDULE_SOURCES;

function violation(
    field: RawField<string> | MaintenanceConfigurationProfile["installPatches"],
    reason: string,
    allowed: string,
    fix: string,
): ConfigurationViolation {
    return { field, reason, allowed, fix };
}

/** A required string: the violation when absent, else its value (or undefined when of another type: named as such). */
function required(
    field: RawField<string>,
    what: string,
    allowed: string,
    example: string,
): ConfigurationViolation[] | string {
    const value = knownString(field);
    if (value !== undefined) return value;
    const wrongType = field.raw !== undefined;
    return [
        violation(
            field,
            wrongType ? `${what} must be a string.` : `a guest-patch schedule needs ${what}.`,
            allowed,
            `set ${field.path}, for example "${example}".`,
        ),
    ];
}

const scope: ConfigurationConstraint = {
    title: "maintenanceScope is InGuestPatch for a configuration with installPatches or InGuestPatchMode",
    source: S.maintenanceSpec,
    check(mc) {
        const value = knownString(mc.maintenanceScope);
        if (value === GUEST_PATCH_SCOPE) return [];
        return [
            violation(
                mc.maintenanceScope,
                "installPatches and InGuestPatchMode only take effect on a configuration for guest patching.",
                GUEST_PATCH_SCOPE,
                `set ${mc.maintenanceScope.path} to "${GUEST_PATCH_SCOPE}" (or remove installPatches for a configuration of another scope).`,
            ),
        ];
    },
};

const patchMode: ConfigurationConstraint = {
    title: "extension property InGuestPatchMode is User (customer-managed schedules)",
    source: S.programmatic,
    check(mc) {
        const value = knownString(mc.inGuestPatchMode);
        if (value === USER_PATCH_MODE) return [];
        return [
            violation(
                mc.inGuestPatchMode,
                value === undefined
                    ? "Update Manager runs a guest-patch configuration on a customer-managed schedule only with InGuestPatchMode User (azurerm refuses InGuestPatch without it)."
                    : `InGuestPatchMode ${JSON.stringify(value)} is not a customer-managed schedule.`,
                USER_PATCH_MODE,
                `set ${mc.inGuestPatchMode.path} to "${USER_PATCH_MODE}".`,
            ),
        ];
    },
};

const visibility: ConfigurationConstraint = {
    title: "visibility is Custom (the API refuses to create Public configurations)",
    source: S.azurermMaintenanceConfiguration,
    check(mc) {
        const value = knownString(mc.visibility);
        if (value === undefined || value === "Custom") return [];
        return [
            violation(
                mc.visibility,
                "only Microsoft publishes Public configurations.",
                "Custom",
                `set ${mc.visibility.path} to "Custom" or remove it.`,
            ),
        ];
    },
};

const start: ConfigurationConstraint = {
    title: 'startDateTime is a real date and time written "yyyy-MM-dd HH:mm"',
    source: S.maintenanceSpec,
    check(mc) {
        const value = required(mc.startDateTime, "a start (startDateTime)", '"yyyy-MM-dd HH:mm"', "2026-12-05 22:00");
        if (typeof value !== "string") return value;
        if (parseWindowDateTime(value)) return [];
        return [
            violation(
                mc.startDateTime,
                "the window's start is not a date and time in the format the Maintenance API reads.",
                '"yyyy-MM-dd HH:mm", 24-hour, in the window\'s time zone',
                `write it like "2026-12-05 22:00".`,
            ),
        ];
    },
};

const expiration: ConfigurationConstraint = {
    title: 'expirationDateTime, when set, is written "yyyy-MM-dd HH:mm" and after the start (derived: an expiry before the start means the schedule never runs)',
    source: S.maintenanceSpec,
    check(mc) {
        const value = knownString(mc.expirationDateTime);
        if (value === undefined && mc.expirationDateTime.raw === undefined) return [];
        const end = value === undefined ? undefined : parseWindowDateTime(value);
        if (!end) {
            return [
                violation(
                    mc.expirationDateTime,
                    "the expiry is not a date and time in the format the Maintenance API reads.",
                    '"yyyy-MM-dd HH:mm", or not set (the schedule never expires)',
                    `write it like "2027-12-31 23:59", or remove it.`,
                ),
            ];
        }
        const startText = knownString(mc.startDateTime);
        const begin = startText === undefined ? undefined : parseWindowDateTime(startText);
        if (!begin || windowMinutes(end) > windowMinutes(begin)) return [];
        return [
            violation(
                mc.expirationDateTime,
                `the schedule expires before (or when) its first window starts (${startText}), so it never runs.`,
                `a date and time after ${startText}`,
                `move ${mc.expirationDateTime.path} after the start, or remove it.`,
            ),
        ];
    },
};

const duration: ConfigurationConstraint = {
    title: 'duration is "HH:mm" between 01:30 and 03:55 for the guest scope',
    source: S.maintenanceConfigurations,
    check(mc) {
        const value = required(mc.duration, "a duration", '"HH:mm" from 01:30 to 03:55', "03:00");
        if (typeof value !== "string") return value;
        const minutes = parseDuration(value);
        const allowed = '"HH:mm" from "01:30" to "03:55"';
        if (minutes === undefined) {
            return [
                violation(
                    mc.duration,
                    "the duration is not written hours:minutes (azurerm's pattern).",
                    allowed,
                    'write it like "03:00".',
                ),
            ];
        }
        if (minutes < GUEST_WINDOW_MINUTES.min) {
            return [
                violation(
                    mc.duration,
                    "Update Manager's guest-patch window is at least 1 hour 30 minutes (schedules created before the minimum was raised from 1:10 keep theirs; new ones are refused).",
                    allowed,
                    'set it to "01:30" or more.',
                ),
            ];
        }
        if (minutes > GUEST_WINDOW_MINUTES.max) {
            return [
                violation(
                    mc.duration,
                    "Update Manager's guest-patch window is at most 3 hours 55 minutes.",
                    allowed,
                    'set it to "03:55" or less, or split the work into two schedules.',
                ),
            ];
        }
        return [];
    },
};

const timeZone: ConfigurationConstraint = {
    title: "timeZone is a Windows time-zone id (azurerm's list, case-sensitive)",
    source: S.azurermMaintenanceValidate,
    check(mc) {
        const value = required(mc.timeZone, "a time zone", "a Windows time-zone id", "W. Europe Standard Time");
        if (typeof value !== "string") return value;
        if (WINDOWS_TIME_ZONES.includes(value)) return [];
        const suggestion = IANA_TO_WINDOWS[value] ?? closestValue(value, WINDOWS_TIME_ZONES);
        return [
            violation(
                mc.timeZone,
                "the Maintenance API takes Windows time-zone ids (as [System.TimeZoneInfo]::GetSystemTimeZones() lists them), not IANA names.",
                'a Windows time-zone id such as "UTC", "W. Europe Standard Time", "Pacific Standard Time"',
                suggestion
                    ? `did you mean "${suggestion}"?`
                    : "use the Windows id of the zone (Unicode CLDR's windowsZones maps IANA names to them).",
            ),
        ];
    },
};

const recurrence: ConfigurationConstraint = {
    title: "recurEvery follows the spec's grammar (a monthly one names its days or week; hourly repeats at least every 6 hours)",
    source: S.maintenanceSpec,
    check(mc) {
        const value = knownString(mc.recurEvery);
        if (value === undefined && mc.recurEvery.raw === undefined) return [];
        const allowed =
            '"Day", "2Days", "Week Saturday,Sunday", "Month day1,day15", "Month Last Sunday Offset-3", "6Hours"';
        const parsed =
            value === undefined ? { ok: false as const, problem: "it must be a string" } : parseRecurEvery(value);
        if (!parsed.ok)
            return [
                violation(
                    mc.recurEvery,
                    `${parsed.problem}.`,
                    allowed,
                    "write the recurrence in one of the allowed forms.",
                ),
            ];
        if (parsed.unit === "Hour" && parsed.every < GUEST_MIN_REPEAT_HOURS) {
            return [
                violation(
                    mc.recurEvery,
                    `a guest-patch schedule repeats at most every ${GUEST_MIN_REPEAT_HOURS} hours.`,
                    `${GUEST_MIN_REPEAT_HOURS}Hours or longer, or a daily, weekly or monthly recurrence`,
                    `write "${GUEST_MIN_REPEAT_HOURS}Hours" or more.`,
                ),
            ];
        }
        return [];
    },
};

const installPatches: ConfigurationConstraint = {
    title: "installPatches is set (what to install, and whether to reboot)",
    source: S.azurermMaintenanceConfiguration,
    check(mc) {
        if (knownValue(mc.installPatches) !== undefined) return [];
        return [
            violation(
                mc.installPatches,
                "a guest-patch schedule without installPatches has nothing to install.",
                "installPatches with rebootSetting and the Windows and/or Linux classifications",
                `set ${mc.installPatches.path}, for example { rebootSetting: "IfRequired", windowsParameters: { classificationsToInclude: ["Critical", "Security"] } }.`,
            ),
        ];
    },
};

const reboot: ConfigurationConstraint = {
    title: "rebootSetting is IfRequired, Never or Always",
    source: S.maintenanceSpec,
    check(mc) {
        const value = knownString(mc.rebootSetting);
        if (value === undefined && mc.rebootSetting.raw === undefined) return [];
        if (value !== undefined && (SCHEDULE_REBOOT_SETTINGS as readonly string[]).includes(value)) return [];
        const near = value === undefined ? undefined : closestValue(value, SCHEDULE_REBOOT_SETTINGS);
        return [
            violation(
                mc.rebootSetting,
                value === "AlwaysReboot" || value === "NeverReboot"
                    ? "that is the VM installPatches action's value; a maintenance configuration takes IfRequired, Never or Always."
                    : "not a reboot setting of a maintenance configuration.",
                SCHEDULE_REBOOT_SETTINGS.join(", "),
                near ? `did you mean "${near}"?` : `use one of ${SCHEDULE_REBOOT_SETTINGS.join(", ")}.`,
            ),
        ];
    },
};

function classifications(os: "Windows" | "Linux"): ConfigurationConstraint {
    const allowed: readonly string[] = CLASSIFICATIONS[os];
    return {
        title: `${os} classifications are ${allowed.join(", ")}`,
        source: S.maintenanceSpec,
        check(mc) {
            const list = knownValue(os === "Windows" ? mc.windowsClassifications : mc.linuxClassifications);
            const out: ConfigurationViolation[] = [];
            for (const item of list ?? []) {
                const value = knownString(item);
                if (value !== undefined && allowed.includes(value)) continue;
                const other = os === "Windows" ? CLASSIFICATIONS.Linux : CLASSIFICATIONS.Windows;
                const near = value === undefined ? undefined : closestValue(value, allowed);
                out.push(
                    violation(
                        item,
                        value !== undefined && (other as readonly string[]).includes(value)
                            ? `${value} is a ${os === "Windows" ? "Linux" : "Windows"} classification, not a ${os} one.`
                            : `not a ${os} update classification.`,
                        allowed.join(", "),
                        near ? `did you mean "${near}"?` : `use ${allowed.join(", ")}.`,
                    ),
                );
            }
            return out;
        },
    };
}

/** R19's constraints, in the order they are checked and documented. */
const CONSTRAINTS: readonly ConfigurationConstraint[] = [
    scope,
    patchMode,
    visibility,
    start,
    expiration,
    duration,
    timeZone,
    recurrence,
    installPatches,
    reboot,
    classifications("Windows"),
    classifications("Linux"),
];

/**
 * Whether the configuration is meant for guest patching (R19 applies): its scope is InGuestPatch, or
 * it has installPatches or InGuestPatchMode (a guest-patch configuration with the wrong scope).
 */
export function isGuestPatchConfiguration(mc: MaintenanceConfigurationProfile): boolean {
    const value = knownString(mc.maintenanceScope);
    if (value === GUEST_PATCH_SCOPE) return true;
    return mc.installPatches.explicit || mc.inGuestPatchMode.explicit;
}

export const guestPatchConfigurationIsValid = configurationRule({
    id: "R19",
    severity: "error",
    title: "a maintenance configuration for guest patching is valid (scope, InGuestPatchMode, window, installPatches)",
    docUrl: SCHEDULE_DOCS.maintenanceConfigurations,
    sources: [
        S.maintenanceConfigurations,
        S.scheduledPatching,
        S.programmatic,
        S.maintenanceSpec,
        S.azurermMaintenanceValidate,
        S.azurermMaintenanceConfiguration,
        S.monthlyWindowIssue,
    ],
    constraints: CONSTRAINTS,
    check(mc) {
        if (!isGuestPatchConfiguration(mc)) return [];
        const out: ConfigurationViolation[] = [];
        let unknown: UndeterminedValue | undefined;
        // Each constraint on its own: an unknown value leaves only the constraints that read it undecided.
        for (const constraint of CONSTRAINTS) {
            try {
                out.push(...constraint.check(mc));
            } catch (error) {
                if (!(error instanceof UndeterminedValue)) throw error;
                unknown ??= error;
            }
        }
        if (out.length === 0 && unknown) throw unknown;
        return out;
    },
});
