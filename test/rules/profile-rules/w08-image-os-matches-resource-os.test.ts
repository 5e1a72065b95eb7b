/**
 * W8 (rules/profile-rules/w08-image-os-matches-resource-os.ts): the image's OS (the catalog's) against
 * the resource's OS. Source: Microsoft's supported-images list (each image's OS).
 */
import assert from "node:assert/strict";
import { resolvePatchSettings } from "../../../rules";
import {
    COMPLIANT_LINUX,
    COMPLIANT_WINDOWS,
    classicVm,
    evaluate,
    expectFinding,
    expectNone,
    IMG,
    nativeVmss,
    T,
    TEST_CATALOG,
} from "../fixtures";
import { linux, win } from "./support";

const UBUNTU = {
    kind: "platform",
    publisher: "Canonical",
    offer: "0001-com-ubuntu-server-jammy",
    sku: "22_04-lts-gen2",
} as const;

describe("W8 the image's OS is the resource's OS", () => {
    it("a windowsConfiguration on a Linux image, and the reverse, on every shape", () => {
        const f = expectFinding(win({ image: UBUNTU }), { ruleId: "W8", path: "storageProfile.imageReference" });
        assert.match(f.message, /Linux image/);
        expectFinding(linux({ image: IMG.win2019 }), { ruleId: "W8", path: "storageProfile.imageReference" });
        const { type, props } = classicVm({ ...COMPLIANT_WINDOWS, image: UBUNTU });
        expectFinding(evaluate(type, props), { ruleId: "W8", path: "sourceImageReference" });
        expectFinding(evaluate(T.nativeVmss, nativeVmss({ ...COMPLIANT_LINUX, image: IMG.win2019 })), {
            ruleId: "W8",
            path: "virtualMachineProfile.storageProfile.imageReference",
        });
    });
    it("an unlisted SKU takes its OS from its publisher and offer (any case)", () => {
        const unlistedSku = {
            ...UBUNTU,
            publisher: "canonical",
            offer: "0001-COM-ubuntu-server-jammy",
            sku: "99_99-x",
        };
        expectFinding(win({ image: unlistedSku }), { ruleId: "W8", path: "storageProfile.imageReference" });
        expectNone(linux({ image: unlistedSku }), "W8");
    });
    it("a Windows component on a Linux image", () => {
        const result = resolvePatchSettings(
            { patchMode: "AutomaticByOS" },
            { os: "Windows", image: UBUNTU, catalog: TEST_CATALOG },
        );
        assert.ok(result.ok);
        expectFinding(result.evaluation, { ruleId: "W8", path: "image", fix: "PatchedLinuxVirtualMachine" });
    });
    it("matching OS, custom images and images of unknown publishers: no W8", () => {
        expectNone(win({}), "W8");
        expectNone(linux({}), "W8");
        expectNone(win({ image: IMG.custom }), "W8");
        expectNone(win({ image: IMG.winUnlisted }), "W8");
    });
});
