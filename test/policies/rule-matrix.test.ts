/**
 * Every rule the pack checks, on every resource type that can express it, through the real analyzer:
 * the broken settings are reported by the right policy at the rule's default level, with a message a
 * developer can act on; the fixed settings are not. Generated from support/rule-cases.ts x
 * support/targets.ts; the last tests check that the matrix itself covers every rule and type.
 */
import assert from "node:assert/strict";
import type { AnalyzerDiagnostic } from "../../check/engine/analyzer-client";
import { RECOMMENDATION_RULES, RECOMMENDATIONS_POLICY, SETTINGS_POLICY, SETTINGS_RULES } from "../../policies/policies";
import { CONFIGURATION_RULES } from "../../rules";
import { packPerSuite } from "./support/pack";
import { RULE_CASES } from "./support/rule-cases";
import { resourceFor, TARGETS } from "./support/targets";

/** Where a rule is reported when the configuration says nothing. */
function expectedFor(ruleId: string): { policy: string; level: "mandatory" | "advisory" } {
    const setting = SETTINGS_RULES.find((r) => r.id === ruleId);
    if (setting)
        return { policy: SETTINGS_POLICY, level: setting.defaultLevel === "advisory" ? "advisory" : "mandatory" };
    if (RECOMMENDATION_RULES.some((r) => r.id === ruleId)) return { policy: RECOMMENDATIONS_POLICY, level: "advisory" };
    throw new Error(`rule ${ruleId} is in no policy`);
}

function ofRule(diagnostics: readonly AnalyzerDiagnostic[], ruleId: string): AnalyzerDiagnostic[] {
    return diagnostics.filter((d) => d.message.includes(`[${ruleId}]`));
}

const covered = new Map<string, Set<string>>(); // rule id -> target labels

describe("policy pack: every rule on every resource type (through the analyzer)", function () {
    this.timeout(120_000);
    const pack = packPerSuite();

    for (const target of TARGETS) {
        describe(target.label, () => {
            for (const c of RULE_CASES) {
                if (c.orchestrations && !c.orchestrations.includes(target.orchestration)) continue;
                if (c.nativeOnly && !target.label.startsWith("azure-native")) continue;
                const broken = resourceFor(target, c.broken, `broken-${c.ruleId.toLowerCase()}`);
                if (!broken) continue;
                const { policy, level } = expectedFor(c.ruleId);
                if (!covered.has(c.ruleId)) covered.set(c.ruleId, new Set());
                covered.get(c.ruleId)?.add(target.label);

                it(`${c.ruleId} (${level}): ${c.what}`, async () => {
                    const result = await pack.analyze(broken);
                    const found = ofRule(result.diagnostics, c.ruleId);
                    assert.ok(
                        found.length > 0,
                        `expected [${c.ruleId}] for ${JSON.stringify(broken.properties)}; got:\n${result.diagnostics.map((d) => d.message).join("\n")}`,
                    );
                    for (const d of found) {
                        assert.equal(d.policyName, policy);
                        assert.equal(d.enforcementLevel, level, d.message);
                        // Resource, property path and value, what is allowed, the fix, the doc link.
                        assert.ok(d.message.includes(`"${broken.name}"`), d.message);
                        assert.match(d.message, /\[[RW]\d+\] [A-Za-z.()0-9 ]+ = .+: /);
                        assert.match(d.message, / Allowed: .+\. Fix: .+ See https:\/\/learn\.microsoft\.com\//);
                    }
                    const fixed = resourceFor(target, c.fixed, `fixed-${c.ruleId.toLowerCase()}`);
                    if (fixed) {
                        const after = await pack.analyze(fixed);
                        assert.deepEqual(
                            ofRule(after.diagnostics, c.ruleId).map((d) => d.message),
                            [],
                            `the fix of ${c.ruleId} still reports it`,
                        );
                    }
                });
            }
        });
    }

    describe("the matrix itself", () => {
        it("covers every rule of both policies", () => {
            // R19 is about maintenance configurations, not VMs: test/policies/schedule-policy.test.ts.
            const configurationRules = new Set<string>(CONFIGURATION_RULES.map((r) => r.id));
            const ids = [...SETTINGS_RULES, ...RECOMMENDATION_RULES]
                .map((r) => r.id)
                .filter((id) => id !== "allowedPatchModes" && !configurationRules.has(id));
            assert.deepEqual(
                ids.filter((id) => !covered.has(id)),
                [],
                "rules without a case on any type",
            );
        });

        it("runs the rules about settings every type has on every type, and R15 on versioned tokens", () => {
            for (const id of ["R0", "R6", "W2"]) {
                assert.equal(
                    covered.get(id)?.size,
                    TARGETS.length,
                    `${id} runs on ${[...(covered.get(id) ?? [])].join(", ")}`,
                );
            }
            // Windows-only rules run on every type that carries Windows settings.
            const windowsTargets = TARGETS.filter((t) => t.oses.includes("Windows")).map((t) => t.label);
            assert.deepEqual([...(covered.get("R2") ?? [])].sort(), [...windowsTargets].sort());
            // A pinned Compute API version exists only in versioned azure-native tokens.
            assert.deepEqual(
                [...(covered.get("R15") ?? [])].sort(),
                TARGETS.filter((t) => t.label.includes("versioned"))
                    .map((t) => t.label)
                    .sort(),
            );
        });
    });
});
