/**
 * The rule docs are the rule metadata: docs/rules.md and the README's rule table are what
 * rule-docs.ts renders from it (regenerate with `npm run docs:rules`), every file they link exists,
 * and the repository cites public sources only, never notes outside it.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_RULES } from "../../rules";
import { ROOT, sourceFiles } from "../support/rule-files";
import {
    normalizeMarkdown,
    README,
    README_BEGIN,
    README_END,
    RULES_DOC,
    renderReadmeTable,
    renderRulesDoc,
} from "./rule-docs";

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const REGENERATE = "run `npm run docs:rules` and commit the result";

/** Every markdown file of the repository (README, CHANGELOG, docs/, examples/). */
function markdownFiles(): string[] {
    const docs = fs.readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`);
    const examples = fs
        .readdirSync(path.join(ROOT, "examples"))
        .map((d) => `examples/${d}/README.md`)
        .filter((f) => fs.existsSync(path.join(ROOT, f)));
    return ["README.md", "CHANGELOG.md", ...docs, ...examples].filter((f) => f.endsWith(".md"));
}

describe("rule docs", () => {
    it(`${RULES_DOC} is the rule metadata, rendered`, () => {
        assert.equal(
            normalizeMarkdown(read(RULES_DOC)),
            normalizeMarkdown(renderRulesDoc()),
            `${RULES_DOC} drifted from the rules: ${REGENERATE}`,
        );
    });

    it(`${README}'s rule table is the rule metadata, rendered`, () => {
        const readme = read(README);
        const begin = readme.indexOf(README_BEGIN);
        const end = readme.indexOf(README_END);
        assert.ok(begin >= 0 && end > begin, `${README} has lost its rules table markers`);
        const table = readme.slice(begin + README_BEGIN.length, end).trim();
        assert.equal(
            normalizeMarkdown(table),
            normalizeMarkdown(renderReadmeTable()),
            `${README}'s rules table drifted: ${REGENERATE}`,
        );
    });

    it(`${RULES_DOC} names every rule, and every file it links exists`, () => {
        const doc = read(RULES_DOC);
        for (const rule of ALL_RULES) assert.ok(doc.includes(`\n## ${rule.id}\n`), rule.id);
        const links = [...doc.matchAll(/\]\(\.\.\/([^)#]+)\)/g)].map((m) => m[1]);
        assert.ok(links.length >= ALL_RULES.length * 2);
        for (const link of links) assert.ok(fs.existsSync(path.join(ROOT, link)), `${RULES_DOC} links ${link}`);
    });

    it("code, tests and docs cite public sources, never notes outside the repository", () => {
        const files = [
            "index.ts",
            ...["rules", "components", "provider", "policies", "check", "examples", "test", "bench"].flatMap(
                sourceFiles,
            ),
            ...markdownFiles(),
        ];
        // Written in pieces so this file does not cite them itself.
        const seed = "se" + "ed";
        const outside = new RegExp(
            `DOM${"AIN"}\\.md|/work/${"shared"}|the ${seed}s|${seed}s'|\\b${seed} (\\d|list|catalog)`,
            "i",
        );
        const citing = files.filter((file) => outside.test(read(file)));
        assert.deepEqual(citing, [], "cite the public document (a link) instead");
    });
});
