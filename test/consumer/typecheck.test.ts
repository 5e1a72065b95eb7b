/**
 * A program that imports the root, /rules, /components, /provider and /policies (consumer.ts) and the
 * fleet example (its tsconfig is the nodenext one here) type-check under every moduleResolution a
 * Pulumi project may have, on the lowest and
 * the highest supported TypeScript, without skipLibCheck (Pulumi's templates do not set it). The
 * program holds two lines that must fail (a wrong argument type, a subpath that does not exist), so a
 * resolution that quietly gave `any` fails the check. Errors that a program of Pulumi's packages alone
 * also gets (control.ts) are upstream's, not the library's: they are allowed, and must be the only ones.
 */
import assert from "node:assert/strict";
import { inParallel, run } from "./support/commands";
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

/** tsc's errors as `file(line,col): TSnnnn`, or none. */
async function typeCheck(tsc: string, dir: string, config: string): Promise<string[]> {
    const { code, stdout } = await run(process.execPath, [tsc, "-p", config, "--noEmit", "--pretty", "false"], {
        cwd: dir,
        okCodes: [0, 1, 2],
    });
    const errors = stdout.split("\n").filter((l) => / error TS\d+/.test(l));
    if (code !== 0 && errors.length === 0) throw new Error(`tsc -p ${config} failed without errors:\n${stdout}`);
    return errors.map((l) => l.replace(/: error (TS\d+):.*$/, ": $1"));
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
        const tasks = compilers.flatMap(({ version, tsc }) =>
            (Object.keys(RESOLUTIONS) as Resolution[]).map((resolution) => async () => {
                const config = (files: string[]) =>
                    `${JSON.stringify({ compilerOptions: templateCompilerOptions(resolution, version), files }, null, 4)}\n`;
                const name = `tsconfig.ts${version}.${resolution}`;
                writeFiles(dir, {
                    [`${name}.json`]: config(["index.ts", "consumer.ts"]),
                    [`${name}.control.json`]: config(["control.ts"]),
                });
                const errors = await typeCheck(tsc, dir, `${name}.json`);
                const upstream = errors.length > 0 ? await typeCheck(tsc, dir, `${name}.control.json`) : [];
                outcomes.set(`${version}/${resolution}`, { errors, upstream });
            }),
        );
        await inParallel(2, tasks);
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

    it("fails a program with a type error (the check above can fail)", async () => {
        const { dir } = await appProject();
        const { tsc } = await highestTypeScript();
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
        const errors = await typeCheck(tsc, dir, "tsconfig.broken.json");
        assert.deepEqual(errors, ["broken.ts(2,14): TS2322"]);
    });
});
