/**
 * Adoption's `existingPatchSettings` (the settings an adopted VM has in Azure) is read by the rule
 * core as `patching` is, and its mistakes are the rule core's findings: R0 for a wrong type, a value
 * outside its enumeration, a Windows-only setting on Linux or a key that is no setting, R1 for another
 * OS's patch mode. The same mistake reads the same in `patching`, in the pack and here; only the path
 * differs. The one refusal of its own: a Windows VM's create-time enableAutomaticUpdates not given.
 */
import * as assert from "node:assert/strict";
import { resolveExistingSettings } from "../../../components/vm/existing-settings";
import { type Finding, resolvePatchSettings } from "../../../rules";

/** A refusal's findings, or a failure saying the settings were accepted. */
function refused(os: "Windows" | "Linux", existing: object): { message: string; findings: readonly Finding[] } {
    const result = resolveExistingSettings(os, existing);
    assert.ok(!result.ok, `accepted: ${JSON.stringify(existing)}`);
    return result;
}

/** The same settings written in `patching`: the rule core's findings there, path mapped to this argument. */
function asPatching(os: "Windows" | "Linux", settings: object) {
    const result = resolvePatchSettings(settings, { os, image: { kind: "none" } });
    assert.ok(!result.ok, `patching accepted: ${JSON.stringify(settings)}`);
    return result.findings
        .filter((f) => f.ruleId === "R0" || f.ruleId === "R1")
        .map((f) => ({
            ...f,
            path: f.path.replace(/^patching\./, "existingPatchSettings."),
            pathKeys: ["existingPatchSettings", ...f.pathKeys.slice(1)],
            message: f.message.replace("patching.", "existingPatchSettings."),
        }));
}

describe("components: existingPatchSettings (adoption) read and judged by the rule core", () => {
    it("a Windows-only setting on Linux is the rule core's R0 finding, in its words", () => {
        const { message, findings } = refused("Linux", { enableHotpatching: true });
        assert.deepEqual(
            findings.map((f) => [f.ruleId, f.pathKeys, f.value, f.allowed]),
            [["R0", ["existingPatchSettings", "enableHotpatching"], "true", "not set on Linux"]],
        );
        // The old sentence was "existingPatchSettings.enableHotpatching is a Windows setting; a Linux VM has none."
        assert.match(
            message,
            /^\[R0\] existingPatchSettings\.enableHotpatching = true: enableHotpatching is a Windows setting\. Allowed: not set on Linux\. Fix: remove enableHotpatching/,
        );
        assert.deepEqual(findings, asPatching("Linux", { enableHotpatching: true }));
    });

    it("every mistake `patching` can hold gives the finding `patching` gives, path mapped", () => {
        const cases: ["Windows" | "Linux", object][] = [
            ["Linux", { enableAutomaticUpdates: false, patchMode: "AutomaticByOS" }],
            ["Windows", { enableAutomaticUpdates: "yes", provisionVMAgent: 1 }],
            ["Windows", { enableAutomaticUpdates: true, patchMode: "ImageDefault", assessmentMode: "Periodic" }],
            ["Linux", { patchMode: 3, rebootSetting: "Sometimes", bypassPlatformSafetyChecksOnUserSchedule: "true" }],
        ];
        for (const [os, existing] of cases) {
            const { findings } = refused(os, existing);
            assert.ok(findings.length > 0, JSON.stringify(existing));
            assert.deepEqual(findings, asPatching(os, existing), JSON.stringify(existing));
        }
    });

    it("a key that is no setting of the argument is refused, with the closest one", () => {
        const { findings } = refused("Windows", { enableAutomaticUpdates: false, patchMod: "Manual" });
        assert.deepEqual(
            findings.map((f) => [f.ruleId, f.path, f.fix]),
            [["R0", "existingPatchSettings.patchMod", 'did you mean "patchMode"? Otherwise remove it.']],
        );
        // customPatchingSolution describes the user's intent in `patching`; Azure keeps no such setting.
        const solution = refused("Linux", { customPatchingSolution: "WSUS" });
        assert.match(solution.message, /customPatchingSolution is not a patch setting of existingPatchSettings/);
    });

    it("not an object of settings: R0's one finding, as for `patching`", () => {
        const { message, findings } = refused("Windows", "Manual" as never);
        assert.deepEqual(
            findings.map((f) => [f.ruleId, f.path]),
            [["R0", "existingPatchSettings"]],
        );
        assert.equal(message, findings[0].message);
    });

    it("Windows without its create-time enableAutomaticUpdates: refused, saying where to read it (no rule: adoption's own)", () => {
        for (const existing of [{ patchMode: "Manual" }, { patchMode: "Manual", enableAutomaticUpdates: null }]) {
            const { message, findings } = refused("Windows", existing);
            assert.match(message, /existingPatchSettings\.enableAutomaticUpdates = \(not set\).*az vm show/s);
            assert.deepEqual(findings, []);
        }
    });

    it("a setting named secret shows as [secret] in every finding, and no suggestion spells it", () => {
        const secretMode = "Manul-s3cr3t";
        const result = resolveExistingSettings(
            "Windows",
            { patchMode: secretMode as never, enableAutomaticUpdates: false },
            new Set(["patchMode"]),
        );
        assert.equal(result.ok, false);
        if (result.ok) return;
        assert.match(result.message, /existingPatchSettings\.patchMode = \[secret\]/);
        assert.ok(!JSON.stringify(result).includes(secretMode), JSON.stringify(result));
        // The same value not secret is shown, as everywhere else.
        const shown = resolveExistingSettings("Windows", {
            patchMode: secretMode as never,
            enableAutomaticUpdates: false,
        });
        assert.ok(!shown.ok && shown.message.includes(secretMode));
    });

    it("accepted settings keep what was written and take Azure's defaults for the rest", () => {
        const windows = resolveExistingSettings("Windows", { patchMode: "Manual", enableAutomaticUpdates: false });
        assert.deepEqual(windows, {
            ok: true,
            settings: {
                os: "Windows",
                patchMode: "Manual",
                enableAutomaticUpdates: false,
                enableHotpatching: false,
                provisionVMAgent: true,
                assessmentMode: "ImageDefault",
            },
        });
        // "Unknown" is the rebootSetting Azure reports when none was chosen: copied from `az vm show`, none.
        const linux = resolveExistingSettings("Linux", { rebootSetting: "Unknown", provisionVMAgent: false });
        assert.deepEqual(linux, {
            ok: true,
            settings: {
                os: "Linux",
                patchMode: "ImageDefault",
                provisionVMAgent: false,
                assessmentMode: "ImageDefault",
            },
        });
    });
});
