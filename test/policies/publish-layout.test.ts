/**
 * The pack as `pulumi policy publish` ships it: `npm pack` takes package.json's "files" after the
 * prepack script built bin/ with the pack's own tsconfig. Here that build goes to a copy of those files
 * inside the repository (so node_modules resolves as an installed pack's would), away from the
 * repository's dist/, and the copy must run under run-policy-pack and report like the clone does.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type AnalyzerClient, startAnalyzer } from "../../check/analyzer-client";
import { PACK_NAME, SETTINGS_POLICY } from "../../policies/policies";
import { PACK_DIR, ROOT } from "./support/pack";

describe("policy pack: the published layout (npm pack files, own build)", function () {
    this.timeout(180_000);
    const copy = path.join(ROOT, "tmp", `published-pack-${process.pid}`);
    let pack: AnalyzerClient | undefined;

    before(() => {
        const manifest = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
        assert.deepEqual([...manifest.files].sort(), ["PulumiPolicy.yaml", "bin", "main.js"]);
        assert.equal(manifest.main, "main.js");
        assert.equal(manifest.scripts.prepack, "tsc -p tsconfig.json");
        fs.rmSync(copy, { recursive: true, force: true });
        fs.mkdirSync(copy, { recursive: true });
        for (const file of ["package.json", "main.js", "PulumiPolicy.yaml"]) {
            fs.copyFileSync(path.join(PACK_DIR, file), path.join(copy, file));
        }
        // What prepack runs, with the output in the copy.
        execFileSync(
            process.execPath,
            [
                require.resolve("typescript/bin/tsc"),
                "-p",
                path.join(PACK_DIR, "tsconfig.json"),
                "--outDir",
                path.join(copy, "bin"),
            ],
            { cwd: PACK_DIR, stdio: "pipe" },
        );
    });

    after(async () => {
        await pack?.close();
        fs.rmSync(copy, { recursive: true, force: true });
    });

    it("starts from its own bin/ and enforces the rules", async () => {
        pack = await startAnalyzer({ packDir: copy });
        const info = await pack.getInfo();
        assert.equal(info.name, PACK_NAME);
        const result = await pack.analyze({
            type: "azure:compute/windowsVirtualMachine:WindowsVirtualMachine",
            name: "published",
            properties: { patchMode: "Manual", automaticUpdatesEnabled: true },
        });
        const r3 = result.diagnostics.find((d) => d.message.includes("[R3]"));
        assert.equal(r3?.policyName, SETTINGS_POLICY);
        assert.equal(r3?.enforcementLevel, "mandatory");
    });

    it("says how to build when neither build exists", async () => {
        fs.rmSync(path.join(copy, "bin"), { recursive: true, force: true });
        await assert.rejects(
            startAnalyzer({ packDir: copy, startTimeoutMs: 60_000 }),
            /not built: run `npm install && npm run build`/,
        );
    });
});
