/**
 * The text formats of a maintenance window, parsed: its start and expiry ("yyyy-MM-dd HH:mm"), its
 * duration ("HH:mm") and its recurrence (recurEvery). The Maintenance REST spec describes recurEvery in
 * prose only (MaintenanceWindow.recurEvery); the grammar below restates it:
 *
 *     daily   = [n] ("Day" | "Days")                                   Day, 3Days
 *     weekly  = [n] ("Week" | "Weeks") [" " weekday {"," weekday}]     Week Saturday,Sunday
 *     monthly = [n] ("Month" | "Months") " " (daylist | relative)      Month day23,day24
 *     daylist = "day" 1..31 {",day" 1..31}
 *     relative= ordinal " " weekday [" Offset" [-]0..6]                Month Last Sunday Offset-3
 *     hourly  = [n] ("Hour" | "Hours")                                 6Hours
 *
 * A monthly recurrence without a day list or a week of the month is listed by the spec's text but
 * refused by the service ("Monthly maintenance window is missing day of month or week of month").
 */

/** A date and time as a window writes it, checked against the calendar. */
export interface WindowDateTime {
    readonly year: number;
    readonly month: number;
    readonly day: number;
    readonly hour: number;
    readonly minute: number;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/** "2026-12-05 22:00" as its parts; undefined when it is not that format or not a real date and time. */
export function parseWindowDateTime(text: string): WindowDateTime | undefined {
    const match = DATE_TIME.exec(text);
    if (!match) return undefined;
    const [year, month, day, hour, minute] = match.slice(1).map(Number);
    if (month < 1 || month > 12 || hour > 23 || minute > 59 || day < 1) return undefined;
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day > daysInMonth) return undefined;
    return { year, month, day, hour, minute };
}

/** Minutes since the epoch of a window date (its own time zone, which both dates of a window share). */
export function windowMinutes(t: WindowDateTime): number {
    return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) / 60_000;
}

/** azurerm's duration pattern (validate/maintenance.go): hours 00-23, minutes 00-59. */
const DURATION = /^(0[0-9]|1[0-9]|2[0-3]):([0-5][0-9])$/;

/** "03:55" in minutes; undefined when it is not "HH:mm". */
export function parseDuration(text: string): number | undefined {
    const match = DURATION.exec(text);
    return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export const ORDINALS = ["First", "Second", "Third", "Fourth", "Last"] as const;

/** What a recurEvery says, or what is wrong with it. */
export type Recurrence =
    | { readonly ok: true; readonly unit: "Hour" | "Day" | "Week" | "Month"; readonly every: number }
    | { readonly ok: false; readonly problem: string };

const HEAD = /^(\d*)(Hours?|Days?|Weeks?|Months?)(?: (.+))?$/;

function fail(problem: string): Recurrence {
    return { ok: false, problem };
}

function weekdayList(text: string): string | undefined {
    const days = text.split(",");
    const wrong = days.find((d) => !(WEEKDAYS as readonly string[]).includes(d));
    if (wrong !== undefined)
        return `"${wrong}" is not a weekday (${WEEKDAYS.join(", ")}, comma-separated without spaces)`;
    if (new Set(days).size !== days.length) return "a weekday is listed twice";
    return undefined;
}

function monthlyDetail(text: string): string | undefined {
    if (/^day/.test(text)) {
        for (const item of text.split(",")) {
            const m = /^day(\d{1,2})$/.exec(item);
            if (!m || Number(m[1]) < 1 || Number(m[1]) > 31) {
                return `"${item}" is not a day of the month (day1 to day31, comma-separated without spaces)`;
            }
        }
        return undefined;
    }
    const m = /^(\S+) (\S+)(?: Offset(-?\d+))?$/.exec(text);
    if (!m)
        return `"${text}" is neither a list of days (day1,day15) nor a week of the month (Last Sunday, Second Tuesday Offset2)`;
    const [, ordinal, weekday, offset] = m;
    if (!(ORDINALS as readonly string[]).includes(ordinal))
        return `"${ordinal}" is not a week of the month (${ORDINALS.join(", ")})`;
    if (!(WEEKDAYS as readonly string[]).includes(weekday))
        return `"${weekday}" is not a weekday (${WEEKDAYS.join(", ")})`;
    if (offset !== undefined && Math.abs(Number(offset)) > 6) return `Offset${offset} is outside -6..6`;
    return undefined;
}

/** Parses a recurEvery against the grammar above (case as the spec writes it). */
export function parseRecurEvery(text: string): Recurrence {
    const match = HEAD.exec(text);
    if (!match) {
        return fail(
            "not a recurrence: write [n]Day(s), [n]Week(s) [weekdays], [n]Month(s) followed by days or a week of the month, or [n]Hour(s)",
        );
    }
    const [, count, unitWord, detail] = match;
    const every = count === "" ? 1 : Number(count);
    if (every < 1) return fail("the interval must be at least 1");
    const unit = unitWord.replace(/s$/, "") as "Hour" | "Day" | "Week" | "Month";
    if (unit === "Hour" || unit === "Day") {
        return detail === undefined
            ? { ok: true, unit, every }
            : fail(`a ${unit.toLowerCase()}ly recurrence takes nothing after "${unitWord}"`);
    }
    if (unit === "Week") {
        const problem = detail === undefined ? undefined : weekdayList(detail);
        return problem ? fail(problem) : { ok: true, unit, every };
    }
    if (detail === undefined) {
        return fail(
            "a monthly recurrence needs the days of the month (Month day1,day15) or a week of the month (Month Last Sunday)",
        );
    }
    const problem = monthlyDetail(detail);
    return problem ? fail(problem) : { ok: true, unit, every };
}

/** The widest offsets from UTC a time zone has (UTC-12:00 to UTC+14:00), in minutes. */
const WIDEST_OFFSETS = { west: -12 * 60, east: 14 * 60 } as const;

/** Formatters by IANA zone: at most one per Windows id (about 140), built on first use. */
const WALL_CLOCKS = new Map<string, Intl.DateTimeFormat>();

function wallClock(zone: string): Intl.DateTimeFormat | undefined {
    let clock = WALL_CLOCKS.get(zone);
    if (!clock) {
        try {
            clock = new Intl.DateTimeFormat("en-US", {
                timeZone: zone,
                hourCycle: "h23",
                year: "numeric",
                month: "numeric",
                day: "numeric",
                hour: "numeric",
                minute: "numeric",
            });
        } catch {
            return undefined; // a runtime without this zone's data
        }
        WALL_CLOCKS.set(zone, clock);
    }
    return clock;
}

/** The zone's wall-clock time at an instant, as minutes since the epoch of that wall time. */
function wallMinutes(clock: Intl.DateTimeFormat, instantMinutes: number): number {
    const parts = Object.fromEntries(
        clock.formatToParts(instantMinutes * 60_000).map((p) => [p.type, Number(p.value)] as const),
    );
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) / 60_000;
}

/**
 * When a window's wall-clock time happens, in minutes since the epoch: exact when the zone's IANA
 * equivalent is known to the runtime (earliest = latest), else the range the widest offsets allow.
 */
export function windowInstant(
    t: WindowDateTime,
    ianaZone: string | undefined,
): { readonly earliest: number; readonly latest: number } {
    const wall = windowMinutes(t);
    const clock = ianaZone === undefined ? undefined : wallClock(ianaZone);
    if (!clock) return { earliest: wall - WIDEST_OFFSETS.east, latest: wall - WIDEST_OFFSETS.west };
    // The offset at a first guess, then at the corrected instant (right across a daylight-saving change).
    const first = wall - (wallMinutes(clock, wall) - wall);
    const instant = wall - (wallMinutes(clock, first) - first);
    return { earliest: instant, latest: instant };
}

/** An instant as the zone's wall clock writes a window date ("2026-12-05 22:00"); UTC without a zone. */
export function formatWindowDateTime(instantMinutes: number, ianaZone: string | undefined): string {
    const clock = ianaZone === undefined ? undefined : wallClock(ianaZone);
    const wall = clock ? wallMinutes(clock, instantMinutes) : instantMinutes;
    return new Date(wall * 60_000).toISOString().slice(0, 16).replace("T", " ");
}
