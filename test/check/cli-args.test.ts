/**
 * The command line: what parses, and the errors for what does not.
 */
import * as assert from "node:assert/strict";
import { HELP, parseCli } from "../../check/cli-args";
import { EXIT, UsageError } from "../../check/errors";

function usageError(argv: string[], pattern: RegExp): void {
    assert.throws(
        () => parseCli(argv),
        (e: Error) => e instanceof UsageError && e.exitCode === EXIT.usage && pattern.test(e.message),
    );
}

describe("check/cli-args", () => {
    it("defaults: the current directory, table output, fail on mandatory, stack dev", () => {
        assert.deepEqual(parseCli([]), {
            kind: "run",
            program: ".",
            format: "text",
            reportFiles: {},
            failOn: "mandatory",
            quiet: false,
            preview: false,
            stack: "dev",
            configPairs: [],
            configFiles: [],
            timeoutSeconds: 900,
        });
    });

    it("--timeout takes seconds (0: no limit) and refuses anything else", () => {
        assert.equal((parseCli(["--timeout", "30"]) as { timeoutSeconds: number }).timeoutSeconds, 30);
        assert.equal((parseCli(["--timeout=0"]) as { timeoutSeconds: number }).timeoutSeconds, 0);
        assert.throws(() => parseCli(["--timeout", "soon"]), /--timeout "soon": expected a number of seconds/);
        assert.throws(() => parseCli(["--timeout=-1"]), /expected a number of seconds/);
    });

    it("repeatable --config and --config-file keep their order; short flags work", () => {
        const parsed = parseCli([
            "infra",
            "-c",
            "a=1",
            "--config",
            "b=2",
            "--config-file",
            "x.yaml",
            "--config-file=y.yaml",
            "-s",
            "prod",
            "--json",
            "-q",
        ]);
        assert.equal(parsed.kind, "run");
        if (parsed.kind !== "run") return;
        assert.deepEqual(parsed.configPairs, ["a=1", "b=2"]);
        assert.deepEqual(parsed.configFiles, ["x.yaml", "y.yaml"]);
        assert.equal(parsed.stack, "prod");
        assert.equal(parsed.program, "infra");
        assert.ok(parsed.format === "json" && parsed.quiet);
        assert.equal(parsed.failOn, "mandatory");
        assert.deepEqual(parsed.reportFiles, {});
    });

    it("CI reports: stdout's format, report files, --fail-on and --source-root", () => {
        const parsed = parseCli([
            "--format",
            "github",
            "--sarif",
            "out/policy.sarif",
            "--junit=junit.xml",
            "--markdown",
            "summary.md",
            "--fail-on",
            "advisory",
            "--source-root",
            "..",
        ]);
        assert.equal(parsed.kind, "run");
        if (parsed.kind !== "run") return;
        assert.equal(parsed.format, "github");
        assert.deepEqual(parsed.reportFiles, { sarif: "out/policy.sarif", junit: "junit.xml", markdown: "summary.md" });
        assert.equal(parsed.failOn, "advisory");
        assert.equal(parsed.sourceRoot, "..");
        const plain = parseCli([]);
        assert.ok(plain.kind === "run" && plain.format === "text" && plain.sourceRoot === undefined);
    });

    it("CI reports: a bad format or level names what is allowed", () => {
        usageError(
            ["--format", "sarf"],
            /^--format "sarf": expected one of text, json, sarif, github, junit, markdown \(did you mean sarif\?\)/,
        );
        usageError(
            ["--fail-on", "advisroy"],
            /^--fail-on "advisroy": expected mandatory or advisory \(did you mean advisory\?\)/,
        );
        usageError(["--json", "--format", "sarif"], /--json and --format sarif ask for two reports on stdout/);
        usageError(["--sarif", ""], /--sarif needs a path/);
    });

    it("help and version", () => {
        assert.deepEqual(parseCli(["-h"]), { kind: "help" });
        assert.deepEqual(parseCli(["--version"]), { kind: "version" });
        for (const code of ["0 ", "1 ", "2 ", "3 ", "4 "])
            assert.ok(HELP.includes(`  ${code} `), `exit code ${code} documented`);
    });

    it("clear errors: unknown option with a suggestion, a missing value, two programs, a bad stack name", () => {
        usageError(["--policy-pak", "x"], /^unknown option --policy-pak \(did you mean --policy-pack\?\)/);
        usageError(["--frobnicate"], /^unknown option --frobnicate; see --help/);
        usageError(["--config"], /--config/);
        usageError(["a", "b"], /expected one program, got 2: a b/);
        usageError(["--stack", "my stack"], /--stack "my stack": a stack name uses/);
        usageError(["--policy-pack-config", " "], /--policy-pack-config needs a path/);
    });
});
