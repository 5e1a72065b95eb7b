/**
 * The offline check's report as data: every violation the shipped pack reports carries its rule ids
 * (and, for a finding, the property as keys) read from the pack's diagnostic data, never parsed out of
 * a message: allowedPatchModes and the grouped "cannot be checked yet" reports included.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type OfflineCheckResult, runOfflineCheck, type Violation } from "../../check/offline-check";
import { toJsonReport } from "../../check/report";
import { ALL_RULES } from "../../rules";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const RULE_IDS = new Set<string>(ALL_RULES.map((r) => r.id));

/** A --policy-pack-config file asking for allowedPatchModes, so the organisation's rule reports too. */
function packConfig(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-data-"));
    const file = path.join(dir, "pack-config.json");
    fs.writeFileSync(
        file,
        JSON.stringify({ "azure-vm-patch-recommendations": { allowedPatchModes: ["AutomaticByPlatform"] } }),
    );
    return file;
}

function assertDataOnEveryViolation(result: OfflineCheckResult): void {
    assert.ok(result.violations.length > 0);
    for (const v of result.violations) {
        assert.ok(v.ruleIds.length > 0, `no rule id: ${v.message}`);
        for (const id of v.ruleIds) assert.ok(RULE_IDS.has(id), `${id} is no rule`);
        if (v.kind === "undetermined" && !v.path) {
            assert.ok(v.unknownPaths && v.unknownPaths.length > 0, v.message);
        } else {
            assert.equal(v.ruleIds.length, 1, v.message);
            assert.equal(v.ruleId, v.ruleIds[0]);
            assert.ok(v.path && v.path.length > 0, v.message);
            // The message people read shows the same property the keys point at.
            assert.ok(v.message.includes(`[${v.ruleId}] ${v.path.join(".")} = `), v.message);
        }
    }
    // What --json prints is the same data.
    const json = JSON.parse(JSON.stringify(toJsonReport(result))) as { violations: Violation[] };
    assert.deepEqual(
        json.violations.map((v) => v.ruleIds),
        result.violations.map((v) => v.ruleIds),
    );
}

describe("offline check: rule ids and property keys as data", function () {
    this.timeout(120_000);
    const config = packConfig();

    it("the fleet: every violation has its rule id and keys, allowedPatchModes included", async () => {
        const result = await runOfflineCheck({
            program: path.join(ROOT, "examples", "fleet"),
            cwd: ROOT,
            configPairs: ["adminPassword=Report-data-passw0rd-1"],
            policyPackConfigFile: config,
        });
        assertDataOnEveryViolation(result);
        const allowed = result.violations.filter((v) => v.ruleId === "allowedPatchModes");
        assert.ok(allowed.length > 0, "the fleet has modes other than AutomaticByPlatform");
        for (const v of allowed) assert.deepEqual(v.path?.at(-1), "patchMode");
        const batch = result.violations.find((v) => v.name === "batch-linux" && v.ruleId === "R1");
        assert.deepEqual(batch?.path, ["osProfile", "linuxConfiguration", "patchSettings", "patchMode"]);
    });

    it("a preview with an unknown patch mode: the grouped report lists each rule it could not check", async () => {
        const result = await runOfflineCheck({
            program: path.join(ROOT, "test", "check", "fixtures", "computed-patch-mode"),
            cwd: ROOT,
            preview: true,
            policyPackConfigFile: config,
        });
        assertDataOnEveryViolation(result);
        const grouped = result.violations.filter((v) => v.kind === "undetermined");
        const ids = grouped.flatMap((v) => v.ruleIds);
        for (const id of ["R1", "R3", "W1", "allowedPatchModes"]) assert.ok(ids.includes(id), `${id} in ${ids}`);
        for (const v of grouped) {
            assert.deepEqual(v.unknownPaths, [["osProfile", "windowsConfiguration", "patchSettings", "patchMode"]]);
        }
    });
});
