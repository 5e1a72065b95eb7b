/**
 * The offline check as a user runs it in a project with the library installed: `npx --no-install`
 * (never the registry: the name must come from the project's own node_modules), its report and exit code.
 */
import assert from "node:assert/strict";
import { run } from "./support/commands";
import { repositoryFleetVerdicts, verdictsOf } from "./support/verdicts";
import { appProject, classicProject, startInstalls } from "./support/workspace";

interface JsonReport {
    exitCode: number;
    violations: { name: string; policy: string; ruleId?: string; level: string; message: string }[];
}

async function check(dir: string, program: string): Promise<JsonReport> {
    const { stdout } = await run(
        "npx",
        [
            "--no-install",
            "azure-vm-patching-check",
            program,
            "--config",
            "adminPassword=Offline-check-only-1",
            "--json",
        ],
        { cwd: dir, okCodes: [1], timeoutMs: 180_000 },
    );
    return JSON.parse(stdout) as JsonReport;
}

// The installs start as soon as mocha loads this file, so they run beside the suites before it.
startInstalls();
describe("consumer: npx --no-install azure-vm-patching-check", function () {
    this.timeout(600_000);

    for (const [name, project, program] of [
        ["a project from pulumi new azure-typescript (nodenext)", appProject, "consumer.ts"],
        ["a project from the classic template (node)", classicProject, "."],
    ] as const) {
        it(`flags the hand-written R3 VM in ${name}, and nothing of the component`, async () => {
            const report = await check((await project()).dir, program);
            assert.equal(report.exitCode, 1);
            const mandatory = report.violations.filter((v) => v.level === "mandatory");
            assert.deepEqual(
                mandatory.map((v) => [v.name, v.ruleId]),
                [["legacy", "R3"]],
            );
        });
    }

    it("gives the fleet example copied out of the repository the verdicts it has in the repository", async () => {
        const { dir, installLine } = await appProject();
        assert.match(installLine, /^npm install /);
        const report = await check(dir, ".");
        assert.deepEqual(verdictsOf(report.violations), await repositoryFleetVerdicts());
        assert.deepEqual(
            report.violations
                .filter((v) => v.level === "mandatory")
                .map((v) => [v.name, v.ruleId])
                .sort(),
            [
                ["batch-linux", "R1"],
                ["core-win-byos", "R9"],
                ["edge-win", "R8"],
                ["legacy-sql-win", "R3"],
            ],
        );
    });
});
