/**
 * A program that imports the root, /rules, /components, /provider and /policies (consumer.ts) and the
 * fleet example (its tsconfig is the nodenext one here) type-check under every moduleResolution a
 * Pulumi project may have, on the lowest and
 * the highest supported TypeScript, without skipLibCheck (Pulumi's templates do not set it). The
 * program holds two lines that must fail (a wrong argument type, a subpath that does not exist), so a
 * resolution that quietly gave `any` fails the check. Errors that a program of Pulumi's packages alone
 * also gets (control.ts) are upstream's, not the library's: they are allowed, and must be the only ones.
 *
 * Each TypeScript version checks its eight programs in one process through its own API, as `tsc -p`
 * does, with the typings parsed once and shared (support/type-check-programs.ts): the same diagnostics
 * as eight tsc runs (the last test compares the two on a broken program), at about 60% of their CPU.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { run } from "./support/commands";
import type { Outcomes } from "./support/type-check-programs";
import {
    appProject,
    highestTypeScript,
    lowestTypeScript,
    RESOLUTIONS,
    type Resolution,
    startInstalls,
    templateCompilerOptions,
    writeFiles,
} from "./support/workspace";

const TYPE_CHECK_PROGRAMS = path.join(__dirname, "support", "type-check-programs.js");

/** tsc's errors as `file(line,col): TSnnnn`, of the lines it prints. */
function errorsOf(lines: readonly string[]): string[] {
    return lines.filter((l) => / error TS\d+/.test(l)).map((l) => l.replace(/: error (TS\d+):.*$/, ": $1"));
}

/**
 * What `tsc -p <config> --noEmit` reports for each config, all of one TypeScript in one process that
 * parses each typing once (support/type-check-programs.ts); `config+control` checks the control config
 * only when the config has diagnostics.
 */
async function typeCheckAll(typescript: string, dir: string, requests: readonly string[]) {
    // A larger young generation: the compiler allocates short-lived nodes and types by the million, and
    // V8's default semi-space makes it collect them far more often (about an eighth of the CPU here).
    const node = [`--max-semi-space-size=64`, TYPE_CHECK_PROGRAMS];
    const { stdout } = await run(process.execPath, [...node, typescript, dir, ...requests], { cwd: dir });
    return JSON.parse(stdout) as Outcomes;
}

interface Outcome {
    readonly errors: readonly string[];
    /** Errors of the control program (Pulumi's packages alone), when the program had errors. */
    readonly upstream: readonly string[];
}

describe("consumer: type-checking a user's program", function () {
    this.timeout(600_000);
    const outcomes = new Map<string, Outcome>();
    const versions = [lowestTypeScript, highestTypeScript];

    before(async () => {
        startInstalls();
        const [{ dir }, ...compilers] = await Promise.all([appProject(), ...versions.map((v) => v())]);
        await Promise.all(
            compilers.map(async ({ version, typescript }) => {
                const resolutions = Object.keys(RESOLUTIONS) as Resolution[];
                const config = (resolution: Resolution, files: string[]) =>
                    `${JSON.stringify({ compilerOptions: templateCompilerOptions(resolution, version), files }, null, 4)}\n`;
                const names = resolutions.map((resolution) => {
                    const name = `tsconfig.ts${version}.${resolution}`;
                    writeFiles(dir, {
                        [`${name}.json`]: config(resolution, ["index.ts", "consumer.ts"]),
                        [`${name}.control.json`]: config(resolution, ["control.ts"]),
                    });
                    return name;
                });
                const reported = await typeCheckAll(
                    typescript,
                    dir,
                    names.map((name) => `${name}.json+${name}.control.json`),
                );
                resolutions.forEach((resolution, i) => {
                    const diagnostics = reported[`${names[i]}.json`];
                    assert.ok(diagnostics, `${names[i]}.json not type-checked`);
                    const errors = errorsOf(diagnostics);
                    if (diagnostics.length > 0 && errors.length === 0) {
                        throw new Error(`${names[i]}.json failed without errors:\n${diagnostics.join("\n")}`);
                    }
                    const upstream = errors.length > 0 ? errorsOf(reported[`${names[i]}.control.json`] ?? []) : [];
                    outcomes.set(`${version}/${resolution}`, { errors, upstream });
                });
            }),
        );
    });

    for (const [which, version] of [
        ["lowest", lowestTypeScript],
        ["highest", highestTypeScript],
    ] as const) {
        for (const resolution of Object.keys(RESOLUTIONS) as Resolution[]) {
            it(`TypeScript ${which} supported, moduleResolution ${resolution}: no error of the library's`, async () => {
                const outcome = outcomes.get(`${(await version()).version}/${resolution}`);
                assert.ok(outcome, "not type-checked");
                const upstream = new Set(outcome.upstream);
                assert.deepEqual(
                    outcome.errors.filter((e) => !upstream.has(e)),
                    [],
                );
            });
        }
    }

    it("fails a program with a type error (the check above can fail), as tsc's command line does", async () => {
        const { dir } = await appProject();
        const { tsc, typescript } = await highestTypeScript();
        // Without the library: that its types are real (not `any`) is what consumer.ts's @ts-expect-error
        // lines prove in every run above; this proves a type error is seen, and its own program is one tsc
        // run of seconds, not one that loads every type of the library, Pulumi and azure-native again.
        writeFiles(dir, {
            "broken.ts": 'export const label = "nodenext";\nexport const n: number = label;\n',
            "tsconfig.broken.json": JSON.stringify({
                compilerOptions: templateCompilerOptions("nodenext", "6"),
                files: ["broken.ts"],
            }),
        });
        const cli = await run(process.execPath, [tsc, "-p", "tsconfig.broken.json", "--noEmit", "--pretty", "false"], {
            cwd: dir,
            okCodes: [1, 2],
        });
        const printed = cli.stdout.trim().split("\n");
        assert.deepEqual(errorsOf(printed), ["broken.ts(2,14): TS2322"]);
        // The matrix's own path (one process, parsed files shared) reports it exactly as tsc prints it.
        const reported = await typeCheckAll(typescript, dir, ["tsconfig.broken.json"]);
        assert.deepEqual(reported["tsconfig.broken.json"], printed);
    });
});
