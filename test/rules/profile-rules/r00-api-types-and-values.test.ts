/**
 * R0: types and enumerated values (rules/profile-rules/r00-api-types-and-values.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import { resolvePatchSettings } from "../../../rules";
import { COMPLIANT_LINUX, COMPLIANT_WINDOWS, expectFinding, expectNone, IMG, ids } from "../fixtures";
import { classic, P, win } from "./support";

describe("R0 types and enumerated values", () => {
    it("a boolean written as a string is reported with the value as written", () => {
        expectFinding(win({ enableAutomaticUpdates: "false" }), {
            ruleId: "R0",
            path: P.eau,
            value: '"false"',
            allowed: "true or false",
            fix: "true or false",
        });
    });
    it("an assessmentMode that is not Azure's value suggests the near miss", () => {
        expectFinding(win({ assessmentMode: "AutomaticByPlatfom" }), {
            ruleId: "R0",
            path: P.assessment,
            value: '"AutomaticByPlatfom"',
            allowed: "ImageDefault, AutomaticByPlatform",
            fix: 'did you mean "AutomaticByPlatform"?',
        });
    });
    it("an unknown rebootSetting and a numeric classic patchAssessmentMode are reported", () => {
        expectFinding(win({ rebootSetting: "Sometimes" }), {
            ruleId: "R0",
            path: P.reboot,
            allowed: "IfRequired, Never, Always",
        });
        expectFinding(classic({ ...COMPLIANT_LINUX, assessmentMode: 5 }), {
            ruleId: "R0",
            path: "patchAssessmentMode",
            value: "5",
            allowed: "a string",
        });
    });
    it("rebootSetting Unknown is a read-back value: not accepted as input (REST spec PR 18581), on every shape", () => {
        for (const evaluation of [
            win({ rebootSetting: "Unknown" }),
            classic({ ...COMPLIANT_WINDOWS, rebootSetting: "Unknown" }),
        ]) {
            const f = evaluation.findings.find((x) => x.ruleId === "R0");
            assert.ok(f, "R0 reports it");
            assert.match(f.message, /a value Azure reports back, not a setting to choose: it is not accepted as input/);
        }
        const component = resolvePatchSettings({ rebootSetting: "Unknown" }, { os: "Windows", image: IMG.win2019 });
        assert.ok(!component.ok);
        assert.match(component.findings[0].message, /not accepted as input/);
    });
    it("a value of the wrong type is R0's alone: no other rule guesses what it meant", () => {
        // patchMode 5 is no mode: not the default AutomaticByOS (which would make R2 and W1 fire).
        const mode = win({ patchMode: 5, enableAutomaticUpdates: false });
        assert.deepEqual(ids(mode), ["R0"]);
        expectFinding(mode, { ruleId: "R0", path: P.patchMode, value: "5" });
        // "true" is not true, nor Azure's default true: R3 must not claim updates are on.
        const manual = win({ patchMode: "Manual", enableAutomaticUpdates: "true" });
        expectFinding(manual, { ruleId: "R0", path: P.eau, value: '"true"' });
        expectNone(manual, "R3");
        // "false" is not false: R4 must not claim the agent is off.
        const agent = win({ provisionVMAgent: "false" });
        assert.deepEqual(ids(agent), ["R0"]);
    });
    it("an object or list written where a value goes is named, not printed", () => {
        const ev = win({ provisionVMAgent: { adminPassword: "not-for-messages" }, patchMode: ["Manual"] });
        expectFinding(ev, {
            ruleId: "R0",
            path: P.agent,
            value: "(an object)",
            fix: "set provisionVMAgent to true or false",
        });
        expectFinding(ev, { ruleId: "R0", path: P.patchMode, value: "(a list)" });
        for (const f of ev.findings) assert.ok(!f.message.includes("not-for-messages"));
    });
    it("values of the right types and enumerations pass", () => {
        expectNone(win({ rebootSetting: "IfRequired", bypass: false }), "R0");
    });
});
