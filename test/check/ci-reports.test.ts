/**
 * The check's CI reports, each from real check runs of the CLI: a TypeScript program with two
 * components that refuse their patch settings, one that refuses its arguments, a raw VM Azure rejects
 * (made in another module), an advisory finding and, with --preview, findings that cannot be checked
 * yet; a JavaScript ES module making its VMs at top level; a program that fails. One run writes the
 * SARIF, JUnit and Markdown files and GitHub annotations on stdout, as CI does. The SARIF is validated
 * against the published SARIF 2.1.0 schema (from @microsoft/jest-sarif, a dev dependency: no network).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { ALL_RULES } from "../../rules";
import { type CliRun, limitedRunCli, ROOT } from "./cli-run";

const FIXTURES = path.join(ROOT, "test", "check", "fixtures");
const TS_PROGRAM = path.join(FIXTURES, "ci-reports");
const ESM_PROGRAM = path.join(FIXTURES, "ci-reports-esm");

/** The 1-based line of a fixture that holds `text` (the tests name lines by content, not by number). */
function lineOf(file: string, text: string): number {
    const index = fs
        .readFileSync(file, "utf8")
        .split("\n")
        .findIndex((l) => l.includes(text));
    assert.ok(index >= 0, `${text} in ${file}`);
    return index + 1;
}

/** Where the tests expect each resource's findings, relative to the repository (the check's working directory). */
const TS_INDEX = "test/check/fixtures/ci-reports/index.ts";
const TS_RAW_VM = "test/check/fixtures/ci-reports/raw-vm.ts";
const EXPECTED_LINES: Record<string, { file: string; line: number }> = {
    legacy: { file: TS_INDEX, line: lineOf(path.join(ROOT, TS_INDEX), 'new PatchedWindowsVirtualMachine("legacy"') },
    late: { file: TS_INDEX, line: lineOf(path.join(ROOT, TS_INDEX), 'new PatchedWindowsVirtualMachine("late"') },
    "public-ip": {
        file: TS_INDEX,
        line: lineOf(path.join(ROOT, TS_INDEX), 'new PatchedWindowsVirtualMachine("public-ip"'),
    },
    // The component's own VM points to the user's line that created the component, not into it.
    after: { file: TS_INDEX, line: lineOf(path.join(ROOT, TS_INDEX), 'new PatchedWindowsVirtualMachine("after"') },
    // Made in another module: the line there, not the call in index.ts.
    "raw-manual": { file: TS_RAW_VM, line: lineOf(path.join(ROOT, TS_RAW_VM), "new compute.VirtualMachine(name") },
    "computed-vm": {
        file: TS_INDEX,
        line: lineOf(path.join(ROOT, TS_INDEX), 'new compute.VirtualMachine("computed-vm"'),
    },
};

/** The published SARIF 2.1.0 schema, as the package ships it. */
function sarifValidator() {
    const file = path.join(
        path.dirname(require.resolve("@microsoft/jest-sarif/package.json")),
        "lib",
        "schemas",
        "sarif-2.1.0-rtm.5.json",
    );
    const schema = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    // The schema is written in JSON Schema draft-04, which Ajv 8 reads as draft-07 once its draft-04
    // markers go: it uses no keyword whose meaning changed (no boolean exclusiveMinimum/Maximum).
    assert.doesNotMatch(JSON.stringify(schema), /exclusiveM(in|ax)imum/);
    const { $schema: _draft, id: _id, ...rest } = schema;
    // One of its patterns (a language tag) is not a valid regular expression with the u flag.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    // Its three formats, checked as RFC 3986 and RFC 3339 define them (WHATWG URL parsing, ISO dates).
    const parses = (value: string, base?: string) => {
        try {
            new URL(value, base);
            return true;
        } catch {
            return false;
        }
    };
    ajv.addFormat("uri", (value: string) => parses(value));
    ajv.addFormat("uri-reference", (value: string) => !/\s/.test(value) && parses(value, "file:///base/"));
    ajv.addFormat(
        "date-time",
        (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(value) && !Number.isNaN(Date.parse(value)),
    );
    return ajv.compile(rest);
}

interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: string;
    message: { text: string };
    locations: {
        physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
        logicalLocations: { name: string; fullyQualifiedName: string }[];
    }[];
    properties: { findingKind?: string; enforcementLevel: string };
}

interface SarifLog {
    version: string;
    runs: {
        tool: {
            driver: {
                name: string;
                rules: {
                    id: string;
                    name: string;
                    helpUri?: string;
                    help?: { text: string };
                    shortDescription: { text: string };
                }[];
            };
        };
        originalUriBaseIds: Record<string, { uri: string }>;
        invocations: {
            executionSuccessful: boolean;
            exitCode: number;
            toolExecutionNotifications: { level: string; message: { text: string } }[];
        }[];
        results: SarifResult[];
    }[];
}

/** A workflow command, decoded as the Actions runner decodes it. */
interface Annotation {
    readonly command: string;
    readonly properties: Record<string, string>;
    readonly message: string;
}

function decode(text: string): string {
    return text
        .replace(/%0D/g, "\r")
        .replace(/%0A/g, "\n")
        .replace(/%3A/g, ":")
        .replace(/%2C/g, ",")
        .replace(/%25/g, "%");
}

function parseAnnotations(stdout: string): Annotation[] {
    return stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => {
            const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
            assert.ok(match, `a workflow command: ${line}`);
            const properties = Object.fromEntries(
                (match[2] ?? "")
                    .split(",")
                    .filter(Boolean)
                    .map((p) => {
                        const [key, ...value] = p.split("=");
                        return [key, decode(value.join("="))];
                    }),
            );
            return { command: match[1], properties, message: decode(match[3]) };
        });
}

/** The test cases of a JUnit file: name, attributes, and what they hold. */
function testCases(xml: string): { name: string; attributes: string; body: string }[] {
    return [...xml.matchAll(/<testcase name="([^"]*)"([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => ({
        name: m[1],
        attributes: m[2],
        body: m[3] ?? "",
    }));
}

describe("the check's CI reports (real runs)", function () {
    this.timeout(300_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-reports-"));
    const files = {
        sarif: path.join(dir, "out", "policy.sarif"),
        junit: path.join(dir, "junit.xml"),
        markdown: path.join(dir, "summary.md"),
        errorSarif: path.join(dir, "error.sarif"),
        errorJunit: path.join(dir, "error.xml"),
        errorMarkdown: path.join(dir, "error.md"),
    };
    let ci: CliRun;
    let esm: CliRun;
    let advisory: CliRun;
    let failed: CliRun;
    const validate = sarifValidator();

    before(async () => {
        // Two at a time (each run is three processes, and the machine has two cores), the next starting
        // as soon as one ends.
        const runCli = limitedRunCli(2);
        [ci, esm, advisory, failed] = await Promise.all([
            runCli([
                "-q",
                "--preview",
                "--format",
                "github",
                "--sarif",
                files.sarif,
                "--junit",
                files.junit,
                "--markdown",
                files.markdown,
                TS_PROGRAM,
            ]),
            runCli(["-q", "--json", ESM_PROGRAM]),
            runCli([
                "-q",
                "--preview",
                "--fail-on",
                "advisory",
                "--format",
                "junit",
                path.join(FIXTURES, "computed-patch-mode"),
            ]),
            runCli([
                "-q",
                "--format",
                "sarif",
                "--junit",
                files.errorJunit,
                "--markdown",
                files.errorMarkdown,
                "--sarif",
                files.errorSarif,
                path.join(FIXTURES, "failing-program"),
            ]),
        ]);
    });

    describe("SARIF", () => {
        let log: SarifLog;
        before(() => {
            assert.equal(ci.status, 1, ci.stderr);
            log = JSON.parse(fs.readFileSync(files.sarif, "utf8")) as SarifLog;
        });

        it("validates against the published SARIF 2.1.0 schema", () => {
            assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
            assert.equal(log.version, "2.1.0");
            // The validator does reject what SARIF does not allow.
            const broken = structuredClone(log);
            (broken.runs[0].results[0] as { level: string }).level = "fatal";
            assert.equal(validate(broken), false);
        });

        it("describes every rule of the rule core with its title, help text and documentation link", () => {
            const rules = log.runs[0].tool.driver.rules;
            for (const rule of ALL_RULES) {
                const described = rules.find((r) => r.id === rule.id);
                assert.ok(described, rule.id);
                assert.equal(described.helpUri, rule.docUrl);
                assert.match(described.shortDescription.text, new RegExp(`^${rule.id}: `));
                assert.ok(described.help?.text.includes(rule.title));
                for (const source of rule.sources) assert.ok(described.help?.text.includes(source.url));
                assert.match(described.name, /^[A-Za-z0-9]+$/);
            }
        });

        it("one result per rule a finding reports: level, message and the line that created the resource", () => {
            const results = log.runs[0].results;
            const rules = log.runs[0].tool.driver.rules;
            const byKey = new Map(results.map((r) => [`${r.locations[0].logicalLocations[0].name} ${r.ruleId}`, r]));
            for (const [key, level] of [
                ["legacy R3", "error"],
                ["late R2", "error"],
                ["public-ip component-arguments", "error"],
                ["raw-manual R3", "error"],
                ["raw-manual W1", "warning"],
                ["after W1", "warning"],
                ["computed-vm R3", "note"],
                ["computed-vm R14", "note"],
            ] as const) {
                const result = byKey.get(key);
                assert.ok(result, `${key} in ${[...byKey.keys()].join("; ")}`);
                assert.equal(result.level, level, key);
                assert.equal(rules[result.ruleIndex].id, result.ruleId);
                const expected = EXPECTED_LINES[key.split(" ")[0]];
                const where = result.locations[0].physicalLocation;
                assert.deepEqual(
                    { file: where.artifactLocation.uri, line: where.region.startLine },
                    expected,
                    `${key}: ${JSON.stringify(where)}`,
                );
                assert.equal(where.artifactLocation.uriBaseId, "SRCROOT");
            }
            assert.equal(byKey.get("computed-vm R3")?.properties.findingKind, "undetermined");
            assert.match(byKey.get("public-ip component-arguments")?.message.text ?? "", /publicIpAddressId is set/);
            // The base the paths are relative to is the check's working directory.
            assert.equal(log.runs[0].originalUriBaseIds.SRCROOT.uri, `file://${ROOT}/`);
            assert.deepEqual(
                { ok: log.runs[0].invocations[0].executionSuccessful, exit: log.runs[0].invocations[0].exitCode },
                { ok: true, exit: 1 },
            );
        });

        it("a run that failed: a valid log with no results, the error as a notification", () => {
            assert.equal(failed.status, 3, failed.stderr);
            for (const text of [failed.stdout, fs.readFileSync(files.errorSarif, "utf8")]) {
                const errorLog = JSON.parse(text) as SarifLog;
                assert.ok(validate(errorLog), JSON.stringify(validate.errors?.slice(0, 5)));
                const invocation = errorLog.runs[0].invocations[0];
                assert.equal(invocation.executionSuccessful, false);
                assert.equal(invocation.exitCode, 3);
                assert.match(invocation.toolExecutionNotifications[0].message.text, /golden image failed/);
                assert.deepEqual(errorLog.runs[0].results, []);
            }
        });
    });

    describe("GitHub annotations", () => {
        let annotations: Annotation[];
        before(() => {
            annotations = parseAnnotations(ci.stdout);
        });

        it("one workflow command per line, error for what fails, warning for advisory, notice for cannot-be-checked-yet", () => {
            const find = (name: string, rule: string) =>
                annotations.find(
                    (a) => a.properties.title?.startsWith(rule) && a.properties.title.includes(`"${name}"`),
                );
            for (const [name, rule, command] of [
                ["legacy", "R3", "error"],
                ["late", "R2", "error"],
                ["public-ip", "component-arguments", "error"],
                ["raw-manual", "R3", "error"],
                ["after", "W1", "warning"],
                ["computed-vm", "R1, R2, R3, R4, R14", "notice"],
                // R5 is decided at its own level where the pack cannot know whether the VM is new.
                ["computed-vm", "R5", "notice"],
            ] as const) {
                const annotation = find(name, rule);
                assert.ok(annotation, `${name} ${rule}: ${ci.stdout}`);
                assert.equal(annotation.command, command);
                const expected = EXPECTED_LINES[name];
                assert.deepEqual(
                    { file: annotation.properties.file, line: Number(annotation.properties.line) },
                    expected,
                );
            }
            // The rules an unknown value holds are one annotation per group the pack reports (the
            // settings rules, R5, the recommendations), not one per rule.
            assert.equal(
                annotations.filter((a) => a.properties.title?.includes('"computed-vm"') && a.command === "notice")
                    .length,
                3,
            );
        });

        it("messages and titles decode to the pack's text (escaped: %, CR, LF; and : , in properties)", () => {
            const legacy = annotations.find((a) => a.properties.title?.includes('"legacy"'));
            assert.ok(legacy);
            assert.match(
                legacy.message,
                /^azure-vm-patching:compute:WindowsVirtualMachine "legacy": \[R3\] patching\.enableAutomaticUpdates = true/,
            );
            assert.equal(
                legacy.properties.title,
                'R3 mandatory: azure-vm-patching:compute:WindowsVirtualMachine "legacy"',
            );
            assert.ok(!ci.stdout.includes("Fixture-only-passw0rd") && !ci.stderr.includes("Fixture-only-passw0rd"));
        });
    });

    describe("JUnit", () => {
        let xml: string;
        before(() => {
            xml = fs.readFileSync(files.junit, "utf8");
        });

        it("a failing test case per rule and resource at the --fail-on level, with the line and the rule's documentation", () => {
            const cases = testCases(xml);
            const failing = cases.filter((c) => c.body.includes("<failure")).map((c) => c.name);
            assert.deepEqual(failing.sort(), [
                "R2 late",
                "R3 legacy",
                "R3 raw-manual",
                "component-arguments public-ip",
            ]);
            const legacy = cases.find((c) => c.name === "R3 legacy");
            assert.ok(legacy);
            assert.match(legacy.attributes, new RegExp(`file="${TS_INDEX}" line="${EXPECTED_LINES.legacy.line}"`));
            assert.match(
                legacy.body,
                /Rule R3: Manual needs enableAutomaticUpdates = false\. https:\/\/learn\.microsoft\.com/,
            );
            assert.match(legacy.body, /Policy: component-arguments \(mandatory\)/);
        });

        it("cannot-be-checked-yet is skipped, advisory passes, every clean resource is a passing case, the counts add up", () => {
            const cases = testCases(xml);
            assert.ok(cases.find((c) => c.name === "R3 computed-vm")?.body.includes("<skipped"));
            const after = cases.find((c) => c.name === "W1 after");
            assert.ok(after && !after.body.includes("<failure") && after.body.includes("fails on mandatory"));
            assert.ok(cases.some((c) => c.name === "policies computed" && c.body === ""));
            const count = (attr: string) => Number(new RegExp(`<testsuite [^>]*${attr}="(\\d+)"`).exec(xml)?.[1]);
            assert.equal(count("tests"), cases.length);
            assert.equal(count("failures"), (xml.match(/<failure /g) ?? []).length);
            assert.equal(count("skipped"), (xml.match(/<skipped /g) ?? []).length);
            assert.doesNotMatch(
                xml,
                /<(?!\?xml|\/?testsuites?|\/?testcase|\/?failure|\/?skipped|\/?system-out|\/?error)/,
            );
        });

        it("--fail-on advisory: advisory findings fail (exit 1, failures in the report)", () => {
            assert.equal(advisory.status, 1, advisory.stderr);
            const failures = testCases(advisory.stdout).filter((c) => c.body.includes('<failure message="'));
            assert.ok(
                failures.length > 0 && failures.every((c) => c.body.includes('type="advisory"')),
                advisory.stdout,
            );
        });

        it("a run that failed: one test case in error", () => {
            const errorXml = fs.readFileSync(files.errorJunit, "utf8");
            assert.match(errorXml, /<testsuites [^>]*tests="1" failures="0" errors="1"/);
            assert.match(
                errorXml,
                /<error message="the program failed under the mocks[^"]*" type="ProgramError \(exit 3\)">/,
            );
            assert.match(errorXml, /lookup of the golden image failed: no image named win2022-golden/);
        });
    });

    describe("Markdown", () => {
        it("the verdict, the counts and a row per finding with its rule link and source line", () => {
            const markdown = fs.readFileSync(files.markdown, "utf8");
            assert.match(markdown, /^## Azure VM patching policy check: ❌ failed/);
            assert.match(markdown, /\*\*4\*\* mandatory, \*\*\d+\*\* advisory/);
            const legacyRow = markdown.split("\n").find((l) => l.includes('"legacy"'));
            assert.ok(legacyRow);
            assert.match(legacyRow, /^\| \*\*mandatory\*\* \(fails\) \| /);
            assert.ok(legacyRow.includes(`[R3](${ALL_RULES.find((r) => r.id === "R3")?.docUrl})`));
            assert.ok(legacyRow.includes(`\`${TS_INDEX}:${EXPECTED_LINES.legacy.line}\``));
            assert.ok(markdown.includes(`\`${TS_RAW_VM}:${EXPECTED_LINES["raw-manual"].line}\``));
            // Every row has the table's five cells: no message breaks the table.
            for (const row of markdown.split("\n").filter((l) => l.startsWith("| ")))
                assert.equal(row.split(/(?<!\\)\|/).length, 7, row);
            assert.match(markdown, /cannot be checked yet/);
        });

        it("a run that failed: the verdict and the error", () => {
            assert.match(
                fs.readFileSync(files.errorMarkdown, "utf8"),
                /^## Azure VM patching policy check: ❌ could not run \(exit 3\)[\s\S]*golden image failed/,
            );
        });
    });

    describe("source lines", () => {
        it("a JavaScript ES module making its VMs at top level: the raw VM's and the component's lines", () => {
            assert.equal(esm.status, 1, esm.stderr);
            const report = JSON.parse(esm.stdout) as {
                projectDir: string;
                violations: { name: string; ruleId?: string; source?: { file: string; line: number } }[];
            };
            const index = path.join(ESM_PROGRAM, "index.js");
            assert.equal(report.projectDir, ESM_PROGRAM);
            const sourceOf = (name: string) =>
                report.violations.find((v) => v.name === name && v.ruleId === "R3")?.source;
            assert.deepEqual(sourceOf("esm-raw"), {
                file: "index.js",
                line: lineOf(index, 'new compute.VirtualMachine("esm-raw"'),
                column: 1,
            });
            assert.deepEqual(sourceOf("esm-component"), {
                file: "index.js",
                line: lineOf(index, 'new PatchedWindowsVirtualMachine("esm-component"'),
                column: 1,
            });
        });
    });
});
