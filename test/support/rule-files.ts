/**
 * Where each rule lives in the repository: its definition (one file, named by its id, in a family
 * folder of rules/) and its unit tests (the mirrored path under test/rules/). The registry test checks
 * that every rule follows this; docs/rules.md links both.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root (dist/test/support -> root). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The rule families: the folders of rules/ that hold one file per rule. */
export const RULE_FAMILIES = ["profile-rules", "transition-rules", "organisation-rules", "schedule-rules"] as const;
export type RuleFamily = (typeof RULE_FAMILIES)[number];

/**
 * How a rule's file name starts: R9 -> "r09-", W1 -> "w01-" (zero-padded, so a listing is in id
 * order); an organisation rule's id in kebab case (allowedPatchModes -> "allowed-patch-modes").
 */
export function ruleFilePrefix(id: string): string {
    const numbered = /^([RW])(\d+)$/.exec(id);
    if (numbered) return `${numbered[1].toLowerCase()}${numbered[2].padStart(2, "0")}-`;
    return id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export interface RuleFiles {
    readonly family: RuleFamily;
    /** The definition, relative to the repository root (rules/<family>/<name>.ts). */
    readonly definition: string;
    /** Its unit tests, relative to the root (test/rules/<family>/<name>.test.ts); may not exist. */
    readonly test: string;
}

/** The files of a rule, found by its id in every family folder; undefined when there is none. */
export function ruleFiles(id: string): RuleFiles | undefined {
    const prefix = ruleFilePrefix(id);
    for (const family of RULE_FAMILIES) {
        const dir = path.join(ROOT, "rules", family);
        if (!fs.existsSync(dir)) continue;
        const name = fs
            .readdirSync(dir)
            .find((file) => file.endsWith(".ts") && (file.startsWith(prefix) || file === `${prefix}.ts`));
        if (name) {
            const stem = name.slice(0, -".ts".length);
            return {
                family,
                definition: `rules/${family}/${name}`,
                test: `test/rules/${family}/${stem}.test.ts`,
            };
        }
    }
    return undefined;
}

/** Every .ts file under a directory of the repository (relative paths), skipping build output. */
export function sourceFiles(dir: string): string[] {
    const out: string[] = [];
    const walk = (rel: string) => {
        for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
            if (entry.name === "node_modules" || entry.name === "bin" || entry.name === "dist") continue;
            const child = path.join(rel, entry.name);
            if (entry.isDirectory()) walk(child);
            else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(child);
        }
    };
    walk(dir);
    return out.sort();
}
