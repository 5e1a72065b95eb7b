/**
 * allowedPatchModes (rules/organisation-rules/allowed-patch-modes.ts) through
 * evaluateOrganisationRules: the patch mode in effect (written, or Azure's default) against the modes
 * the organisation allows; it runs only when the organisation lists them.
 */
import assert from "node:assert/strict";
import { evaluateOrganisationRules, type OrganisationPolicy, UNKNOWN } from "../../../rules";
import { COMPLIANT_LINUX, COMPLIANT_WINDOWS, expectFinding, nativeVm, read, T, type VmSpec } from "../fixtures";

const MODE = "osProfile.windowsConfiguration.patchSettings.patchMode";
const PLATFORM_ONLY: OrganisationPolicy = { allowedPatchModes: ["AutomaticByPlatform", "ImageDefault"] };

function check(spec: VmSpec, policy: OrganisationPolicy = PLATFORM_ONLY) {
    return evaluateOrganisationRules(read(T.nativeVm, nativeVm(spec)), policy);
}

describe("rule core: allowedPatchModes", () => {
    it("a written mode the organisation does not allow is reported, with the list and the way out", () => {
        const f = expectFinding(check({ ...COMPLIANT_WINDOWS, patchMode: "AutomaticByOS" }), {
            ruleId: "allowedPatchModes",
            severity: "warning",
            path: MODE,
            value: '"AutomaticByOS"',
            allowed: "AutomaticByPlatform, ImageDefault",
            fix: "exempt the resource",
        });
        assert.deepEqual(f.pathKeys, ["osProfile", "windowsConfiguration", "patchSettings", "patchMode"]);
        assert.equal(
            f.message,
            `[allowedPatchModes] ${MODE} = "AutomaticByOS": the organisation allows only the patch modes AutomaticByPlatform, ImageDefault. Allowed: AutomaticByPlatform, ImageDefault. Fix: set ${MODE} to one of them that the VM's OS supports, or exempt the resource (tag and reason in the policy-pack config). See ${f.docUrl}`,
        );
    });

    it("Azure's default mode counts: an unwritten Windows mode is AutomaticByOS, and says so", () => {
        const f = expectFinding(check({ ...COMPLIANT_WINDOWS, patchMode: undefined }), {
            ruleId: "allowedPatchModes",
            severity: "warning",
            path: MODE,
        });
        assert.equal(f.value, "(not set: Azure's default), i.e. AutomaticByOS");
    });

    it("an allowed mode, or no list at all, reports nothing", () => {
        assert.deepEqual(check(COMPLIANT_WINDOWS).findings, []);
        assert.deepEqual(check(COMPLIANT_LINUX).findings, []);
        assert.deepEqual(check({ ...COMPLIANT_WINDOWS, patchMode: "Manual" }, {}), {
            findings: [],
            undetermined: [],
        });
    });

    it("an unknown mode is undetermined, never guessed", () => {
        const result = check({ ...COMPLIANT_WINDOWS, patchMode: UNKNOWN });
        assert.deepEqual(result.findings, []);
        assert.deepEqual(
            result.undetermined.map((u) => [u.ruleId, u.paths]),
            [["allowedPatchModes", [MODE]]],
        );
    });
});
