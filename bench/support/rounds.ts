/**
 * What every benchmark in bench/ shares, so their verdicts are made the same way: sides measured in
 * alternating rounds (A B A B ...) within one run, min/median/max of each side, the ratio of each
 * round's pair (a burst of load from another process spoils one pair, not the verdict), the verdict on
 * the median of those pair ratios, the machine and its load printed beside the figures, and a non-zero
 * exit code when a target is missed.
 */
import * as fs from "node:fs";
import * as os from "node:os";

export interface Summary {
    readonly min: number;
    readonly median: number;
    readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
    if (values.length === 0) throw new Error("no samples to summarize");
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

/** `min a / median b / max c unit`, each with `digits` decimals. */
export function formatSummary(values: readonly number[], unit: string, digits = 1): string {
    const s = summarize(values);
    return `min ${s.min.toFixed(digits)} / median ${s.median.toFixed(digits)} / max ${s.max.toFixed(digits)} ${unit}`;
}

/**
 * Runs `measure` for each side in turn, `rounds` times (A B A B ...), and returns each side's samples
 * in round order, so sample i of one side pairs with sample i of the other.
 */
export async function alternate<Side extends string, T>(
    rounds: number,
    sides: readonly Side[],
    measure: (side: Side, round: number) => Promise<T> | T,
): Promise<Record<Side, T[]>> {
    const samples = Object.fromEntries(sides.map((side) => [side, [] as T[]])) as Record<Side, T[]>;
    for (let round = 0; round < rounds; round++) {
        for (const side of sides) samples[side].push(await measure(side, round));
    }
    return samples;
}

/** The ratio of each round's pair: `measured[i] / baseline[i]`. */
export function pairRatios(measured: readonly number[], baseline: readonly number[]): number[] {
    if (measured.length !== baseline.length) throw new Error("pair ratios need as many samples on each side");
    return measured.map((value, i) => value / baseline[i]);
}

/** The machine the figures come from, with its load right now (other jobs share its cores). */
export function machine(): string {
    return (
        `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ` +
        `load average ${load()}`
    );
}

export function load(): string {
    return os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ");
}

const TICK_NS = 10_000_000; // USER_HZ 100

/**
 * CPU time a process has used so far, in nanoseconds, from Linux /proc: the sum of its threads'
 * scheduler run time (nanosecond resolution), or its utime + stime in clock ticks where the kernel
 * keeps no schedstat. Undefined once the process is gone or off Linux.
 */
export function processCpuNs(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        let total = 0;
        for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
            total += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
        }
        return total;
    } catch {
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            return (Number(fields[11]) + Number(fields[12])) * TICK_NS;
        } catch {
            return undefined;
        }
    }
}

/** CPU time of this process so far (every thread), in nanoseconds. */
export function ownCpuNs(): number {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) * 1000;
}

export type Comparison = "at most" | "at least";

/** Targets checked as a benchmark goes; `finish()` sets the exit code when any was missed. */
export class Verdicts {
    private missed = 0;

    /** Prints `label value (target comparison target): OK | MISSED` and records the outcome. */
    check(label: string, value: number, comparison: Comparison, target: number, unit = "x"): boolean {
        const ok = comparison === "at most" ? value <= target : value >= target;
        if (!ok) this.missed++;
        console.log(
            `  ${label}: ${value.toFixed(unit === "x" ? 3 : 2)}${unit} (target ${comparison} ${target}${unit}): ${ok ? "OK" : "MISSED"}`,
        );
        return ok;
    }

    finish(): void {
        if (this.missed > 0) {
            console.log(`  ${this.missed} target(s) missed`);
            process.exitCode = 1;
        }
    }
}
