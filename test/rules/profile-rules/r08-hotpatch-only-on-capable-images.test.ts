/**
 * R8: hotpatch only on hotpatch-capable images (rules/profile-rules/r08-hotpatch-only-on-capable-images.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import { COMPLIANT_WINDOWS, expectFinding, IMG, ids } from "../fixtures";
import { classic, P, win } from "./support";

describe("R8 hotpatch only on hotpatch-capable images", () => {
    it("hotpatch on a supported non-hotpatch image fails (azure-native and classic)", () => {
        expectFinding(win({ enableHotpatching: true }), {
            ruleId: "R8",
            path: P.hotpatch,
            value: "true",
            allowed: "hotpatch images",
            fix: "set enableHotpatching to false",
        });
        expectFinding(win({ image: IMG.winAzureEditionDesktop, enableHotpatching: true }), {
            ruleId: "R8",
            path: P.hotpatch,
        });
        expectFinding(classic({ ...COMPLIANT_WINDOWS, enableHotpatching: true }), {
            ruleId: "R8",
            path: "hotpatchingEnabled",
        });
    });
    it("hotpatch on a custom image fails and says custom images never are", () => {
        const f = expectFinding(win({ image: IMG.custom, enableHotpatching: true }), {
            ruleId: "R8",
            path: P.hotpatch,
        });
        assert.match(f.message, /custom images never are/);
    });
    it("the SKU matches case-insensitively, as Azure's does", () => {
        const shouting = {
            ...IMG.winHotpatch,
            publisher: "microsoftwindowsserver",
            sku: "2022-DATACENTER-AZURE-EDITION-CORE",
        };
        assert.deepEqual(ids(win({ image: shouting, enableHotpatching: true })), []);
    });
});
