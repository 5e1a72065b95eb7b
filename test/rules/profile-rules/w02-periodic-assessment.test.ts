/**
 * W2: periodic assessment (rules/profile-rules/w02-periodic-assessment.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import { COMPLIANT_LINUX, expectFinding, expectNone, ids } from "../fixtures";
import { classic, P, win } from "./support";

describe("W2 periodic assessment", () => {
    it("ImageDefault or unset assessment is flagged", () => {
        expectFinding(win({ assessmentMode: undefined }), {
            ruleId: "W2",
            path: P.assessment,
            value: "not set",
            fix: "set assessmentMode to AutomaticByPlatform",
        });
        expectFinding(classic({ ...COMPLIANT_LINUX, assessmentMode: "ImageDefault" }), {
            ruleId: "W2",
            path: "patchAssessmentMode",
            value: '"ImageDefault"',
        });
    });
    it("AutomaticByPlatform assessment passes; an invalid value is R0's alone", () => {
        expectNone(win({}), "W2");
        const invalid = win({ assessmentMode: "Periodic" });
        assert.deepEqual(ids(invalid), ["R0"]);
        assert.deepEqual(ids(win({ assessmentMode: 1 })), ["R0"]);
    });
});
