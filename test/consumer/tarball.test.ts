/**
 * What `npm pack` ships: the library's build and the offline check's pack, nothing of the tests, and
 * every module it loads either inside the tarball or a declared dependency.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import * as ts from "typescript";
import { libraryTarball, ROOT, startInstalls } from "./support/workspace";

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    name: string;
    bin: Record<string, string>;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    exports: Record<string, string | { types: string; default: string }>;
    typesVersions: Record<string, Record<string, string[]>>;
};

/**
 * Module specifiers in a .js (require) or .d.ts (import/export from, import("...")) file. Triple-slash
 * `reference types` (node) resolve from the user's @types packages, as in every Pulumi project.
 */
function specifiers(source: string): string[] {
    // TypeScript's own pre-processor: imports, exports, require() and import() calls, never text in strings.
    const info = ts.preProcessFile(source, true, true);
    return [...new Set(info.importedFiles.map((f) => f.fileName))];
}

/** The package a bare specifier names (`@scope/name/sub` -> `@scope/name`). */
function packageOf(specifier: string): string {
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

describe("consumer: the tarball npm pack makes", function () {
    this.timeout(600_000);
    let files: Set<string>;
    let unpacked: string;

    before(async () => {
        startInstalls();
        const tarball = await libraryTarball();
        files = new Set(tarball.files);
        const dir = path.join(path.dirname(tarball.file), "unpacked");
        fs.mkdirSync(dir, { recursive: true });
        execFileSync("tar", ["xzf", tarball.file, "-C", dir]);
        unpacked = path.join(dir, "package");
    });

    it("holds the build of every entry point, the bin and the offline check's pack", () => {
        const expected = [
            "package.json",
            "README.md",
            "CHANGELOG.md",
            "policies/main.js",
            "policies/package.json",
            "policies/PulumiPolicy.yaml",
            ...Object.values(manifest.bin),
            ...Object.values(manifest.exports).flatMap((e) => (typeof e === "string" ? [e] : [e.types, e.default])),
            ...Object.values(manifest.typesVersions["*"]).flat(),
        ].map((f) => f.replace(/^\.\//, ""));
        for (const file of expected) assert.ok(files.has(file), `${file} is not in the tarball`);
    });

    it("holds nothing of the tests, examples, benchmarks, sources or source maps", () => {
        const unwanted = [...files].filter(
            (f) =>
                /^(dist\/)?(test|examples|bench)\//.test(f) ||
                f.endsWith(".map") ||
                (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
                f.startsWith("policies/vendor"),
        );
        assert.deepEqual(unwanted, []);
    });

    it("loads only files it ships and packages it declares", () => {
        const declared = new Set([
            manifest.name,
            ...Object.keys(manifest.dependencies),
            ...Object.keys(manifest.peerDependencies),
        ]);
        const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
        const problems: string[] = [];
        for (const file of files) {
            if (!/\.(js|d\.ts)$/.test(file)) continue;
            for (const spec of specifiers(fs.readFileSync(path.join(unpacked, file), "utf8"))) {
                if (spec.startsWith(".")) {
                    const base = path.join(path.dirname(file), spec);
                    const candidates = [base, `${base}.js`, `${base}.d.ts`, `${base}/index.js`, `${base}/index.d.ts`];
                    if (!candidates.some((c) => files.has(c.replace(/\\/g, "/")))) problems.push(`${file}: ${spec}`);
                } else if (!builtins.has(spec) && !declared.has(packageOf(spec))) {
                    problems.push(`${file}: ${spec} (not a declared dependency)`);
                }
            }
        }
        assert.deepEqual(problems, []);
    });

    it("names a bin that runs with node", () => {
        const bin = path.join(unpacked, Object.values(manifest.bin)[0]);
        assert.match(fs.readFileSync(bin, "utf8").split("\n")[0], /^#!\/usr\/bin\/env node/);
    });
});
