/**
 * `npm install git+...#<tag>`, the usual way to use an internal library before it is on a registry: npm
 * runs the `prepare` script in its clone (with devDependencies) and installs the result, which must have
 * a working dist/ and bin.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { run } from "./support/commands";
import { gitInstall, LIBRARY_VERSION, startInstalls } from "./support/workspace";

// The installs start as soon as mocha loads this file, so they run beside the suites before it.
startInstalls();
describe("consumer: installed from git", function () {
    this.timeout(600_000);

    it("has a built dist/ whose rule core runs", async () => {
        const { dir, library } = await gitInstall();
        for (const entry of ["index.js", "components/index.js", "provider/index.js", "policies/index.d.ts"]) {
            assert.ok(fs.existsSync(path.join(library, "dist", entry)), `dist/${entry} missing`);
        }
        const { stdout } = await run(
            process.execPath,
            [
                "-e",
                'const r = require("pulumi-azure-vm-patching"); console.log(r.ALL_RULES.map((x) => x.id).join(","))',
            ],
            { cwd: dir },
        );
        assert.match(stdout, /^R0,R1,.*W10,allowedPatchModes$/m);
    });

    it("has the bin, reachable with npx --no-install", async () => {
        const { dir } = await gitInstall();
        const { stdout } = await run("npx", ["--no-install", "azure-vm-patching-check", "--version"], { cwd: dir });
        assert.equal(stdout.trim(), LIBRARY_VERSION);
    });
});
