/**
 * The offline check on fleet programs of 100, 1,000 and 5,000 VMs (half raw azure-native VMs, half
 * PatchedWindowsVirtualMachine components), against the floor: the same program under plain Pulumi
 * mocks (`pulumi.runtime.setMocks`, no policy pack), in the same run. Plain mocks get the heap limit
 * the check gives its program host (Node's default, about 4 GB, is exhausted before 5,000 VMs), and
 * otherwise Node's defaults.
 *
 * Each size alternates the two sides (plain, check, plain, check...) and states min/median/max of the
 * wall time per VM, the CPU time per VM (every process of the side: the check, its program host and
 * its policy pack), and the peak memory of all of the side's processes together (sampled from /proc),
 * with the machine's load. The check runs as users run it: its CLI, default settings, no flags.
 * Each round's pair gives a ratio check/plain; the verdicts are the medians of those ratios (CPU: on
 * a machine shared with other jobs, wall time measures the neighbours).
 *
 * Targets: the check's CPU per VM within 1.15x of plain mocks' at 1,000 and 5,000 VMs (it also
 * analyses every resource with the pack, which plain mocks do not; its program host skips work of the
 * SDK's that plain mocks do, docs/offline-check.md#large-programs, so it can come in under the floor);
 * its memory per VM at 5,000 VMs no more than at 1,000 (flat); 5,000 VMs within 7 GB (the smallest
 * common hosted CI runner). Exit code 1 when one is missed.
 *
 * `npm run bench -- check-scale` runs it; BENCH_SIZES=100,1000 and BENCH_ROUNDS=3 change the sizes
 * and rounds.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { hostNodeFlags } from "../check/run-program";
import { alternate, formatSummary, load, machine, pairRatios, summarize, Verdicts } from "./support/rounds";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(REPO_ROOT, "dist", "check", "cli.js");
const SIZES = (process.env.BENCH_SIZES ?? "100,1000,5000").split(",").map(Number);
/** Rounds per size: the large sizes take minutes per round. */
const ROUNDS = (size: number) => Number(process.env.BENCH_ROUNDS ?? (size >= 5000 ? 1 : size >= 1000 ? 2 : 3));
const TARGETS = { cpuRatio: 1.15, memoryGrowth: 1.0, memory5000Bytes: 7 * 2 ** 30 };

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const compute = require("@pulumi/azure-native/compute");
const { PatchedWindowsVirtualMachine } = require("pulumi-azure-vm-patching/components");

const count = Number(new pulumi.Config().require("vms"));
const image = { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2019-Datacenter", version: "latest" };
for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
        new compute.VirtualMachine("raw-" + i, {
            resourceGroupName: "rg",
            location: "westeurope",
            hardwareProfile: { vmSize: "Standard_D2s_v5" },
            networkProfile: { networkInterfaces: [{ id: "/subscriptions/x/nic-" + i, primary: true }] },
            storageProfile: { imageReference: image, osDisk: { createOption: "FromImage" } },
            osProfile: {
                computerName: "raw-" + i,
                adminUsername: "azureadmin",
                adminPassword: pulumi.secret("Bench-only-passw0rd"),
                windowsConfiguration: {
                    enableAutomaticUpdates: true,
                    provisionVMAgent: true,
                    patchSettings: { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" },
                },
            },
        });
    } else {
        new PatchedWindowsVirtualMachine("component-" + i, {
            resourceGroupName: "rg",
            vmSize: "Standard_D2s_v5",
            imageReference: image,
            adminUsername: "azureadmin",
            adminPassword: "Bench-only-passw0rd",
            networkInterfaceIds: ["/subscriptions/x/nic-" + i],
            patching: { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" },
        });
    }
}
`;

/** The fleet program as a user's project: Pulumi.yaml, index.js, node_modules from this repository. */
function fleetProject(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-scale-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: fleet-scale\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
    const modules = path.join(dir, "node_modules");
    fs.mkdirSync(modules);
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi"), path.join(modules, "@pulumi"), "dir");
    fs.symlinkSync(REPO_ROOT, path.join(modules, "pulumi-azure-vm-patching"), "dir");
    return dir;
}

/** Plain mocks, in this process (the child mode of this file): the program and nothing else. */
async function runPlain(dir: string, vms: number): Promise<void> {
    process.chdir(dir);
    const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [dir] })) as typeof import("@pulumi/pulumi");
    pulumi.runtime.setAllConfig({ "fleet-scale:vms": String(vms) });
    let registered = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered++;
                return { id: `${args.name}-id`, state: { name: args.name, ...args.inputs } };
            },
            call: (args) => args.inputs,
        },
        "fleet-scale",
        "dev",
        false,
    );
    await pulumi.runtime.runInPulumiStack(async () => {
        require(path.join(dir, "index.js"));
    });
    await pulumi.runtime.disconnect();
    console.log(JSON.stringify({ registered }));
    process.exit(0);
}

interface Sample {
    readonly wallMs: number;
    readonly cpuMs: number;
    readonly peakBytes: number;
}

const PAGE = 4096;
const TICK_MS = 10; // USER_HZ 100

/** The process and its descendants (Linux /proc). */
function tree(root: number): number[] {
    const children = new Map<number, number[]>();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
        } catch {
            // gone meanwhile
        }
    }
    const out: number[] = [];
    const visit = (pid: number) => {
        out.push(pid);
        for (const c of children.get(pid) ?? []) visit(c);
    };
    visit(root);
    return out;
}

/** Resident memory and CPU so far of one process, or undefined once it is gone. */
function usage(pid: number): { rss: number; cpuMs: number } | undefined {
    try {
        const fields = fs
            .readFileSync(`/proc/${pid}/stat`, "utf8")
            .slice(fs.readFileSync(`/proc/${pid}/stat`, "utf8").lastIndexOf(")") + 2)
            .split(" ");
        return { cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS, rss: Number(fields[21]) * PAGE };
    } catch {
        return undefined;
    }
}

/** Runs a command, sampling its process tree: wall time, CPU of every process, peak total memory. */
function measure(args: readonly string[], expectExit: number): Promise<Sample> {
    return new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const child = spawn(process.execPath, [...args], { stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (c: Buffer) => {
            stderr = (stderr + c.toString("utf8")).slice(-4000);
        });
        child.stdout.resume();
        const cpu = new Map<number, number>();
        let peak = 0;
        const sample = () => {
            let rss = 0;
            for (const pid of tree(child.pid ?? 0)) {
                const u = usage(pid);
                if (!u) continue;
                rss += u.rss;
                cpu.set(pid, u.cpuMs);
            }
            peak = Math.max(peak, rss);
        };
        const timer = setInterval(sample, 250);
        child.on("exit", () => sample());
        child.on("close", (code) => {
            clearInterval(timer);
            if (code !== expectExit) return reject(new Error(`${args.join(" ")} exited ${code}:\n${stderr}`));
            const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
            resolve({ wallMs, cpuMs: [...cpu.values()].reduce((a, b) => a + b, 0), peakBytes: peak });
        });
    });
}

export async function main(): Promise<void> {
    const dir = fleetProject();
    console.log(`check-scale: fleet program (half raw VMs, half components); plain mocks vs the check, alternating`);
    const heapOnly = hostNodeFlags().filter((f) => f.startsWith("--max-old-space-size"));
    const verdicts = new Verdicts();
    const perVmMemory = new Map<number, number>();
    for (const vms of SIZES) {
        const loadBefore = load();
        const runs = await alternate(ROUNDS(vms), ["plain", "check"] as const, (side) =>
            side === "plain"
                ? measure([...heapOnly, __filename, "plain", dir, String(vms)], 0)
                : measure([CLI, "--json", "-q", dir, "-c", `vms=${vms}`], 0),
        );
        console.log(`  ${vms} VMs, ${ROUNDS(vms)} round(s) per side; ${machine()} (at start ${loadBefore}):`);
        const per = (xs: Sample[], f: (s: Sample) => number) => xs.map((s) => f(s) / vms);
        for (const side of ["plain", "check"] as const) {
            const xs = runs[side];
            console.log(`   ${side === "plain" ? "plain mocks" : "check"}`);
            console.log(
                `    wall per VM          ${formatSummary(
                    per(xs, (s) => s.wallMs),
                    "ms",
                    2,
                )}`,
            );
            console.log(
                `    CPU per VM           ${formatSummary(
                    per(xs, (s) => s.cpuMs),
                    "ms",
                    2,
                )}`,
            );
            console.log(
                `    peak memory per VM   ${formatSummary(
                    per(xs, (s) => s.peakBytes / 2 ** 20),
                    "MB",
                    3,
                )}`,
            );
            console.log(
                `    peak memory          ${formatSummary(
                    xs.map((s) => s.peakBytes / 2 ** 30),
                    "GB",
                    2,
                )}`,
            );
        }
        const ratios = (f: (s: Sample) => number) => pairRatios(runs.check.map(f), runs.plain.map(f));
        const cpuRatios = ratios((s) => s.cpuMs);
        console.log(`   ratio check/plain per round: CPU ${formatSummary(cpuRatios, "x", 2)}`);
        console.log(
            `   ratio check/plain per round: wall ${formatSummary(
                ratios((s) => s.wallMs),
                "x",
                2,
            )}`,
        );
        console.log(
            `   ratio check/plain per round: peak memory ${formatSummary(
                ratios((s) => s.peakBytes),
                "x",
                2,
            )}`,
        );
        const memory = summarize(runs.check.map((s) => s.peakBytes)).median;
        perVmMemory.set(vms, memory / vms);
        if (vms >= 1000) {
            verdicts.check(
                `${vms} VMs, CPU check/plain (median of rounds)`,
                summarize(cpuRatios).median,
                "at most",
                TARGETS.cpuRatio,
            );
        } else {
            console.log("   (process start-up dominates at this size; no target)");
        }
        if (vms >= 5000) {
            verdicts.check(
                `${vms} VMs, check's peak memory`,
                memory / 2 ** 30,
                "at most",
                TARGETS.memory5000Bytes / 2 ** 30,
                " GB",
            );
        }
    }
    const m1000 = perVmMemory.get(1000);
    const m5000 = perVmMemory.get(5000);
    if (m1000 && m5000) {
        verdicts.check("memory per VM, 5,000 vs 1,000 VMs (flat)", m5000 / m1000, "at most", TARGETS.memoryGrowth);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    verdicts.finish();
}

if (require.main === module) {
    const [mode, dir, vms] = process.argv.slice(2);
    (mode === "plain" ? runPlain(dir, Number(vms)) : main()).catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
