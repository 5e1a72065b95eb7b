/**
 * `pulumi-azure-vm-patching/policies` as a library: the constructor's arguments become each policy's
 * level and configuration defaults (checked here, and through the analyzer in a composed pack), bad
 * arguments fail with the argument, the value and the fix, and a process with two @pulumi/policy
 * copies is refused (secrets could show).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { AnalyzerResource } from "../../check/engine/analyzer-client";
import { type AzureVmPatchingArgs, AzureVmPatchingArgsError, resolveArgs } from "../../policies/args";
import { RECOMMENDATIONS_POLICY, SETTINGS_POLICY, SETTINGS_RULES } from "../../policies/policies";
import { SCHEDULE_POLICY } from "../../policies/schedule-policy";
import { packPerSuite, ROOT } from "./support/pack";
import { IMAGES } from "./support/targets";

const COMPOSED_PACK = path.join(ROOT, "test", "policies", "fixtures", "composed-pack");

function refusal(args: unknown): string {
    try {
        resolveArgs(args as AzureVmPatchingArgs);
    } catch (e) {
        assert.ok(e instanceof AzureVmPatchingArgsError, String(e));
        return e.message;
    }
    assert.fail(`accepted ${JSON.stringify(args)}`);
}

function windowsVm(name: string, windowsConfiguration: Record<string, unknown>, tags = {}): AnalyzerResource {
    return {
        type: "azure-native:compute:VirtualMachine",
        name,
        properties: {
            osProfile: { computerName: name, windowsConfiguration },
            storageProfile: { imageReference: { ...IMAGES.windows, version: "latest" } },
            tags,
        },
    };
}

describe("policies as a library: the constructor's arguments", () => {
    it("without arguments, are the shipped pack: settings mandatory, recommendations advisory, no defaults", () => {
        const r = resolveArgs();
        assert.deepEqual(r.settings, { enforcementLevel: "mandatory", config: {} });
        assert.deepEqual(r.recommendations, { enforcementLevel: "advisory", config: {} });
    });

    it("give `all` to both policies, and a policy's own level over it", () => {
        const r = resolveArgs({ all: "mandatory", settings: "remediate" });
        assert.equal(r.settings.enforcementLevel, "remediate");
        assert.equal(r.recommendations.enforcementLevel, "mandatory");
    });

    it("give each policy the levels, exemptions, images and modes of its own rules", () => {
        const image = { publisher: "Contoso", offer: "hardened", sku: "22_04-*", os: "Linux" as const };
        const r = resolveArgs({
            rules: { R11: "advisory", W2: "mandatory", allowedPatchModes: "mandatory" },
            unknownValues: "mandatory",
            extraSupportedImages: [image],
            exemptions: [
                { tag: "vendor", rules: ["R14", "W1"], reason: "vendor appliance" },
                { tag: "lab", value: "yes", rules: ["*"], reason: "lab" },
            ],
            allowedPatchModes: ["AutomaticByPlatform"],
        });
        assert.deepEqual(r.settings.config, {
            ruleLevels: { R11: "advisory" },
            unknownValues: "mandatory",
            extraSupportedImages: [image],
            exemptions: [
                { tag: "vendor", rules: ["R14"], reason: "vendor appliance" },
                { tag: "lab", value: "yes", rules: ["*"], reason: "lab" },
            ],
        });
        assert.deepEqual(r.recommendations.config, {
            ruleLevels: { W2: "mandatory", allowedPatchModes: "mandatory" },
            unknownValues: "mandatory",
            extraSupportedImages: [image],
            exemptions: [
                { tag: "vendor", rules: ["W1"], reason: "vendor appliance" },
                { tag: "lab", value: "yes", rules: ["*"], reason: "lab" },
            ],
            allowedPatchModes: ["AutomaticByPlatform"],
        });
    });

    it('read `{ all: "disabled", rules: { R3: "mandatory" } }` as "only R3"', () => {
        const r = resolveArgs({ all: "disabled", rules: { R3: "mandatory" } });
        assert.equal(r.settings.enforcementLevel, "advisory");
        const levels = r.settings.config?.ruleLevels ?? {};
        assert.equal(levels.R3, "mandatory");
        for (const rule of SETTINGS_RULES.filter((x) => x.id !== "R3")) assert.equal(levels[rule.id], "disabled");
        assert.deepEqual(r.recommendations, { enforcementLevel: "disabled", config: {} });
    });

    it("refuse what the policies cannot use, naming the argument, the value and the fix", () => {
        assert.match(refusal({ rule: { R3: "advisory" } }), /rule = .*not an argument.*did you mean "rules"/);
        assert.match(
            refusal({ all: "mandatroy" }),
            /all = "mandatroy".*advisory, mandatory, remediate, disabled.*"mandatory"/,
        );
        assert.match(
            refusal({ rules: { R12: "advisory" } }),
            /rules\[0\] = "R12": the policies cannot check R12.*Fix: remove it/,
        );
        assert.match(
            refusal({ rules: { R33: "advisory" } }),
            /rules\[0\] = "R33": not a rule of the policies.*did you mean "R3"/,
        );
        assert.match(
            refusal({ exemptions: [{ tag: "t", rules: ["W99"], reason: "r" }] }),
            /exemptions\[0\]\.rules\[0\] = "W99"/,
        );
        assert.match(
            refusal({ allowedPatchModes: ["Sometimes"] }),
            /azure-vm-patch-recommendations.*allowedPatchModes\.0 = "Sometimes"/,
        );
        assert.match(refusal({ rules: { R3: "remediate" } }), /ruleLevels\.R3 = "remediate"/);
        assert.match(
            refusal({ extraSupportedImages: [{ publisher: "p", offer: "o", sku: "s" }] }),
            /extraSupportedImages\.0\.os = \(not set\)/,
        );
    });
});

describe("policies as a library: a team's pack composed from them, through the analyzer", function () {
    this.timeout(120_000);
    const pack = packPerSuite({ packDir: COMPOSED_PACK, resetConfig: true });

    const r2Broken = windowsVm("r2", { enableAutomaticUpdates: false, patchSettings: { patchMode: "AutomaticByOS" } });

    it("reports the arguments' levels and defaults, beside the team's own policy", async () => {
        const info = await pack.getInfo();
        const levels = Object.fromEntries(info.policies.map((p) => [p.name, p.enforcementLevel]));
        assert.deepEqual(levels, {
            [SETTINGS_POLICY]: "mandatory",
            [RECOMMENDATIONS_POLICY]: "mandatory",
            [SCHEDULE_POLICY]: "mandatory",
            "own-policy": "advisory",
        });
        const recommendations = info.policies.find((p) => p.name === RECOMMENDATIONS_POLICY);
        assert.deepEqual(
            (recommendations?.configSchema?.properties.allowedPatchModes as { default?: unknown } | undefined)?.default,
            ["AutomaticByPlatform"],
        );

        const result = await pack.analyze(r2Broken);
        const byRule = (id: string) => result.diagnostics.find((d) => d.message.includes(`[${id}]`));
        assert.equal(byRule("R2")?.enforcementLevel, "mandatory");
        assert.equal(byRule("W2")?.enforcementLevel, "mandatory"); // all: "mandatory"
        assert.equal(byRule("allowedPatchModes")?.enforcementLevel, "mandatory");
        assert.ok(
            result.diagnostics.some((d) => d.policyName === "own-policy" && d.message.includes("own policy saw r2")),
        );
    });

    it("applies the arguments' exemptions and rule levels", async () => {
        const result = await pack.analyze(
            windowsVm(
                "legacy",
                { enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } },
                { legacy: "1" },
            ),
        );
        const r3 = result.diagnostics.find((d) => d.message.includes("[R3]"));
        assert.equal(r3?.enforcementLevel, "advisory");
        assert.match(r3?.message ?? "", /exempted by tag legacy \(reason: retired in Q3\)/);
        assert.equal(result.diagnostics.filter((d) => d.message.includes("[W4]")).length, 0); // W4 disabled
    });

    it("lets --policy-pack-config override a level and a property, keeping the other defaults", async () => {
        await pack.configure({
            [RECOMMENDATIONS_POLICY]: { enforcementLevel: "advisory", allowedPatchModes: ["AutomaticByOS"] },
        });
        const result = await pack.analyze(r2Broken);
        assert.equal(result.diagnostics.find((d) => d.message.includes("[W2]"))?.enforcementLevel, "advisory");
        assert.equal(result.diagnostics.filter((d) => d.message.includes("[allowedPatchModes]")).length, 0);
        // The settings policy kept its defaults from the arguments.
        assert.equal(result.diagnostics.find((d) => d.message.includes("[R2]"))?.enforcementLevel, "mandatory");
    });
});

describe("policies as a library: one @pulumi/policy per process", () => {
    it("refuses to build the policies when a second copy of @pulumi/policy is loaded", () => {
        // Under the repository (tmp/ is ignored): the copy resolves its own dependencies from the root.
        fs.mkdirSync(path.join(ROOT, "tmp"), { recursive: true });
        const dir = fs.mkdtempSync(path.join(ROOT, "tmp", "two-sdks-"));
        try {
            fs.cpSync(
                path.join(ROOT, "node_modules", "@pulumi", "policy"),
                path.join(dir, "node_modules", "@pulumi", "policy"),
                {
                    recursive: true,
                },
            );
            const script = `
                require(${JSON.stringify(path.join(dir, "node_modules", "@pulumi", "policy"))});
                const { azureVmPatchingPolicies } = require("pulumi-azure-vm-patching/policies");
                try { azureVmPatchingPolicies(); console.log("accepted"); } catch (e) { console.log(e.message); }`;
            const out = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
            assert.match(out.stdout, /two copies of @pulumi\/policy .*Fix: depend on the same @pulumi\/policy version/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
