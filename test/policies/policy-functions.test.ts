/**
 * The pack's functions on their own, without gRPC: the policies' validate and remediate functions
 * called with arguments built by the policy SDK's own proxies, the configuration parser, the reading
 * of unknowns, the reports' levels, and the remediation plan.
 */
import assert from "node:assert/strict";
import type { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import fc from "fast-check";
import { readResource } from "pulumi-azure-vm-patching";
import {
    configRequest,
    ENGINE_UNKNOWN,
    engineSecret,
    SECRET_SIG,
    SECRET_SIG_KEY,
    toStruct,
} from "../../check/engine/analyzer-client";
import { assessResource, checkResource, type PolicyScope } from "../../policies/checks";
import { makeConfigParser, PolicyConfigError } from "../../policies/config";
import {
    RECOMMENDATION_RULES,
    RECOMMENDATIONS_SCOPE,
    recommendationsPolicy,
    SETTINGS_RULES,
    SETTINGS_SCOPE,
    settingsPolicy,
} from "../../policies/policies";
import { isPolicyUnknown, POLICY_UNKNOWN_SENTINELS, rawProperties } from "../../policies/raw-properties";
import { applyRemediation, planRemediation } from "../../policies/remediation";
import { IMAGES, TARGETS } from "./support/targets";

// The SDK's internals the engine uses to hand properties to policies (not in its typings).
const sdkProxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
const sdkSecret = require("@pulumi/policy/secret") as { secretsPreservingProxy<T>(v: T): T };
const { Secret } = require("@pulumi/policy") as { Secret: new (v: unknown) => { value: unknown } };

const VM = "azure-native:compute:VirtualMachine";
const SETTINGS: PolicyScope = SETTINGS_SCOPE;
const RECOMMENDATIONS: PolicyScope = RECOMMENDATIONS_SCOPE;
const parseSettings = makeConfigParser(
    "settings",
    SETTINGS_RULES.map((r) => r.id),
    { allowedModes: false },
);
const parseRecommendations = makeConfigParser(
    "recommendations",
    RECOMMENDATION_RULES.map((r) => r.id),
    {
        allowedModes: true,
    },
);
const DEFAULTS = parseSettings({});

function windowsVm(windowsConfiguration: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        osProfile: { windowsConfiguration },
        storageProfile: { imageReference: { ...IMAGES.windows } },
        ...extra,
    };
}

let calls = 0;

interface Reported {
    message: string;
    enforcementLevel?: string;
}

/** Calls a policy's validateResource as the SDK's server does: proxied properties, a config getter. */
function validate(
    policy: typeof settingsPolicy,
    type: string,
    props: Record<string, unknown>,
    config: Record<string, unknown> = {},
): Reported[] {
    const reported: Reported[] = [];
    const args = {
        type,
        name: "vm",
        urn: `urn:pulumi:dev::p::${type}::vm-${++calls}`,
        props: unknownCheckingProxy(props),
        getConfig: () => config,
    } as unknown as ResourceValidationArgs;
    const report = ((v: Reported | string) =>
        reported.push(typeof v === "string" ? { message: v } : v)) as ReportViolation;
    const fn = policy.validateResource;
    assert.ok(typeof fn === "function");
    fn(args, report);
    return reported;
}

describe("policy functions (no gRPC)", () => {
    describe("unknown values", () => {
        it("recognises exactly the policy SDK's unknown sentinels", () => {
            for (const sentinel of POLICY_UNKNOWN_SENTINELS) {
                const proxied = unknownCheckingProxy({ value: sentinel }) as { value: unknown };
                assert.throws(() => proxied.value, UnknownValueError, `the SDK does not treat ${sentinel} as unknown`);
                assert.ok(isPolicyUnknown(sentinel));
            }
            // The SDK's exported sentinels are all in the set.
            const exported = Object.entries(sdkProxy)
                .filter(([k]) => /^unknown.*Value$/.test(k))
                .map(([, v]) => v);
            assert.equal(exported.length, POLICY_UNKNOWN_SENTINELS.size);
            for (const v of exported) assert.ok(POLICY_UNKNOWN_SENTINELS.has(v as string));
            assert.ok(!isPolicyUnknown("AutomaticByPlatform"));
        });

        it("reads the plain target behind the SDK's proxy, unknowns in place", () => {
            const target = {
                osProfile: { windowsConfiguration: { patchSettings: { patchMode: [...POLICY_UNKNOWN_SENTINELS][2] } } },
            };
            assert.equal(rawProperties(unknownCheckingProxy(target)), target);
            assert.equal(rawProperties(target), target);
            const profile = readResource(VM, rawProperties(unknownCheckingProxy(target)), {
                isUnknown: isPolicyUnknown,
            });
            assert.equal(typeof profile?.patchMode.value, "symbol");
        });

        it("a policy never throws on unknowns anywhere (it reports what it cannot decide)", () => {
            let undecided = 0;
            fc.assert(
                fc.property(
                    fc.constantFrom(...POLICY_UNKNOWN_SENTINELS),
                    fc.constantFrom(
                        "osProfile",
                        "storageProfile",
                        "tags",
                        "windowsConfiguration",
                        "patchSettings",
                        "patchMode",
                    ),
                    (sentinel, where) => {
                        const props = windowsVm({ patchSettings: { patchMode: "Manual" } });
                        const replace = (o: unknown): unknown =>
                            o && typeof o === "object"
                                ? Object.fromEntries(
                                      Object.entries(o).map(([k, v]) => [k, k === where ? sentinel : replace(v)]),
                                  )
                                : o;
                        const reports = validate(settingsPolicy, VM, replace(props) as Record<string, unknown>);
                        for (const r of reports) {
                            if (!r.message.includes("cannot be checked")) continue;
                            undecided++;
                            assert.equal(r.enforcementLevel, "advisory");
                        }
                    },
                ),
            );
            // The unknown patch mode (and the blocks holding it) leaves the mode rules undecided.
            assert.ok(undecided > 0, "no run left a rule undecided: the level check never ran");
        });
    });

    describe("validateResource", () => {
        it("reports each violation with its rule id, resource and level; nothing for other types", () => {
            const reports = validate(
                settingsPolicy,
                VM,
                windowsVm({ enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } }),
            );
            assert.equal(reports.length, 1);
            assert.match(reports[0].message, /^azure-native VirtualMachine "vm": \[R3\] /);
            // No level of its own: the policy's level (mandatory, or what the config sets) applies.
            assert.equal(reports[0].enforcementLevel, undefined);
            assert.deepEqual(validate(settingsPolicy, "aws:ec2/instance:Instance", { patchMode: "Manual" }), []);
        });

        it("takes per-rule levels from the config", () => {
            const reports = validate(
                recommendationsPolicy,
                VM,
                windowsVm({ enableAutomaticUpdates: false, patchSettings: { patchMode: "Manual" } }),
                { ruleLevels: { W4: "mandatory", W2: "disabled" } },
            );
            // W1 keeps the policy's level; W4 is raised; W2 is off.
            assert.deepEqual(
                reports.map((r) => [r.message.match(/\[(\w+)\]/)?.[1], r.enforcementLevel]),
                [
                    ["W1", undefined],
                    ["W4", "mandatory"],
                ],
            );
        });

        it("reports an invalid config as one mandatory violation, not an exception", () => {
            const reports = validate(settingsPolicy, VM, windowsVm({}), { ruleLevels: { W1: "mandatory" } });
            assert.equal(reports.length, 1);
            assert.equal(reports[0].enforcementLevel, "mandatory");
            assert.match(reports[0].message, /ruleLevels/);
        });
    });

    describe("checkResource", () => {
        it("never throws and always names the resource, whatever the properties", () => {
            fc.assert(
                fc.property(fc.constantFrom(...TARGETS), fc.anything(), (target, props) => {
                    const type = target.type({ os: "Windows" });
                    for (const scope of [SETTINGS, RECOMMENDATIONS]) {
                        for (const r of checkResource({ type, name: "any", props }, scope, DEFAULTS)) {
                            assert.match(r.message, /"any": \[/);
                        }
                    }
                }),
                { numRuns: 300 },
            );
        });

        it("VMs with the same settings share one evaluation, yet each report names its own VM, level and exemption", () => {
            const config = parseSettings({
                exemptions: [{ tag: "legacy", rules: ["R3"], reason: "decommissioned in Q3" }],
            });
            const manual = { enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } };
            const fleet = ["web-1", "web-2", "web-3"].map((name) => ({ type: VM, name, props: windowsVm(manual) }));
            const legacy = { type: VM, name: "old-1", props: windowsVm(manual, { tags: { legacy: "yes" } }) };
            for (const vm of [...fleet, legacy, ...fleet]) {
                const reports = checkResource(vm, SETTINGS, config);
                assert.deepEqual(
                    reports.map((r) => [
                        r.kind,
                        r.ruleIds,
                        r.message.startsWith(`azure-native VirtualMachine "${vm.name}": `),
                    ]),
                    [[vm === legacy ? "exempted" : "violation", ["R3"], true]],
                    vm.name,
                );
                // Named once: the shared report is not renamed in place for the next VM.
                assert.equal(reports[0].message.split(`"${vm.name}"`).length, 2, reports[0].message);
            }
            // The same settings under another policy configuration: that configuration's levels.
            const advisory = parseSettings({ ruleLevels: { R3: "advisory" } });
            assert.deepEqual(
                checkResource(fleet[0], SETTINGS, advisory).map((r) => r.level),
                ["advisory"],
            );
            assert.deepEqual(
                checkResource(fleet[1], SETTINGS, config).map((r) => r.level),
                [undefined],
            );
        });

        it("an exemption with * covers every rule of the policy; one without a matching tag none", () => {
            const config = parseSettings({
                exemptions: [{ tag: "legacy", rules: ["*"], reason: "decommissioned in Q3" }],
            });
            const props = windowsVm(
                { enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } },
                { tags: { legacy: "yes" } },
            );
            const reports = checkResource({ type: VM, name: "old", props }, SETTINGS, config);
            assert.deepEqual(
                reports.map((r) => [r.kind, r.level]),
                [["exempted", "advisory"]],
            );
            const untagged = checkResource({ type: VM, name: "new", props: { ...props, tags: {} } }, SETTINGS, config);
            assert.deepEqual(
                untagged.map((r) => r.kind),
                ["violation"],
            );
        });

        it("reports the rule core's findings as data: rule ids, path keys, the unknown properties", () => {
            const manual = windowsVm({ enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } });
            const [r3] = checkResource({ type: VM, name: "vm", props: manual }, SETTINGS, DEFAULTS);
            assert.deepEqual(
                [r3.kind, r3.ruleIds, r3.finding?.ruleId, r3.finding?.pathKeys, r3.finding?.value],
                ["violation", ["R3"], "R3", ["osProfile", "windowsConfiguration", "enableAutomaticUpdates"], "true"],
            );
            // The organisation's rule comes from the rule core too, with its id and keys.
            const config = parseRecommendations({ allowedPatchModes: ["AutomaticByPlatform"] });
            const allowed = checkResource({ type: VM, name: "vm", props: manual }, RECOMMENDATIONS, config).find((r) =>
                r.ruleIds.includes("allowedPatchModes"),
            );
            assert.deepEqual(
                [allowed?.kind, allowed?.ruleIds, allowed?.finding?.pathKeys],
                [
                    "violation",
                    ["allowedPatchModes"],
                    ["osProfile", "windowsConfiguration", "patchSettings", "patchMode"],
                ],
            );
            // Rules an unknown value keeps undecided are reported together, each id and the keys kept.
            const unknownMode = windowsVm({ patchSettings: { patchMode: [...POLICY_UNKNOWN_SENTINELS][2] } });
            const grouped = checkResource({ type: VM, name: "vm", props: unknownMode }, SETTINGS, DEFAULTS).filter(
                (r) => r.kind === "undetermined",
            );
            // Two groups: the mandatory rules, and R5 at its own (advisory) level.
            assert.deepEqual(
                grouped.map((g) => g.ruleIds.includes("R5")),
                [false, true],
            );
            assert.deepEqual(grouped[1].ruleIds, ["R5"]);
            assert.ok(grouped[0].ruleIds.length > 1, grouped[0].ruleIds.join());
            assert.ok(grouped[0].ruleIds.every((id) => SETTINGS_RULES.some((r) => r.id === id)));
            assert.deepEqual(grouped[0].unknownPaths, [
                ["osProfile", "windowsConfiguration", "patchSettings", "patchMode"],
            ]);
            assert.equal(grouped[0].finding, undefined);
        });

        it("one properties object checked under two catalogs gets each catalog's answer", () => {
            // The policies share one object per request and its assessment; each has its own config.
            const image = { publisher: "contoso", offer: "hardened-windows", sku: "2022-core", version: "latest" };
            const props = {
                osProfile: { windowsConfiguration: { patchSettings: { patchMode: "AutomaticByPlatform" } } },
                storageProfile: { imageReference: image },
            };
            const extended = parseSettings({
                extraSupportedImages: [
                    { publisher: "contoso", offer: "hardened-windows", sku: "2022-core", os: "Windows" },
                ],
            });
            const ruleIds = (config: typeof DEFAULTS) =>
                checkResource({ type: VM, name: "vm", props }, SETTINGS, config).flatMap((r) => r.ruleIds);
            assert.deepEqual(ruleIds(DEFAULTS), ["R14"]);
            assert.deepEqual(ruleIds(extended), []);
            assert.deepEqual(ruleIds(DEFAULTS), ["R14"]);
        });

        it("never reports an undecided rule above the rule's own level", () => {
            const config = parseRecommendations({ unknownValues: "mandatory" });
            const props = windowsVm({ patchSettings: { patchMode: [...POLICY_UNKNOWN_SENTINELS][2] } });
            const reports = checkResource({ type: VM, name: "p", props }, RECOMMENDATIONS, config);
            const undecided = reports.filter((r) => r.kind === "undetermined");
            assert.ok(undecided.length > 0);
            for (const r of undecided) assert.equal(r.level, "advisory"); // W rules are advisory by default
        });
    });

    describe("configuration parser", () => {
        it("fills defaults and extends the catalog", () => {
            const config = parseRecommendations({
                extraSupportedImages: [{ publisher: "Contoso", offer: "appliance", sku: "1-*", os: "Linux" }],
            });
            assert.equal(config.unknownValues, "advisory");
            assert.deepEqual(config.exemptions, []);
            assert.equal(config.allowedPatchModes, undefined);
            const added = config.catalog.find((e) => e.publisher === "Contoso");
            assert.equal(added?.automaticByPlatform, true);
            assert.equal(added?.hotpatch, false);
            assert.equal(added?.source, "policy-pack config");
        });

        it("both policies configured with the same extra images get one catalog, so they share each VM's assessment", () => {
            const extra = [{ publisher: "Contoso", offer: "appliance", sku: "2-*", os: "Windows" }];
            const settings = parseSettings({ extraSupportedImages: extra });
            assert.equal(
                parseRecommendations({ extraSupportedImages: extra, unknownValues: "mandatory" }).catalog,
                settings.catalog,
            );
            assert.notEqual(
                parseSettings({ extraSupportedImages: [{ ...extra[0], sku: "3" }] }).catalog,
                settings.catalog,
            );
        });

        it("answers a configuration handed again (a new copy of the same values, as the SDK's getConfig does) from the last parse, and any change from a new one", () => {
            const parse = makeConfigParser("azure-vm-patch-settings", ["R1"], { allowedModes: false });
            const exemptions = [{ tag: "patching", value: "manual", rules: ["R1"], reason: "vendor appliance" }];
            const configured = { ruleLevels: { R1: "advisory" }, exemptions };
            const first = parse({ ...configured });
            assert.equal(parse({ ...configured }), first, "a shallow copy");
            assert.equal(
                parse({ ruleLevels: { R1: "advisory" }, exemptions: [...exemptions] }),
                first,
                "equal content",
            );
            const changes: [string, unknown][] = [
                ["a level", { ...configured, ruleLevels: { R1: "disabled" } }],
                ["one more entry", { ...configured, unknownValues: "mandatory" }],
                ["another value, same entries", { ...configured, exemptions: [] }],
                ["one entry less", { ruleLevels: configured.ruleLevels }],
                ["nothing", undefined],
            ];
            for (const [what, raw] of changes) {
                const again = parse({ ...configured });
                const changed = parse(raw);
                assert.notEqual(changed, again, what);
                assert.notDeepEqual(changed, again, what);
            }
            assert.throws(() => parse({ ...configured, ruleLevels: { R1: "loud" } }), PolicyConfigError);
            assert.equal(parse({ ...configured }).ruleLevels.R1, "advisory", "after a refused configuration");
        });

        it("names every problem: path, value, and the fix", () => {
            assert.throws(
                () =>
                    parseSettings({
                        ruleLevels: { R99: "mandatory" },
                        extraSupportedImages: [{ publisher: "x", offer: "y", sku: "z" }],
                        surprise: 1,
                    }),
                (e: unknown) =>
                    e instanceof PolicyConfigError &&
                    /ruleLevels/.test(e.message) &&
                    /extraSupportedImages\.0\.os = \(not set\)/.test(e.message) &&
                    /surprise/.test(e.message) &&
                    /Fix: correct the --policy-pack-config file/.test(e.message),
            );
            assert.throws(() => parseSettings({ allowedPatchModes: ["Manual"] }), PolicyConfigError);
        });
    });

    describe("remediation", () => {
        const profileOf = (type: string, props: unknown) => {
            const assessment = assessResource({ type, name: "vm", props }, DEFAULTS);
            assert.ok(assessment);
            return assessment;
        };

        it("plans enableAutomaticUpdates from a written Windows mode, at the shape's own path", () => {
            const manual = profileOf(
                VM,
                windowsVm({ enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } }),
            );
            const native = planRemediation(manual, DEFAULTS);
            assert.deepEqual(native?.path, ["osProfile", "windowsConfiguration", "enableAutomaticUpdates"]);
            // The keys of R3's finding, as the rule core reported them: no display path split back.
            const r3 = manual.evaluation.findings.find((f) => f.ruleId === "R3");
            assert.equal(native?.path, r3?.pathKeys);
            assert.equal(native?.value, false);
            const vmss = planRemediation(
                profileOf("azure-native:compute:VirtualMachineScaleSet", {
                    virtualMachineProfile: windowsVm({
                        enableAutomaticUpdates: false,
                        patchSettings: { patchMode: "AutomaticByPlatform" },
                    }),
                }),
                DEFAULTS,
            );
            assert.deepEqual(vmss?.path, [
                "virtualMachineProfile",
                "osProfile",
                "windowsConfiguration",
                "enableAutomaticUpdates",
            ]);
            assert.equal(vmss?.value, true);
            // A VM in AutomaticByPlatform with updates off may be an existing VM created in Manual (R5):
            // turning them on would be a change Azure refuses (R12), so nothing is planned.
            const platformVm = profileOf(
                VM,
                windowsVm({ enableAutomaticUpdates: false, patchSettings: { patchMode: "AutomaticByPlatform" } }),
            );
            assert.equal(planRemediation(platformVm, DEFAULTS), undefined);
        });

        it("plans nothing when it is not certain or not needed", () => {
            const none = [
                windowsVm({ enableAutomaticUpdates: false }), // mode not written: maybe Manual was meant
                windowsVm({ enableAutomaticUpdates: "no", patchSettings: { patchMode: "AutomaticByOS" } }), // R0's to report
                windowsVm({ patchSettings: { patchMode: "AutomaticByOS" } }), // already right (default true)
                windowsVm({ enableAutomaticUpdates: false, patchSettings: { patchMode: "ImageDefault" } }), // invalid mode: R1
            ];
            for (const props of none)
                assert.equal(planRemediation(profileOf(VM, props), DEFAULTS), undefined, JSON.stringify(props));
            const linux = {
                osProfile: { linuxConfiguration: { patchSettings: { patchMode: "AutomaticByPlatform" } } },
            };
            assert.equal(planRemediation(profileOf(VM, linux), DEFAULTS), undefined);
        });

        it("leaves exempt resources alone", () => {
            const config = parseSettings({
                exemptions: [{ tag: "custom", rules: ["R3"], reason: "golden image sets it" }],
            });
            const props = windowsVm(
                { enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } },
                { tags: { custom: "1" } },
            );
            assert.equal(planRemediation(profileOf(VM, props), config), undefined);
        });

        it("remediateResource fixes the value behind the SDK's proxies and keeps secrets wrapped", () => {
            const raw = windowsVm(
                { enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } },
                { adminPassword: new Secret("hunter2") },
            );
            const props = unknownCheckingProxy(sdkSecret.secretsPreservingProxy(raw));
            const args = {
                type: VM,
                name: "vm",
                urn: "u",
                props,
                getConfig: () => ({}),
            } as unknown as ResourceValidationArgs;
            const result = settingsPolicy.remediateResource?.(args) as Record<string, unknown> | undefined;
            assert.ok(result);
            const windows = (result.osProfile as { windowsConfiguration: { enableAutomaticUpdates: boolean } })
                .windowsConfiguration;
            assert.equal(windows.enableAutomaticUpdates, false);
            assert.ok(result.adminPassword instanceof Secret);
        });

        it("applyRemediation creates missing objects on the way", () => {
            const out = applyRemediation({} as Record<string, unknown>, {
                path: ["a", "b", "c"],
                value: true,
            });
            assert.deepEqual(out, { a: { b: { c: true } } });
        });

        it("applyRemediation leaves the properties it was given as they were", () => {
            const given = { osProfile: { windowsConfiguration: { enableAutomaticUpdates: true, timeZone: "UTC" } } };
            const before = structuredClone(given);
            const out = applyRemediation(given, {
                path: ["osProfile", "windowsConfiguration", "enableAutomaticUpdates"],
                value: false,
            });
            assert.deepEqual(given, before);
            assert.deepEqual(out, {
                osProfile: { windowsConfiguration: { enableAutomaticUpdates: false, timeZone: "UTC" } },
            });
        });
    });
});

describe("analyzer client: properties it sends", () => {
    it("sends plain JSON in the engine's representation and names a property it cannot send", () => {
        const struct = toStruct({ a: 1, b: undefined, c: [undefined, "x"], d: engineSecret("s"), e: ENGINE_UNKNOWN });
        assert.deepEqual(struct.toJavaScript(), {
            a: 1,
            c: [null, "x"],
            d: { [SECRET_SIG_KEY]: SECRET_SIG, value: "s" },
            e: ENGINE_UNKNOWN,
        });
        assert.throws(
            () => toStruct({ osProfile: { adminPassword: () => "x" } }),
            /property osProfile\.adminPassword is a function/,
        );
        assert.throws(() => toStruct({ tags: new Map() }), /property tags is a Map/);
        assert.throws(() => toStruct({ size: Number.NaN }), /property size = NaN/);
    });

    it("refuses a configuration naming a policy the pack does not have, as the CLI does", () => {
        const policies = [{ name: "a", enforcementLevel: "mandatory" as const }];
        assert.throws(
            () => configRequest({ b: "advisory" }, policies),
            /names policy "b", which the pack does not have/,
        );
        const request = configRequest({ all: "advisory" }, policies);
        assert.equal(request.getPolicyconfigMap().get("a")?.getEnforcementlevel(), 0); // ADVISORY
        const defaults = configRequest({}, policies);
        assert.equal(defaults.getPolicyconfigMap().get("a")?.getEnforcementlevel(), 1); // MANDATORY: the pack's default
    });
});
