/**
 * The check's processes as CI meets them: a program that never finishes ends at the timeout, one that
 * keeps registering does not; a check stopped by a signal (or killed outright) leaves no program host
 * or policy pack running; the program's output reaches the check's stderr whole when that is a pipe.
 */
import * as assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "check", "cli.js");
const FIXTURES = path.join(ROOT, "test", "check", "fixtures");

interface Finished {
    readonly status: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stdout: string;
    readonly stderr: string;
}

function start(
    args: readonly string[],
    env: Readonly<Record<string, string>> = {},
): { child: ChildProcess; finished: Promise<Finished> } {
    const child = spawn(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c: Buffer) => {
        stdout += c.toString("utf8");
    });
    child.stderr?.on("data", (c: Buffer) => {
        stderr += c.toString("utf8");
    });
    const finished = new Promise<Finished>((resolve) =>
        child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr })),
    );
    return { child, finished };
}

/** The processes whose parent is `pid` (Linux /proc), with their command lines. */
function childrenOf(pid: number): { pid: number; cmdline: string }[] {
    const out: { pid: number; cmdline: string }[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            if (ppid !== pid) continue;
            out.push({ pid: Number(entry), cmdline: fs.readFileSync(`/proc/${entry}/cmdline`, "utf8") });
        } catch {
            // gone meanwhile
        }
    }
    return out;
}

/** Alive and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
    } catch {
        return false;
    }
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms: number): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
        const value = probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

/** Starts the check on a program that never ends, and waits until its host and its pack both run. */
async function checkWithBothChildren(): Promise<{
    child: ChildProcess;
    finished: Promise<Finished>;
    host: number;
    pack: number;
}> {
    const run = start(["--json", path.join(FIXTURES, "never-settles")]);
    const pid = run.child.pid ?? 0;
    const found = await waitFor(
        "the program host and the policy pack",
        () => {
            const children = childrenOf(pid);
            const host = children.find((c) => c.cmdline.includes("program-host"));
            const pack = children.find((c) => c.cmdline.includes("run-policy-pack"));
            return host && pack ? { host: host.pid, pack: pack.pid } : undefined;
        },
        60_000,
    );
    // Let the pack start listening, so it is a server that would otherwise serve forever.
    await new Promise((r) => setTimeout(r, 3_000));
    return { ...run, ...found };
}

describe("the check's processes", function () {
    this.timeout(120_000);
    const leftovers: number[] = [];
    afterEach(() => {
        for (const pid of leftovers.splice(0)) {
            try {
                process.kill(pid, "SIGKILL");
            } catch {
                // already gone, as it should be
            }
        }
    });

    // The three signal runs are started together: each spends most of its time waiting (for its host
    // and pack to start, then three seconds), and each watches only its own processes. What a failed run
    // left is killed once all three are over, never between tests: afterEach would kill another run's
    // children before its own test had seen whether they end by themselves.
    const SIGNALS = ["SIGTERM", "SIGINT", "SIGKILL"] as const;
    const signalled = new Map<string, Promise<{ result: Finished; host: number; pack: number }>>();
    before(() => {
        for (const signal of SIGNALS) {
            const outcome = checkWithBothChildren().then(async ({ child, finished, host, pack }) => {
                child.kill(signal);
                return { result: await finished, host, pack };
            });
            outcome.catch(() => {}); // awaited by its test
            signalled.set(signal, outcome);
        }
    });
    after(async () => {
        // Whatever a failed run left, once every run is over.
        for (const outcome of signalled.values()) {
            const ran = await outcome.catch(() => undefined);
            if (ran) leftovers.push(ran.host, ran.pack);
        }
        for (const pid of leftovers.splice(0)) {
            try {
                process.kill(pid, "SIGKILL");
            } catch {
                // already gone, as it should be
            }
        }
    });

    for (const signal of SIGNALS) {
        it(`${signal} to the check's PID alone: neither the program host nor the policy pack survives`, async () => {
            const outcome = signalled.get(signal);
            assert.ok(outcome);
            const { result, host, pack } = await outcome;
            if (signal !== "SIGKILL") {
                assert.equal(result.status, signal === "SIGINT" ? 130 : 143, result.stderr);
                assert.match(result.stderr, new RegExp(`stopped by ${signal}`));
                const report = JSON.parse(result.stdout) as { exitCode: number; error: { message: string } };
                assert.equal(report.exitCode, result.status);
            }
            await waitFor("the children to end", () => (alive(host) || alive(pack) ? undefined : true), 10_000);
        });
    }

    it("a program that never finishes ends at --timeout: exit 5, the limit named, no child left", async () => {
        const started = Date.now();
        const { child, finished } = start(["--json", "--timeout", "4", path.join(FIXTURES, "never-settles")]);
        const pid = child.pid ?? 0;
        const seen = new Set<number>();
        const watch = setInterval(() => {
            for (const c of childrenOf(pid)) seen.add(c.pid);
        }, 200);
        const result = await finished;
        clearInterval(watch);
        leftovers.push(...seen);
        assert.equal(result.status, 5, result.stderr);
        assert.ok(Date.now() - started < 60_000);
        const report = JSON.parse(result.stdout) as { exitCode: number; error: { message: string } };
        assert.equal(report.exitCode, 5);
        assert.match(report.error.message, /did not finish within 4 s/);
        assert.match(report.error.message, /--timeout/);
        await waitFor("the children to end", () => ([...seen].some(alive) ? undefined : true), 10_000);
    });

    it("a program that keeps registering past --timeout is not cut off: the limit counts from its last progress", async () => {
        const started = Date.now();
        // A limit well above a loaded machine's start-up (loading azure-native before the first
        // registration), well below the program's fifteen seconds.
        const { finished } = start(["--json", "--timeout", "10", path.join(FIXTURES, "keeps-registering")]);
        const result = await finished;
        assert.equal(result.status, 0, result.stderr.slice(-2000));
        assert.ok(Date.now() - started > 14_000, "the program ran longer than the limit");
        const report = JSON.parse(result.stdout) as { resources: { type: string }[] };
        assert.equal(report.resources.filter((r) => r.type === "azure-native:resources:ResourceGroup").length, 2_400);
    });

    it("a program that outgrows the heap: exit 5, out of memory named with the heap limit and what to do", async () => {
        const { finished } = start(["--json", "-q", path.join(FIXTURES, "outgrows-memory")], {
            NODE_OPTIONS: "--max-old-space-size=64",
        });
        const result = await finished;
        assert.equal(result.status, 5, result.stderr.slice(-2000));
        const report = JSON.parse(result.stdout) as { exitCode: number; error: { message: string } };
        assert.equal(report.exitCode, 5);
        assert.match(report.error.message, /ran out of memory/);
        assert.match(report.error.message, /heap limit 64 MB, from NODE_OPTIONS/);
        assert.match(report.error.message, /split the program into smaller stacks/);
    });

    it("the program's output reaches stderr whole through a pipe (far beyond 64 KB)", async () => {
        const { finished } = start(["--json", "-q", path.join(FIXTURES, "loud-program")]);
        const result = await finished;
        assert.equal(result.status, 0, result.stderr.slice(-2000));
        const lines = result.stderr.split("\n");
        assert.equal(lines.filter((l) => l.startsWith("stdout line ")).length, 20_000);
        assert.equal(lines.filter((l) => l.startsWith("stderr line ")).length, 4_000);
        assert.ok(lines.includes("END OF STDOUT") && lines.includes("END OF STDERR"));
        const report = JSON.parse(result.stdout) as { resources: { name: string }[] };
        assert.ok(report.resources.some((r) => r.name === "after-the-output"));
    });
});
