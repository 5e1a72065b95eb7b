/**
 * Preview values: a rule that depends on an unknown value is undetermined (with the unknown property's
 * path), never guessed; rules that can still be decided are. Unknowns come as the rule core's UNKNOWN,
 * as the sentinels the policy SDK hands a pack (recognised by an `isUnknown` option), or behind the
 * policy SDK's unknown-checking proxy, which throws on access.
 */
import assert from "node:assert/strict";
import * as policyProxy from "@pulumi/policy/proxy";
import { type ReadOptions, type RuleId, UNKNOWN } from "../../rules";
import {
    COMPLIANT_WINDOWS,
    classicVm,
    evaluate,
    expectFinding,
    IMG,
    ids,
    nativeVm,
    nativeVmss,
    T,
    undeterminedIds,
    type VmSpec,
} from "./fixtures";

const WIN = "osProfile.windowsConfiguration";
const MODE = `${WIN}.patchSettings.patchMode`;

/**
 * The policy SDK's unknown sentinels and the proxy it wraps a resource's properties in, from the SDK
 * itself (@pulumi/policy/proxy: its typings export nothing, so the module is typed here).
 */
const {
    unknownCheckingProxy,
    unknownStringValue: POLICY_UNKNOWN_STRING,
    unknownBooleanValue: POLICY_UNKNOWN_BOOLEAN,
    unknownObjectValue: POLICY_UNKNOWN_OBJECT,
} = policyProxy as unknown as {
    unknownCheckingProxy: (props: unknown) => unknown;
    unknownStringValue: string;
    unknownBooleanValue: string;
    unknownObjectValue: string;
};

const packIsUnknown: ReadOptions["isUnknown"] = (v) =>
    v === POLICY_UNKNOWN_STRING || v === POLICY_UNKNOWN_BOOLEAN || v === POLICY_UNKNOWN_OBJECT;

/** The rules that need the patch mode on a Windows VM with a supported, non-hotpatch image. */
const MODE_RULES: RuleId[] = ["R1", "R14", "R2", "R3", "R4", "R5", "W1", "W4", "W6"].sort() as RuleId[];

function win(changes: Partial<VmSpec>, options: ReadOptions = {}) {
    return evaluate(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, ...changes }), options);
}

describe("rule core: unknown values", () => {
    it("an unknown patchMode leaves exactly the rules that need it undetermined, at its path", () => {
        const ev = win({ patchMode: UNKNOWN, enableAutomaticUpdates: false });
        assert.deepEqual(ids(ev), [], "nothing is guessed from the unknown mode");
        assert.deepEqual(undeterminedIds(ev), MODE_RULES);
        for (const u of ev.undetermined) assert.deepEqual(u.paths, [MODE], u.ruleId);
    });

    it("rules that do not need the unknown value are still decided", () => {
        const ev = win({
            patchMode: UNKNOWN,
            provisionVMAgent: false,
            assessmentMode: "AutomaticByPlatform",
            rebootSetting: "Sometimes",
            enableHotpatching: true,
        });
        expectFinding(ev, { ruleId: "R6", path: `${WIN}.provisionVMAgent` });
        expectFinding(ev, { ruleId: "R0", path: `${WIN}.patchSettings.automaticByPlatformSettings.rebootSetting` });
        expectFinding(ev, { ruleId: "R8", path: `${WIN}.patchSettings.enableHotpatching` });
        // R7 needs the mode (it would also report the missing agent, but stops undetermined first).
        assert.ok(undeterminedIds(ev).includes("R7"));
    });

    it("an unknown image leaves the image rules undetermined; the others are decided", () => {
        const image = { ...IMG.win2019, sku: UNKNOWN as unknown as string };
        const ev = win({ image, enableAutomaticUpdates: false });
        expectFinding(ev, { ruleId: "R5", path: `${WIN}.enableAutomaticUpdates` });
        assert.deepEqual(
            ev.undetermined.filter((u) => u.ruleId === "R14").map((u) => u.paths),
            [["storageProfile.imageReference"]],
        );
        assert.ok(undeterminedIds(ev).includes("R9"));
        assert.ok(!ids(ev).includes("R14"));
    });

    it("an unknown enableAutomaticUpdates leaves R2/R3/R5 undetermined, never assumed true", () => {
        for (const patchMode of ["Manual", "AutomaticByOS", "AutomaticByPlatform"]) {
            const ev = win({ patchMode, enableAutomaticUpdates: UNKNOWN });
            assert.deepEqual(
                ids(ev).filter((id) => ["R2", "R3", "R5"].includes(id)),
                [],
                patchMode,
            );
            const undecided = ev.undetermined.filter((u) => ["R2", "R3", "R5"].includes(u.ruleId));
            assert.equal(undecided.length, 1, patchMode);
            assert.deepEqual(undecided[0].paths, [`${WIN}.enableAutomaticUpdates`]);
        }
    });

    it("an unknown osProfile leaves the OS undetermined: no rule picks Windows or Linux for it", () => {
        const props = { ...nativeVm(COMPLIANT_WINDOWS), osProfile: UNKNOWN };
        const ev = evaluate(T.nativeVm, props);
        assert.deepEqual(ids(ev), []);
        for (const id of ["R1", "R2", "R3", "R5", "R14"] as RuleId[]) assert.ok(undeterminedIds(ev).includes(id), id);
    });

    it("an unknown orchestration mode or extension list leaves R16 undetermined", () => {
        const vmss = nativeVmss({ ...COMPLIANT_WINDOWS, orchestrationMode: UNKNOWN });
        assert.ok(undeterminedIds(evaluate(T.nativeVmss, vmss)).includes("R16"));
        const flexible = nativeVmss({ ...COMPLIANT_WINDOWS, orchestrationMode: "Flexible" });
        (flexible.virtualMachineProfile as Record<string, unknown>).extensionProfile = { extensions: UNKNOWN };
        const ev = evaluate(T.nativeVmss, flexible);
        assert.deepEqual(
            ev.undetermined.filter((u) => u.ruleId === "R16").map((u) => u.paths),
            [["virtualMachineProfile.extensionProfile.extensions"]],
        );
        assert.ok(!ids(ev).includes("R16"));
    });

    it("an unknown property of a versioned type leaves R15 undetermined; a known one is decided", () => {
        const v2019 = "azure-native:compute/v20190701:VirtualMachine";
        const unknownProfile = evaluate(v2019, { ...nativeVm(COMPLIANT_WINDOWS), osProfile: UNKNOWN });
        assert.ok(!ids(unknownProfile).includes("R15"), "an unknown osProfile may hold no patch setting at all");
        assert.ok(undeterminedIds(unknownProfile).includes("R15"));
        const known = evaluate(v2019, nativeVm({ ...COMPLIANT_WINDOWS, assessmentMode: UNKNOWN }));
        expectFinding(known, { ruleId: "R15", path: MODE });
    });

    it("an unknown tag set leaves W4 undetermined", () => {
        const ev = win({ patchMode: "Manual", enableAutomaticUpdates: false, tags: UNKNOWN });
        assert.ok(undeterminedIds(ev).includes("W4"));
        assert.ok(!ids(ev).includes("W4"));
    });

    describe("the policy pack's representations", () => {
        it("sentinels recognised by a custom isUnknown option are unknown, not values", () => {
            const ev = win(
                { patchMode: POLICY_UNKNOWN_STRING, enableAutomaticUpdates: POLICY_UNKNOWN_BOOLEAN },
                { isUnknown: packIsUnknown },
            );
            assert.deepEqual(ids(ev), [], "no R0/R1 for the sentinel strings");
            assert.ok(undeterminedIds(ev).includes("R1"));
            // Without the option the sentinel is just a string: R1 and R0 report it.
            const raw = win({ patchMode: POLICY_UNKNOWN_STRING, enableAutomaticUpdates: POLICY_UNKNOWN_BOOLEAN });
            assert.deepEqual(ids(raw), ["R0", "R1"]);
        });

        it("an unknown object sentinel stops the path below it (classic shape too)", () => {
            const props = { ...nativeVm(COMPLIANT_WINDOWS), osProfile: POLICY_UNKNOWN_OBJECT };
            const ev = evaluate(T.nativeVm, props, { isUnknown: packIsUnknown });
            assert.deepEqual(ids(ev), []);
            assert.ok(undeterminedIds(ev).includes("R1"));
            const { type, props: classic } = classicVm({ ...COMPLIANT_WINDOWS, patchMode: POLICY_UNKNOWN_STRING });
            const cev = evaluate(type, classic, { isUnknown: packIsUnknown });
            assert.deepEqual(ids(cev), []);
            assert.deepEqual(cev.undetermined.find((u) => u.ruleId === "R1")?.paths, ["patchMode"]);
        });

        it("the policy SDK's unknown-checking proxy, which throws on an unknown, reads as unknown", () => {
            const props = nativeVm({
                ...COMPLIANT_WINDOWS,
                patchMode: POLICY_UNKNOWN_STRING,
                enableAutomaticUpdates: false,
            });
            const ev = evaluate(T.nativeVm, unknownCheckingProxy(props));
            assert.deepEqual(ids(ev), []);
            assert.deepEqual(undeterminedIds(ev), MODE_RULES);
            // Known values behind the proxy are read normally.
            const known = nativeVm({ ...COMPLIANT_WINDOWS, enableAutomaticUpdates: false });
            expectFinding(evaluate(T.nativeVm, unknownCheckingProxy(known)), {
                ruleId: "R5",
                path: `${WIN}.enableAutomaticUpdates`,
            });
        });

        it("an unknown extension behind the proxy leaves R16 undetermined instead of assuming it missing", () => {
            const vmss = nativeVmss({ ...COMPLIANT_WINDOWS, orchestrationMode: "Flexible" });
            (vmss.virtualMachineProfile as Record<string, unknown>).extensionProfile = {
                extensions: [{ name: "other", type: "CustomScriptExtension" }, POLICY_UNKNOWN_OBJECT],
            };
            const ev = evaluate(T.nativeVmss, unknownCheckingProxy(vmss));
            assert.ok(!ids(ev).includes("R16"));
            assert.deepEqual(
                ev.undetermined.filter((u) => u.ruleId === "R16").map((u) => u.paths),
                [["virtualMachineProfile.extensionProfile.extensions"]],
            );
            // A known health extension decides it, whatever else is unknown.
            (
                vmss.virtualMachineProfile as { extensionProfile: { extensions: unknown[] } }
            ).extensionProfile.extensions.push({
                type: "applicationhealthwindows",
            });
            const decided = evaluate(T.nativeVmss, unknownCheckingProxy(vmss));
            assert.ok(!undeterminedIds(decided).includes("R16"));
            assert.ok(!ids(decided).includes("R16"));
        });

        it("an isUnknown option that throws is treated as unknown, not as a crash", () => {
            const ev = win(
                { patchMode: "AutomaticByOS" },
                {
                    isUnknown: (v) => {
                        if (v === "AutomaticByOS") throw new Error("boom");
                        return false;
                    },
                },
            );
            assert.ok(undeterminedIds(ev).includes("R1"));
        });
    });
});
