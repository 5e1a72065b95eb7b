/**
 * Secrets never appear in findings: a value read from a Pulumi secret (the `unwrapSecret` option, as
 * the policy pack passes it) shows as [secret], in the value and in every sentence that would have
 * named it; an admin password anywhere in a VM's input never appears in any message.
 */
import assert from "node:assert/strict";
import { engineSecret, isEngineSecret } from "../../provider/engine";
import { checkTransition, type Finding, type ReadOptions } from "../../rules";
import {
    COMPLIANT_WINDOWS,
    classicOrchestratedVmss,
    classicVm,
    evaluate,
    expectFinding,
    IMG,
    nativeVm,
    nativeVmss,
    read,
    T,
    type VmSpec,
} from "./fixtures";

/** Pulumi's wire form of a secret (the signature key and value of @pulumi/pulumi's runtime). */
const secret = engineSecret;
const unwrapSecret: ReadOptions["unwrapSecret"] = (v) =>
    isEngineSecret(v) ? { secret: true, value: (v as { value: unknown }).value } : { secret: false, value: v };

const WIN = "osProfile.windowsConfiguration";
const MODE = `${WIN}.patchSettings.patchMode`;

function win(changes: Partial<VmSpec>) {
    return evaluate(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, ...changes }), { unwrapSecret });
}

/** Every text of a finding a user or a log can see. */
function texts(f: Finding): string {
    return [f.message, f.value, f.allowed, f.fix, f.title, f.path].join("\n");
}

function assertHidden(findings: readonly Finding[], hidden: string): void {
    assert.ok(findings.length > 0, "the case must produce findings to check");
    for (const f of findings) assert.ok(!texts(f).includes(hidden), `"${hidden}" leaked: ${f.message}`);
}

describe("rule core: secrets", () => {
    it("a secret value shows as [secret] and the rule still applies", () => {
        const ev = win({ patchMode: "AutomaticByOS", enableAutomaticUpdates: secret(false) });
        expectFinding(ev, { ruleId: "R2", path: `${WIN}.enableAutomaticUpdates`, value: "[secret]" });
    });

    it("R1 does not name a secret mode (not even as 'a Linux patch mode')", () => {
        const ev = win({ patchMode: secret("ImageDefault") });
        expectFinding(ev, { ruleId: "R1", path: MODE, value: "[secret]" });
        assertHidden(ev.findings, "ImageDefault");
    });

    it("R0 does not name a secret enumeration value", () => {
        const ev = win({ assessmentMode: secret("SometimesMaybe") });
        expectFinding(ev, { ruleId: "R0", path: `${WIN}.patchSettings.assessmentMode`, value: "[secret]" });
        assertHidden(ev.findings, "SometimesMaybe");
    });

    it("R7, R11 and W1 do not name a secret mode in their sentences", () => {
        const r7 = win({ image: IMG.winHotpatch, patchMode: secret("AutomaticByOS"), enableHotpatching: true });
        expectFinding(r7, { ruleId: "R7", path: `${WIN}.patchSettings.enableHotpatching` });
        assertHidden(r7.findings, "AutomaticByOS");
        const r11 = win({
            patchMode: secret("Manual"),
            enableAutomaticUpdates: false,
            rebootSetting: "Never",
            tags: { "patching-custom-solution": "WSUS" },
        });
        expectFinding(r11, { ruleId: "R11", path: `${WIN}.patchSettings.automaticByPlatformSettings.rebootSetting` });
        assertHidden(
            r11.findings.filter((f) => f.ruleId !== "W1"),
            "Manual",
        );
        const w1 = win({ patchMode: secret("AutomaticByOS") });
        expectFinding(w1, { ruleId: "W1", path: MODE, value: "[secret]" });
        assertHidden(w1.findings, "AutomaticByOS");
    });

    it("image rules do not name a secret image", () => {
        const image = { ...IMG.winUnlisted, sku: secret("sku-known-only-to-ops") as unknown as string };
        const ev = win({ image });
        expectFinding(ev, { ruleId: "R14", path: MODE });
        assertHidden(ev.findings, "sku-known-only-to-ops");
        const custom = {
            ...IMG.custom,
            id: secret("/subscriptions/x/images/hidden-gallery-image") as unknown as string,
        };
        const hot = win({ image: custom, enableHotpatching: true });
        expectFinding(hot, { ruleId: "R8", path: `${WIN}.patchSettings.enableHotpatching` });
        assertHidden(hot.findings, "hidden-gallery-image");
    });

    it("a whole secret osProfile (built from the password's Output) hides every value under it", () => {
        const props = nativeVm({ ...COMPLIANT_WINDOWS, patchMode: "AutomaticByOS", enableAutomaticUpdates: false });
        const ev = evaluate(T.nativeVm, { ...props, osProfile: secret(props.osProfile) }, { unwrapSecret });
        const f = expectFinding(ev, { ruleId: "R2", path: `${WIN}.enableAutomaticUpdates`, value: "[secret]" });
        assert.ok(!f.message.includes("= false"));
        for (const finding of ev.findings)
            assert.ok(!finding.message.includes("patchMode is AutomaticByOS"), finding.message);
    });

    it("transitions do not name secret modes or flags", () => {
        const vm = (patchMode: string, eau: boolean) =>
            read(
                T.nativeVm,
                nativeVm({ ...COMPLIANT_WINDOWS, patchMode: secret(patchMode), enableAutomaticUpdates: secret(eau) }),
                { unwrapSecret },
            );
        const r13 = checkTransition(vm("AutomaticByOS", true), vm("Manual", false));
        const f = expectFinding(r13, { ruleId: "R13", path: MODE, value: "[secret]" });
        assert.ok(!/from (Manual|AutomaticByOS)/.test(texts(f)), f.message);
        const r12 = checkTransition(vm("AutomaticByOS", true), vm("AutomaticByOS", false));
        const g = expectFinding(r12, { ruleId: "R12", path: `${WIN}.enableAutomaticUpdates`, value: "[secret]" });
        assert.ok(!/\b(true|false)\b/.test(`${g.value} ${g.allowed}`), texts(g));
        assert.ok(!/is (true|false) on the existing VM|back to (true|false)/.test(g.message), g.message);
        const replaced = checkTransition(vm("AutomaticByOS", true), vm("Manual", false), { allowReplacement: true });
        for (const reason of replaced.replaceReasons) assert.ok(!/from (Manual|AutomaticByOS)/.test(reason), reason);
    });

    it("a secret in any patch setting or image field never shows, in any shape", () => {
        const hidden = "hunter2-secret-value";
        const asSecret = secret(hidden);
        const placements: Partial<VmSpec>[] = [
            { patchMode: asSecret },
            { enableAutomaticUpdates: asSecret },
            { provisionVMAgent: asSecret },
            { enableHotpatching: asSecret },
            { assessmentMode: asSecret },
            { rebootSetting: asSecret },
            { bypass: asSecret },
            { image: { ...IMG.win2019, sku: asSecret as unknown as string } },
            { image: { ...IMG.win2019, publisher: asSecret as unknown as string } },
            { image: { ...IMG.custom, id: asSecret as unknown as string } },
        ];
        const shapes = [
            (s: VmSpec) => ({ type: T.nativeVm, props: nativeVm(s) }),
            (s: VmSpec) => ({ type: T.nativeVmss, props: nativeVmss({ ...s, orchestrationMode: "Flexible" }) }),
            classicVm,
            classicOrchestratedVmss,
        ];
        let checked = 0;
        for (const placement of placements) {
            for (const shape of shapes) {
                // Manual with updates on and hotpatch on a 2019 image: many rules fire around the secret.
                const spec: VmSpec = {
                    ...COMPLIANT_WINDOWS,
                    patchMode: "Manual",
                    enableHotpatching: true,
                    ...placement,
                };
                const { type, props } = shape(spec);
                const ev = evaluate(type, props, { unwrapSecret });
                checked += ev.findings.length;
                for (const f of ev.findings)
                    assert.ok(!texts(f).includes(hidden), `${JSON.stringify(placement)}: ${f.message}`);
            }
        }
        assert.ok(checked > 50);
    });

    describe("admin passwords", () => {
        const PASSWORD = "Tr0ub4dor&3-never-in-a-message";
        /** Settings that break many rules, so there are many messages to search. */
        const BAD: VmSpec = {
            os: "Windows",
            patchMode: "Manual",
            enableAutomaticUpdates: true,
            provisionVMAgent: false,
            enableHotpatching: true,
            assessmentMode: "AutomaticByPlatform",
            rebootSetting: "Always",
            bypass: true,
            image: IMG.custom,
        };
        const shapes: [string, (spec: VmSpec) => { type: string; props: unknown }][] = [
            ["azure-native VM", (s) => ({ type: T.nativeVm, props: nativeVm(s) })],
            [
                "azure-native VMSS",
                (s) => ({ type: T.nativeVmss, props: nativeVmss({ ...s, orchestrationMode: "Flexible" }) }),
            ],
            ["classic VM", classicVm],
            ["classic orchestrated VMSS", classicOrchestratedVmss],
        ];
        for (const [name, shape] of shapes) {
            for (const wrapped of [false, true]) {
                it(`never appears in a ${name}'s findings (${wrapped ? "secret" : "plain"} password)`, () => {
                    const { type, props } = shape({ ...BAD, adminPassword: wrapped ? secret(PASSWORD) : PASSWORD });
                    const ev = evaluate(type, props, { unwrapSecret });
                    assert.ok(ev.findings.length >= 5, ev.findings.map((f) => f.ruleId).join());
                    assertHidden(ev.findings, PASSWORD);
                    for (const u of ev.undetermined) assert.ok(!u.paths.join().includes(PASSWORD));
                });
            }
        }
    });
});
