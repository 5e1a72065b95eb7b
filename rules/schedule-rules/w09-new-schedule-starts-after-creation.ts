/**
 * W9: a guest-patch schedule being created starts at least 15 minutes after it is created. Microsoft's
 * maintenance-configurations page lists it among the guest scope's limitations ("The start time for a
 * schedule should be at least 15 minutes after the schedule's creation time"), and Update Manager needs
 * a schedule (and its assignments) in place 15 minutes before a run. A recommendation, not one of R19's
 * errors: Microsoft writes "should" and documents no refusal, and an existing schedule whose start has
 * passed is normal (Azure keeps running it on its recurrence), so only a check that knows the
 * configuration is being created can call the start wrong.
 *
 * The start is a wall-clock time in the window's Windows time zone; it is placed in time through the
 * zone's IANA equivalent (Unicode CLDR), or, for a zone without one, only when every offset on Earth
 * agrees. "Now" comes from the caller (ScheduleClock): the rule reads no clock.
 */
import type { MaintenanceConfigurationProfile } from "./maintenance-configuration";
import { isGuestPatchConfiguration } from "./r19-guest-patch-configuration-is-valid";
import { configurationRule, knownString, type ScheduleClock } from "./schedule-rule";
import { SCHEDULE_DOCS, SCHEDULE_SOURCES } from "./schedule-sources";
import { formatWindowDateTime, parseWindowDateTime, windowInstant } from "./schedule-window";
import { WINDOWS_TO_IANA } from "./windows-time-zones";

/** How long after its creation a guest-patch schedule's start should be, in minutes. */
export const START_AFTER_CREATION_MINUTES = 15;

/** What W9 reports when the start is too soon after now (in its zone, or in every zone on Earth); undefined otherwise. */
function tooSoon(mc: MaintenanceConfigurationProfile, clock: ScheduleClock) {
    const startText = knownString(mc.startDateTime);
    const zone = knownString(mc.timeZone);
    const start = startText === undefined ? undefined : parseWindowDateTime(startText);
    if (start === undefined || zone === undefined) return undefined; // R19 reports the format
    const iana = Object.hasOwn(WINDOWS_TO_IANA, zone) ? WINDOWS_TO_IANA[zone] : undefined;
    const nowMinutes = Math.floor(clock.now / 60_000);
    const earliestAllowed = nowMinutes + START_AFTER_CREATION_MINUTES;
    const { latest } = windowInstant(start, iana);
    // Only a start too soon in its zone (or, zone unplaced, in every zone) is a finding: never a guess.
    if (latest >= earliestAllowed) return undefined;
    return { startText, zone, iana, nowMinutes, earliestAllowed, past: latest < nowMinutes };
}

export const newScheduleStartsAfterCreation = configurationRule({
    id: "W9",
    severity: "warning",
    title: "a guest-patch schedule being created starts at least 15 minutes after its creation",
    docUrl: SCHEDULE_DOCS.maintenanceConfigurations,
    sources: [SCHEDULE_SOURCES.maintenanceConfigurations],
    check(mc, clock) {
        if (!clock || clock.creation === "existing" || !isGuestPatchConfiguration(mc)) return [];
        const soon = tooSoon(mc, clock);
        if (!soon) return [];
        // A suggestion a person would write: the next full hour at least an hour ahead, in the zone.
        const suggestion = Math.ceil((soon.nowMinutes + 60) / 60) * 60;
        const inZone = soon.iana ? `in ${soon.zone}` : "in UTC (place it in your zone)";
        const when = soon.past ? "is already past" : `is less than ${START_AFTER_CREATION_MINUTES} minutes away`;
        const ifNew =
            clock.creation === "new"
                ? ""
                : " If this configuration already exists, this does not apply: Azure keeps running a schedule whose start has passed.";
        return [
            {
                field: mc.startDateTime,
                reason: `the first window's start ${when} (now is ${formatWindowDateTime(soon.nowMinutes, soon.iana)} ${soon.iana ? `in ${soon.zone}` : "UTC"}); Update Manager asks that a new schedule start at least ${START_AFTER_CREATION_MINUTES} minutes after it is created.${ifNew}`,
                allowed: `a start after ${formatWindowDateTime(soon.earliestAllowed, soon.iana)} ${soon.iana ? `(${soon.zone})` : "UTC"}, at creation`,
                fix: `set ${mc.startDateTime.path} to a later start, for example "${formatWindowDateTime(suggestion, soon.iana)}" ${inZone}; the recurrence then repeats from there.`,
            },
        ];
    },
});
