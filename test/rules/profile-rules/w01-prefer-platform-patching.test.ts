/**
 * W1: prefer AutomaticByPlatform where the image supports it (rules/profile-rules/w01-prefer-platform-patching.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import {
    COMPLIANT_WINDOWS,
    classicUniformVmss,
    evaluate,
    expectFinding,
    expectNone,
    IMG,
    ids,
    nativeVm,
    nativeVmss,
    T,
} from "../fixtures";
import { linux, P, win } from "./support";

describe("W1 prefer AutomaticByPlatform where the image supports it", () => {
    it("AutomaticByOS and Manual on a supported Windows image, ImageDefault on a supported Linux image", () => {
        expectFinding(win({ patchMode: "AutomaticByOS" }), {
            ruleId: "W1",
            path: P.patchMode,
            value: '"AutomaticByOS"',
            allowed: "AutomaticByPlatform (recommended)",
            fix: "set patchMode to AutomaticByPlatform",
        });
        expectFinding(win({ patchMode: "Manual", enableAutomaticUpdates: false }), {
            ruleId: "W1",
            path: P.patchMode,
            fix: "switches in place but keeps enableAutomaticUpdates false (R12, R13)",
        });
        expectFinding(linux({ patchMode: "ImageDefault" }), { ruleId: "W1", path: P.linuxPatchMode });
    });
    it("no W1 on unsupported images, invalid modes, or AutomaticByPlatform", () => {
        expectNone(win({ patchMode: "AutomaticByOS", image: IMG.winUnlisted }), "W1");
        expectNone(win({ patchMode: "AutomaticByOS", image: IMG.custom }), "W1");
        expectNone(win({ patchMode: "AutomaticByOS", image: IMG.none }), "W1");
        expectNone(linux({ patchMode: "AutomaticByOS" }), "W1");
        expectNone(win({ patchMode: "automatic" }), "W1");
        expectNone(win({}), "W1");
    });
    it("no W1 on Uniform scale sets, where patchMode does not apply; W1 on Flexible ones", () => {
        const uniform = classicUniformVmss({ os: "Windows", image: IMG.win2019 });
        expectNone(evaluate(uniform.type, uniform.props), "W1");
        const vmss = (orchestrationMode: string | undefined) =>
            evaluate(
                T.nativeVmss,
                nativeVmss({
                    ...COMPLIANT_WINDOWS,
                    patchMode: "AutomaticByOS",
                    orchestrationMode,
                    healthExtension: true,
                }),
            );
        expectNone(vmss("Uniform"), "W1");
        expectNone(vmss(undefined), "W1");
        expectFinding(vmss("Flexible"), { ruleId: "W1", path: `virtualMachineProfile.${P.patchMode}` });
    });
    it("errorsOnly leaves every recommendation out", () => {
        const ev = evaluate(
            T.nativeVm,
            nativeVm({ os: "Windows", patchMode: "Manual", enableAutomaticUpdates: false }),
            {
                errorsOnly: true,
            },
        );
        assert.deepEqual(ids(ev), []);
    });
});
