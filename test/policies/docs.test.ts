/**
 * docs/policy-pack.md is what users read to configure the pack: its tables must say what the pack
 * does. Checked against the policies' own metadata, so a renamed rule or a new config property cannot
 * leave the docs behind.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeConfigParser } from "../../policies/config";
import {
    PATCH_POLICIES,
    RECOMMENDATION_RULES,
    RECOMMENDATIONS_POLICY,
    SETTINGS_POLICY,
    SETTINGS_RULES,
} from "../../policies/policies";
import { SCHEDULE_POLICY, SCHEDULE_POLICY_RULES, schedulePolicy } from "../../policies/schedule-policy";
import { ROOT } from "./support/pack";

const doc = fs.readFileSync(path.join(ROOT, "docs", "policy-pack.md"), "utf8");

/** Table rows as cells, for the rows whose first cell matches. */
function rows(first: RegExp): string[][] {
    return doc
        .split("\n")
        .filter((l) => l.startsWith("|"))
        .map((l) =>
            l
                .split("|")
                .slice(1, -1)
                .map((c) => c.trim()),
        )
        .filter((cells) => first.test(cells[0]));
}

describe("docs/policy-pack.md", () => {
    it("lists every rule with its title, policy and default level, and no other", () => {
        const expected = [
            ...SETTINGS_RULES.map((r) => [r.id, r.title, `\`${SETTINGS_POLICY}\``, r.defaultLevel]),
            ...RECOMMENDATION_RULES.map((r) => [r.id, r.title, `\`${RECOMMENDATIONS_POLICY}\``, r.defaultLevel]),
            ...SCHEDULE_POLICY_RULES.map((r) => [r.id, r.title, `\`${SCHEDULE_POLICY}\``, r.defaultLevel]),
        ];
        const documented = rows(/^(R\d+|W\d+|allowedPatchModes)$/).map(([id, title, policy, level]) => [
            id,
            title,
            policy,
            level,
        ]);
        assert.deepEqual(documented, expected);
    });

    it("lists the three policies with their default levels", () => {
        const documented = rows(/^`azure-vm-patch-/).map(([name, level]) => [name, level]);
        assert.deepEqual(
            documented,
            [...PATCH_POLICIES, schedulePolicy].map((p) => [`\`${p.name}\``, p.enforcementLevel]),
        );
    });

    it("shows a configuration example the policies accept", () => {
        const example = doc.match(/```json\n(\{\n[\s\S]*?\n\})\n```/);
        assert.ok(example, "no JSON example");
        const config = JSON.parse(example[1]) as Record<string, Record<string, unknown>>;
        assert.deepEqual(Object.keys(config).sort(), [RECOMMENDATIONS_POLICY, SETTINGS_POLICY].sort());
        const parsers: Record<string, (raw: unknown) => unknown> = {
            [SETTINGS_POLICY]: makeConfigParser(
                SETTINGS_POLICY,
                SETTINGS_RULES.map((r) => r.id),
                { allowedModes: false },
            ),
            [RECOMMENDATIONS_POLICY]: makeConfigParser(
                RECOMMENDATIONS_POLICY,
                RECOMMENDATION_RULES.map((r) => r.id),
                {
                    allowedModes: true,
                },
            ),
        };
        for (const [policy, entry] of Object.entries(config)) {
            const { enforcementLevel, ...properties } = entry;
            assert.ok(
                enforcementLevel === undefined ||
                    ["advisory", "mandatory", "remediate", "disabled"].includes(String(enforcementLevel)),
            );
            assert.doesNotThrow(() => parsers[policy](properties), policy);
        }
    });

    it("documents every configuration property of every policy", () => {
        const documented = new Set(rows(/^`[a-zA-Z]+`$/).map(([name]) => name.replace(/`/g, "")));
        for (const policy of PATCH_POLICIES) {
            for (const property of Object.keys(policy.configSchema?.properties ?? {})) {
                assert.ok(documented.has(property), `${policy.name}.${property} is not documented`);
            }
        }
    });
});
