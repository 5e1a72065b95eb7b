/**
 * What holds for the profile rules together: a compliant VM has no finding at all, and each rule
 * reports on its own, whatever the others say.
 */
import assert from "node:assert/strict";
import { COMPLIANT_LINUX, COMPLIANT_WINDOWS, findingsOf, IMG, ids } from "../fixtures";
import { classic, linux, win } from "./support";

describe("rule core: profile rules together", () => {
    it("compliant Windows and Linux VMs have no findings at all, in either provider's shape", () => {
        assert.deepEqual(ids(win({})), []);
        assert.deepEqual(ids(linux({})), []);
        assert.deepEqual(ids(classic(COMPLIANT_WINDOWS)), []);
        assert.deepEqual(ids(classic(COMPLIANT_LINUX)), []);
    });

    it("findings of one rule do not depend on the others being present (one place per rule)", () => {
        const ev = win({
            patchMode: "Manual",
            enableAutomaticUpdates: true,
            enableHotpatching: true,
            image: IMG.custom,
        });
        assert.deepEqual(ids(ev), ["R3", "R7", "R8", "W4"]);
        assert.equal(findingsOf(ev, "R7").length, 1);
    });
});
