/**
 * Every rule is registered once, with its metadata, and can be found by its id in one search: its
 * definition is the one file of the library that writes the id, named by it, with its unit tests at
 * the mirrored path.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_RULES, ORGANISATION_RULES, PROFILE_RULES, SCHEDULE_RULES, TRANSITION_RULES } from "../../rules";
import { ROOT, ruleFiles, sourceFiles } from "../support/rule-files";

/** The library's sources: where a rule id in quotes must be its definition and nothing else. */
const LIBRARY_DIRS = ["rules", "components", "provider", "policies", "check"];

/** A source file without its doc comments (which may show examples of the pack's data). */
function code(file: string): string {
    return fs.readFileSync(path.join(ROOT, file), "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "");
}

describe("rule core: the rule registry", () => {
    it("ALL_RULES lists R0-R20, W1-W10 and allowedPatchModes once each, in id order", () => {
        const expected = [
            ...Array.from({ length: 21 }, (_, i) => `R${i}`),
            ...Array.from({ length: 10 }, (_, i) => `W${i + 1}`),
            "allowedPatchModes",
        ];
        const ids = ALL_RULES.map((r) => r.id);
        assert.deepEqual(ids, expected);
        assert.equal(new Set(ids).size, ids.length, "each rule once");
        assert.equal(
            ALL_RULES.length,
            PROFILE_RULES.length + TRANSITION_RULES.length + ORGANISATION_RULES.length + SCHEDULE_RULES.length,
        );
    });

    it("every rule has a severity, a title, a doc link and public sources", () => {
        for (const rule of ALL_RULES) {
            assert.equal(rule.severity, rule.id.startsWith("R") ? "error" : "warning", rule.id);
            assert.ok(rule.title.length > 10, rule.id);
            assert.match(rule.docUrl, /^https:\/\//, rule.id);
            assert.ok(rule.sources.length > 0, `${rule.id} cites no source`);
            for (const source of rule.sources) {
                assert.match(source.url, /^https:\/\/(learn\.microsoft\.com|github\.com)\//, rule.id);
                assert.ok(source.title.length > 0, rule.id);
            }
        }
    });

    it("every rule is defined in one file named by its id, the only library file that writes the id", () => {
        const library = LIBRARY_DIRS.flatMap(sourceFiles);
        for (const rule of ALL_RULES) {
            const files = ruleFiles(rule.id);
            assert.ok(files, `${rule.id}: no file named by its id in rules/*-rules/`);
            const quoted = `"${rule.id}"`;
            const writers = library.filter((file) => code(file).includes(quoted));
            assert.deepEqual(writers, [files.definition], `${rule.id} is written in ${writers.join(", ")}`);
            const definition = code(files.definition);
            assert.ok(definition.includes(`id: ${quoted}`), `${files.definition} does not define ${rule.id}`);
        }
    });

    it("every rule has its unit tests at the mirrored path", () => {
        for (const rule of ALL_RULES) {
            const files = ruleFiles(rule.id);
            assert.ok(files);
            assert.ok(fs.existsSync(path.join(ROOT, files.test)), `${rule.id}: ${files.test} is missing`);
        }
    });
});
