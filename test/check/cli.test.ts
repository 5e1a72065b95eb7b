/**
 * The offline check as a user runs it: the compiled bin in its own process, on the fleet example and on
 * small fixture programs, with the real policy pack behind run-policy-pack. What a CI job relies on:
 * exit codes, JSON that parses (whatever the program prints), the right resources flagged, secrets
 * never shown, config and pack config honoured, clear errors for bad input.
 *
 * Every run is declared in RUNS and started when the suite starts, two at a time (each run is three
 * processes); a test awaits the run it reads, and tests that assert different things about one output
 * share its run.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CliRun, limitedRunCli, ROOT } from "./cli-run";

const FIXTURES = path.join(ROOT, "test", "check", "fixtures");
const FLEET = path.join(ROOT, "examples", "fleet");
const PASSWORD = "Fleet-test-passw0rd-7f3a";

interface JsonViolation {
    readonly urn: string;
    readonly name: string;
    readonly type: string;
    readonly policy: string;
    readonly ruleId?: string;
    readonly ruleIds: readonly string[];
    readonly level: string;
    readonly message: string;
}

interface JsonReport {
    readonly summary: { resources: number; mandatory: number; advisory: number; resourcesFlagged: number };
    readonly exitCode: number;
    readonly violations: readonly JsonViolation[];
    readonly resources: readonly { urn: string; type: string; name: string }[];
    readonly notes: readonly string[];
}

function mandatoryByResource(report: JsonReport): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const v of report.violations.filter((x) => x.level === "mandatory")) {
        out.set(v.name, [...(out.get(v.name) ?? []), v.ruleId ?? "?"].sort());
    }
    return out;
}

const DELIBERATE = new Map([
    ["batch-linux", ["R1"]],
    ["core-win-byos", ["R9"]],
    ["edge-win", ["R8"]],
    ["legacy-sql-win", ["R3"]],
]);

/** A file in a new temporary directory, for the runs that read one. */
function tempFile(prefix: string, name: string, content: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), name);
    fs.writeFileSync(file, content);
    return file;
}

/** A policy pack whose program throws on load (exit 4). */
function brokenPack(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broken-pack-"));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "broken", version: "1.0.0", main: "index.js" }),
    );
    fs.writeFileSync(path.join(dir, "index.js"), 'throw new Error("pack exploded on load");\n');
    return dir;
}

const CONFIG_DRIVEN = path.join(FIXTURES, "config-driven");
const COMPUTED = path.join(FIXTURES, "computed-patch-mode");
const PASSWORD_CONFIG = ["--config", `adminPassword=${PASSWORD}`];
const EXAMPLES = ["windows-server-2022", "hotpatch-azure-edition", "preview-features"] as const;

/** Every run of the check this suite makes, by the name the tests read it under. */
function checkRuns(): Record<string, readonly string[]> {
    const broken = brokenPack();
    return {
        fleetJson: ["--json", FLEET, ...PASSWORD_CONFIG],
        // No Pulumi.yaml above dist/: the project is "project", as under Pulumi's own mocks.
        compiledFleetTable: [path.join(ROOT, "dist", "examples", "fleet", "index.js"), ...PASSWORD_CONFIG, "--quiet"],
        fleetAllAdvisory: [
            "--json",
            "-q",
            FLEET,
            ...PASSWORD_CONFIG,
            "--policy-pack-config",
            tempFile("pack-config-", "advisory.json", JSON.stringify({ all: "advisory" })),
        ],
        fleetWithoutSecret: ["-q", FLEET],
        // No subscription id given to preview-features: offline, the check supplies a placeholder and says so.
        ...Object.fromEntries(
            EXAMPLES.map((example) => [
                example,
                ["--json", "-q", path.join(ROOT, "examples", example), "-c", `adminPassword=${PASSWORD}`],
            ]),
        ),
        stackCi: ["--json", "--stack", "ci", CONFIG_DRIVEN],
        // The stack file overridden, at a size that shows progress.
        stackCiOverridden: [
            "--json",
            "--stack",
            "ci",
            CONFIG_DRIVEN,
            "-c",
            "patchMode=AutomaticByPlatform",
            "-c",
            "vmCount=260",
        ],
        configFile: [
            "--json",
            "-q",
            "--stack",
            "ci",
            "--config-file",
            tempFile(
                "config-file-",
                "settings.yaml",
                "config:\n  config-driven:vmCount: 1\n  config-driven:adminPassword: plain-for-test\n",
            ),
            CONFIG_DRIVEN,
        ],
        computed: ["--json", "-q", COMPUTED],
        computedPreview: ["--json", "-q", "--preview", COMPUTED],
        help: ["--help"],
        unknownOption: ["--jsn", FLEET],
        unknownOptionJson: ["--json", "-q", "--jsn", FLEET],
        configWithoutEquals: [FLEET, "--config", "adminPassword"],
        noSuchProgram: ["examples/no-such-example"],
        noSuchProgramJson: ["--json", "-q", "examples/no-such-example"],
        failingProgram: ["--json", "-q", path.join(FIXTURES, "failing-program")],
        twoRefusals: ["--json", path.join(FIXTURES, "two-refusals")],
        applyFailure: ["-q", path.join(FIXTURES, "apply-failure")],
        stackReference: ["-q", "--json", path.join(FIXTURES, "stack-reference")],
        notAPack: ["-q", FLEET, ...PASSWORD_CONFIG, "--policy-pack", FIXTURES],
        brokenPack: ["--json", "-q", FLEET, ...PASSWORD_CONFIG, "--policy-pack", broken],
        badRuleLevel: [
            "-q",
            FLEET,
            ...PASSWORD_CONFIG,
            "--policy-pack-config",
            tempFile(
                "bad-rule-level-",
                "levels.json",
                JSON.stringify({ "azure-vm-patch-settings": { ruleLevels: { R3: "fatal" } } }),
            ),
        ],
        remediate: [
            "--json",
            "-q",
            "--stack",
            "ci",
            CONFIG_DRIVEN,
            "-c",
            "vmCount=2",
            "--policy-pack-config",
            tempFile("remediate-", "remediate.json", JSON.stringify({ "azure-vm-patch-settings": "remediate" })),
        ],
        badPackConfig: [
            "-q",
            FLEET,
            ...PASSWORD_CONFIG,
            "--policy-pack-config",
            tempFile("bad-pack-config-", "bad.json", "{ all: mandatory"),
        ],
    };
}

describe("azure-vm-patching-check (the offline policy check)", function () {
    // The shipped pack runs from the repository's build (npm run build), like the check itself.
    this.timeout(180_000);
    const runs = new Map<string, Promise<CliRun>>();
    before(() => {
        const runCli = limitedRunCli(2);
        for (const [name, args] of Object.entries(checkRuns())) {
            const run = runCli(args);
            run.catch(() => {}); // awaited by the tests that read it
            runs.set(name, run);
        }
    });
    const cli = (name: string): Promise<CliRun> => {
        const run = runs.get(name);
        assert.ok(run, `no run named ${name}`);
        return run;
    };

    describe("on the fleet example", () => {
        let json: CliRun;
        let report: JsonReport;
        before(async () => {
            json = await cli("fleetJson");
            report = JSON.parse(json.stdout) as JsonReport;
        });

        it("flags exactly the deliberately non-compliant VMs, each with its rule, and exits 1", () => {
            assert.equal(json.status, 1, json.stderr);
            assert.equal(report.exitCode, 1);
            assert.deepEqual(mandatoryByResource(report), DELIBERATE);
            for (const v of report.violations.filter((x) => x.level === "mandatory")) {
                assert.equal(v.type, "azure-native:compute:VirtualMachine");
                assert.match(v.urn, new RegExp(`::${v.name}$`));
            }
        });

        it("sees every resource the program registers, components and their children included", () => {
            const types = new Set(report.resources.map((r) => r.type));
            for (const t of [
                "pulumi:pulumi:Stack",
                "azure-vm-patching:compute:WindowsVirtualMachine",
                "azure-vm-patching:compute:LinuxVirtualMachine",
                "azure-native:compute:VirtualMachineScaleSet",
            ]) {
                assert.ok(types.has(t), `no ${t} in ${[...types].join(", ")}`);
            }
            const componentVm = report.resources.find(
                (r) => r.type === "azure-native:compute:VirtualMachine" && r.name === "app-win",
            );
            assert.ok(componentVm, "the component's VM is analysed too");
            assert.match(componentVm.urn, /WindowsVirtualMachine\$azure-native:compute:VirtualMachine::app-win$/);
            assert.equal(report.summary.resources, report.resources.length);
        });

        it("never shows the admin password (a secret) in its output", async () => {
            for (const run of [json, await cli("compiledFleetTable")]) {
                assert.ok(!run.stdout.includes(PASSWORD));
                assert.ok(!run.stderr.includes(PASSWORD));
            }
        });

        it("prints a readable table by default: one row per violation, the message wrapped under it", async () => {
            const table = await cli("compiledFleetTable");
            assert.equal(table.status, 1);
            assert.equal(table.stderr, "", "--quiet: nothing on stderr");
            const lines = table.stdout.split("\n");
            assert.match(lines[0], /^RESOURCE\s+TYPE\s+POLICY\s+LEVEL$/);
            for (const [name, [rule]] of DELIBERATE) {
                const row = lines.findIndex((l) => l.startsWith(`${name} `) && l.trimEnd().endsWith("mandatory"));
                assert.ok(row > 0, `no mandatory row for ${name}`);
                assert.ok(lines[row + 1].startsWith("    ") && lines[row + 1].includes(`[${rule}]`), lines[row + 1]);
            }
            // Wrapped to 120 columns (stdout is not a terminal); only an unbreakable URL may be longer.
            for (const l of lines) assert.ok(l.length <= 120 || /^\s*\S+$/.test(l) || /https?:\/\//.test(l), l);
            assert.match(table.stdout, /Result: FAIL/);
        });

        it("runs the compiled JavaScript of the same program with the same result", async () => {
            // The table run above is of dist/examples/fleet/index.js: the same four VMs, each with its rule.
            const compiled = await cli("compiledFleetTable");
            assert.equal(compiled.status, 1, compiled.stderr);
            assert.match(compiled.stdout, /4 mandatory and \d+ advisory violation\(s\) on 4 of \d+ resources/);
            assert.match(
                compiled.stdout,
                /Mandatory violations on: batch-linux, core-win-byos, edge-win, legacy-sql-win\./,
            );
            const mandatoryRows = compiled.stdout
                .split("\n")
                .filter((l) => /^\S/.test(l) && l.trimEnd().endsWith("mandatory"));
            assert.equal(mandatoryRows.length, DELIBERATE.size, mandatoryRows.join("\n"));
        });

        it("exits 0 when the policy-pack config makes every policy advisory, still reporting them", async () => {
            const run = await cli("fleetAllAdvisory");
            assert.equal(run.status, 0, run.stderr);
            const advisory = JSON.parse(run.stdout) as JsonReport;
            assert.equal(advisory.summary.mandatory, 0);
            for (const [name, [rule]] of DELIBERATE) {
                assert.ok(
                    advisory.violations.some((v) => v.name === name && v.ruleId === rule && v.level === "advisory"),
                );
            }
        });

        it("reports Pulumi's missing-config error with exit code 3 when a required secret is not given", async () => {
            const run = await cli("fleetWithoutSecret");
            assert.equal(run.status, 3);
            assert.match(run.stderr, /error: the program failed under the mocks/);
            assert.match(run.stderr, /adminPassword/);
        });
    });

    describe("on the other examples", () => {
        for (const example of EXAMPLES) {
            it(`${example}: compliant, no violation of any level (exit 0)`, async () => {
                const run = await cli(example);
                assert.equal(run.status, 0, run.stderr);
                const report = JSON.parse(run.stdout) as JsonReport;
                assert.deepEqual(report.violations, []);
                assert.ok(report.resources.some((r) => r.type === "azure-native:compute:VirtualMachine"));
            });
        }
    });

    describe("stack config", () => {
        it("reads Pulumi.<stack>.yaml, replaces an encrypted value by a placeholder secret and says so", async () => {
            const run = await cli("stackCi");
            assert.equal(run.status, 1, run.stderr);
            const report = JSON.parse(run.stdout) as JsonReport;
            // Pulumi.ci.yaml: 3 VMs in Manual with automatic updates on (R3 each).
            assert.deepEqual(
                mandatoryByResource(report),
                new Map([
                    ["vm-0", ["R3"]],
                    ["vm-1", ["R3"]],
                    ["vm-2", ["R3"]],
                ]),
            );
            assert.equal(report.notes.length, 1);
            assert.match(report.notes[0], /config-driven:adminPassword is encrypted/);
            assert.match(run.stderr, /note: config-driven:adminPassword is encrypted/);
        });

        it("lets --config override the stack file and Pulumi.yaml defaults; program output stays off stdout", async () => {
            const run = await cli("stackCiOverridden");
            assert.equal(run.status, 0, run.stderr);
            // The program console.logs; --json output still parses, and the line went to stderr.
            const report = JSON.parse(run.stdout) as JsonReport;
            assert.match(run.stderr, /config-driven: creating 260 VMs with patchMode AutomaticByPlatform/);
            assert.equal(report.resources.filter((r) => r.type === "azure-native:compute:VirtualMachine").length, 260);
            assert.equal(report.summary.mandatory, 0);
        });

        it("uses --config-file instead of Pulumi.<stack>.yaml", async () => {
            const run = await cli("configFile");
            assert.equal(run.status, 0, run.stderr);
            const report = JSON.parse(run.stdout) as JsonReport;
            // Pulumi.ci.yaml was not read: the project default (AutomaticByPlatform) applies, no note.
            assert.equal(report.resources.filter((r) => r.type === "azure-native:compute:VirtualMachine").length, 1);
            assert.deepEqual(report.notes, []);
        });

        it("reports progress on stderr for a large program", async () => {
            const run = await cli("stackCiOverridden");
            assert.equal(run.status, 0, run.stderr);
            assert.match(run.stderr, /200 resources registered/);
            assert.match(run.stderr, /Registered 261 resources; analysing them/);
            assert.match(run.stderr, /analysed 250\/261\n {2}analysed 261\/261/);
            assert.equal((JSON.parse(run.stdout) as JsonReport).summary.resources, 261);
        });
    });

    describe("--preview", () => {
        it("by default outputs are the mocks' values, so a patch mode computed from one is decided", async () => {
            const run = await cli("computed");
            assert.equal(run.status, 1, run.stderr);
            assert.deepEqual(
                mandatoryByResource(JSON.parse(run.stdout) as JsonReport),
                new Map([["computed-vm", ["R3"]]]),
            );
        });

        it("with --preview the same value is unknown: the rules are reported as undecided, advisory, exit 0", async () => {
            const run = await cli("computedPreview");
            assert.equal(run.status, 0, run.stderr);
            const report = JSON.parse(run.stdout) as JsonReport;
            assert.equal(report.summary.mandatory, 0);
            assert.ok(
                report.violations.some((v) =>
                    /\[R1, R2, R3, .*\] cannot be checked until .*patchMode is known/.test(v.message),
                ),
                JSON.stringify(report.violations.map((v) => v.message)),
            );
        });
    });

    describe("errors and help", () => {
        it("--help states the options, the exit codes and the limits of mocks", async () => {
            const run = await cli("help");
            assert.equal(run.status, 0);
            for (const text of [
                "--json",
                "--config",
                "--config-file",
                "--policy-pack-config",
                "Exit codes",
                "invokes",
                "stack references",
            ]) {
                assert.ok(run.stdout.includes(text), `help lacks ${text}`);
            }
        });

        it("an unknown option: exit 2, a suggestion, no stack trace", async () => {
            const run = await cli("unknownOption");
            assert.equal(run.status, 2);
            assert.equal(
                run.stderr.trim(),
                "error: unknown option --jsn (did you mean --json?); see --help for the options.",
            );
            assert.equal(run.stdout, "");
        });

        it("a --config without '=': exit 2 with an example of the right form", async () => {
            const run = await cli("configWithoutEquals");
            assert.equal(run.status, 2);
            assert.match(
                run.stderr,
                /--config "adminPassword": expected key=value, e\.g\. --config location=westeurope/,
            );
            assert.doesNotMatch(run.stderr, /\n\s+at /);
        });

        it("a program that does not exist: exit 2, naming the path", async () => {
            const run = await cli("noSuchProgram");
            assert.equal(run.status, 2);
            assert.match(run.stderr, /program examples\/no-such-example does not exist/);
        });

        it("a program that throws: exit 3 with the program's message and where it failed", async () => {
            const run = await cli("failingProgram");
            assert.equal(run.status, 3);
            assert.match(run.stderr, /lookup of the golden image failed: no image named win2022-golden/);
            assert.match(run.stderr, /failing-program\/index\.js:\d+/);
            assert.doesNotMatch(run.stderr, /program-host/);
        });

        it("a component that refuses its patch settings: reported like a violation (resource, rule, fix), exit 1", async () => {
            // two-refusals' "legacy": Manual patching with automatic updates on, refused before its VM registers.
            const run = await cli("twoRefusals");
            assert.equal(run.status, 1, run.stderr);
            const report = JSON.parse(run.stdout) as JsonReport;
            const refusal = report.violations.find((v) => v.name === "legacy");
            assert.ok(refusal, JSON.stringify(report.violations));
            assert.equal(refusal.type, "azure-vm-patching:compute:WindowsVirtualMachine");
            assert.equal(refusal.policy, "component-arguments");
            assert.equal(refusal.ruleId, "R3");
            assert.equal(refusal.level, "mandatory");
            assert.match(
                refusal.message,
                /patching\.enableAutomaticUpdates = true: .* Fix: set enableAutomaticUpdates to false/,
            );
            assert.ok(!run.stdout.includes("Fixture-only-passw0rd") && !run.stderr.includes("Fixture-only-passw0rd"));
            assert.doesNotMatch(run.stderr, /\n\s+at /);
        });

        it("a scale set given a schedule: refused with R18, the rule core's finding for a scale set, nothing of it registered", async () => {
            // two-refusals' "scheduled-fleet": Update Manager does not patch scale sets on a schedule.
            const run = await cli("twoRefusals");
            const report = JSON.parse(run.stdout) as JsonReport;
            const refusals = report.violations.filter((v) => v.name === "scheduled-fleet");
            assert.deepEqual(
                refusals.map((v) => [v.type, v.policy, v.ruleId, v.level]),
                [["azure-vm-patching:compute:LinuxVirtualMachineScaleSet", "component-arguments", "R18", "mandatory"]],
            );
            assert.match(
                refusals[0].message,
                /\[R18\] \(resource type\) = "virtualMachineScaleSets": a guest-patch schedule is assigned to a scale set \(the component's `schedule`\).* Fix: .*Flexible scale set with the Application Health extension/,
            );
            assert.deepEqual(
                report.resources.filter((r) => r.name === "scheduled-fleet").map((r) => r.type),
                ["azure-vm-patching:compute:LinuxVirtualMachineScaleSet"],
            );
        });

        it("components that refuse (at once, when an Output resolves, for lack of a network interface): all in one run, the rest checked", async () => {
            const run = await cli("twoRefusals");
            assert.equal(run.status, 1, run.stderr);
            const report = JSON.parse(run.stdout) as JsonReport;
            assert.deepEqual(
                mandatoryByResource(report),
                new Map([
                    ["late", ["R2"]],
                    ["legacy", ["R3"]],
                    ["no-network", ["?"]],
                    ["scheduled-fleet", ["R18"]],
                ]),
            );
            // The valid component after them registered its VM, which the pack checked (W1, advisory).
            assert.ok(
                report.resources.some((r) => r.name === "after" && r.type === "azure-native:compute:VirtualMachine"),
            );
            assert.ok(report.violations.some((v) => v.name === "after" && v.ruleId === "W1" && v.level === "advisory"));
            // The component's own warning names it.
            assert.match(run.stderr, /warning: azure-vm-patching:compute:WindowsVirtualMachine "after": \[W1\]/);
        });

        it("an input whose apply throws after the program returned: exit 3, not a clean report", async () => {
            const run = await cli("applyFailure");
            assert.equal(run.status, 3, run.stdout);
            assert.match(run.stderr, /apply failed: no region mapping/);
        });

        it("a stack reference has no outputs: the resource reading one is still registered and checked", async () => {
            const run = await cli("stackReference");
            assert.equal(run.status, 0, run.stderr);
            const report = JSON.parse(run.stdout) as JsonReport;
            assert.ok(report.resources.some((r) => r.name === "from-reference"));
        });

        it("a directory that is not a policy pack: exit 2, saying what is missing", async () => {
            const run = await cli("notAPack");
            assert.equal(run.status, 2);
            assert.match(run.stderr, /is not a policy pack \(no PulumiPolicy\.yaml\)/);
        });

        it("a policy pack that cannot start: exit 4 with the pack's own error", async () => {
            const run = await cli("brokenPack");
            assert.equal(run.status, 4);
            assert.match(run.stderr, /could not be started/);
            assert.match(run.stderr, /pack exploded on load/);
        });

        it("--json prints a report that parses for exits 2, 3 and 4 too, with the error in it", async () => {
            for (const [name, code, text] of [
                ["unknownOptionJson", 2, /unknown option --jsn/],
                ["noSuchProgramJson", 2, /does not exist/],
                ["failingProgram", 3, /no image named win2022-golden/],
                ["brokenPack", 4, /pack exploded on load/],
            ] as const) {
                const run = await cli(name);
                assert.equal(run.status, code, run.stderr);
                const report = JSON.parse(run.stdout) as { exitCode: number; error: { message: string } };
                assert.equal(report.exitCode, code);
                assert.match(report.error.message, text);
            }
        });

        it("a ruleLevels value the policy does not allow: exit 2 naming the key and the allowed values", async () => {
            const run = await cli("badRuleLevel");
            assert.equal(run.status, 2, run.stdout);
            assert.match(
                run.stderr,
                /azure-vm-patch-settings\.ruleLevels\.R3 must be equal to one of the allowed values; allowed: "advisory", "mandatory", "disabled"/,
            );
            assert.equal(run.stdout, "");
        });

        it("the settings policy at level remediate: its fix is shown as remediated, with what it writes, exit 0", async () => {
            const run = await cli("remediate");
            assert.equal(run.status, 0, run.stderr);
            const report = JSON.parse(run.stdout) as JsonReport & { summary: { remediated: number } };
            assert.equal(report.summary.mandatory, 0);
            const remediated = report.violations.filter((v) => v.level === "remediate");
            assert.deepEqual(remediated.map((v) => `${v.name} ${v.ruleId}`).sort(), ["vm-0 R3", "vm-1 R3"]);
            for (const v of remediated) {
                assert.match(
                    v.message,
                    /Remediated: a preview with this pack writes osProfile\.windowsConfiguration\.enableAutomaticUpdates = false \(was true\)/,
                );
            }
            assert.equal(report.summary.remediated, 2);
        });

        it("a policy-pack config that is not JSON: exit 2 naming the file", async () => {
            const run = await cli("badPackConfig");
            assert.equal(run.status, 2);
            assert.match(run.stderr, /bad\.json is not valid JSON/);
        });
    });
});
