/**
 * Property: the scale-set component and the policy pack agree. For any OS, orchestration mode, image,
 * patch settings, health-extension choice and upgrade policy, a scale set the component accepts is one
 * the pack's settings policy reports no violation on: the pack checks exactly the inputs the component
 * registered, as it would in `pulumi preview`.
 * (The Uniform preview opt-in is left out: it is the organisation's decision, which the pack learns from
 * its own configuration, not from the resource.)
 * Then, without an engine (validateScaleSet, as the component calls it), over 3,000 configurations with
 * every setting written, wrong types, misspellings and secrets included: the component's findings are
 * the pack's on the scale set it would register, finding for finding (rule, value, allowed, fix,
 * message; `patching.*` paths mapped), R16 and R20 included when the patching argument is refused too,
 * and no message shows a secret.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { type EngineLogServer, startEngineLogServer } from "../../../check/engine/engine-log-server";
import {
    PatchedLinuxVirtualMachineScaleSet,
    PatchedWindowsVirtualMachineScaleSet,
    type PatchingArgs,
} from "../../../components";
import { applicationHealthExtension, hasApplicationHealth } from "../../../components/scale-set/application-health";
import { validateScaleSet } from "../../../components/scale-set/scale-set-validation";
import { checkResource } from "../../../policies/checks";
import { makeConfigParser } from "../../../policies/config";
import { SETTINGS_RULES, SETTINGS_SCOPE } from "../../../policies/policies";
import type { Finding } from "../../../rules";
import { runProgram } from "../../support/mock-program";
import { IMAGES } from "../vm/support/fixtures";
import { asPack, SECRET, sorted, userView, WINDOWS_ONLY, wrap, writtenConfig } from "../vm/support/pack-agreement";
import { linuxScaleSetArgs, SCALE_SET_TYPE, windowsScaleSetArgs, withoutSecrets } from "./support/fixtures";

const PACK_DEFAULTS = makeConfigParser(
    "settings",
    SETTINGS_RULES.map((r) => r.id),
    { allowedModes: false },
)({});

const maybe = <T>(...values: T[]) =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.constantFrom(...values), weight: 2 });

const common = {
    provisionVMAgent: maybe(true, false),
    assessmentMode: maybe("ImageDefault", "AutomaticByPlatform"),
    rebootSetting: maybe("IfRequired", "Never", "Always"),
    bypassPlatformSafetyChecksOnUserSchedule: maybe(true, false),
};

const patching = {
    Windows: fc.record({
        ...common,
        patchMode: maybe("Manual", "AutomaticByOS", "AutomaticByPlatform"),
        enableAutomaticUpdates: maybe(true, false),
        enableHotpatching: maybe(true, false),
    }),
    Linux: fc.record({ ...common, patchMode: maybe("ImageDefault", "AutomaticByPlatform") }),
};

/** Images of the shipped catalog (the pack checks with it): supported, hotpatch-capable, unlisted, custom. */
const images = {
    Windows: fc.constantFrom(IMAGES.supported, IMAGES.hotpatch, IMAGES.unlisted, IMAGES.custom),
    Linux: fc.constantFrom(
        { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts", version: "latest" },
        IMAGES.linuxUnlisted,
        IMAGES.custom,
    ),
};

const ownHealth = {
    Windows: { name: "health", publisher: "Microsoft.ManagedServices", type: "ApplicationHealthWindows" },
    Linux: { name: "health", publisher: "Microsoft.ManagedServices", type: "ApplicationHealthLinux" },
};

const upgradePolicies = fc.constantFrom(undefined, {
    mode: "Automatic" as const,
    automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: true },
});

describe("property: the policy pack reports no violation on any scale set the component accepts", function () {
    this.timeout(300_000);
    let engine: EngineLogServer;
    before(async () => {
        engine = await startEngineLogServer();
    });
    after(async () => engine?.close());

    for (const os of ["Windows", "Linux"] as const) {
        it(os, async () => {
            const seen = { accepted: 0, refused: 0 };
            await fc.assert(
                fc.asyncProperty(
                    patching[os] as fc.Arbitrary<Record<string, unknown>>,
                    images[os],
                    fc.constantFrom("Flexible" as const, "Uniform" as const),
                    fc.constantFrom(undefined, false as const),
                    fc.boolean(),
                    upgradePolicies,
                    async (settings, imageReference, orchestrationMode, applicationHealth, withOwnHealth, upgrade) => {
                        const shared = {
                            imageReference,
                            orchestrationMode,
                            applicationHealth,
                            patching: settings as PatchingArgs,
                            extensions: withOwnHealth ? [ownHealth[os]] : [],
                            ...(orchestrationMode === "Uniform" && upgrade ? { upgradePolicy: upgrade } : {}),
                        };
                        const run = await runProgram(
                            () =>
                                (os === "Windows"
                                    ? new PatchedWindowsVirtualMachineScaleSet("fleet", windowsScaleSetArgs(shared))
                                    : new PatchedLinuxVirtualMachineScaleSet(
                                          "fleet",
                                          linuxScaleSetArgs({ ...shared, imageCatalog: undefined }),
                                      )
                                ).scaleSet.id,
                            { engine },
                        );
                        const [scaleSet] = run.ofType(SCALE_SET_TYPE);
                        if (run.error !== undefined) {
                            seen.refused++;
                            assert.equal(scaleSet, undefined, "a refused scale set is never registered");
                            return;
                        }
                        seen.accepted++;
                        const reports = checkResource(
                            { type: SCALE_SET_TYPE, name: "fleet", props: withoutSecrets(scaleSet.inputs) },
                            SETTINGS_SCOPE,
                            PACK_DEFAULTS,
                        ).filter((r) => r.kind !== "exempted");
                        assert.deepEqual(
                            reports.map((r) => r.message),
                            [],
                            `the component accepted ${JSON.stringify(shared)}`,
                        );
                    },
                ),
                { numRuns: 80 },
            );
            assert.ok(seen.accepted > 5 && seen.refused > 5, `too few of each: ${JSON.stringify(seen)}`);
        });
    }
});

describe("property: the scale-set component's findings are the pack's, every setting written (3,000 configurations)", function () {
    this.timeout(120_000);
    const base = "virtualMachineProfile.";

    it("finding for finding, R0/R1 with R16/R20 at once, and no secret in any message", () => {
        let refused = 0;
        let withScaleSetRule = 0;
        fc.assert(
            fc.property(
                writtenConfig(),
                fc.constantFrom("Flexible" as const, "Uniform" as const),
                fc.constantFrom(undefined, false as const),
                fc.boolean(),
                upgradePolicies,
                ({ os, image, given, secrets }, orchestrationMode, applicationHealth, withOwnHealth, upgrade) => {
                    const own = withOwnHealth ? [ownHealth[os]] : [];
                    const upgradePolicy = orchestrationMode === "Uniform" ? upgrade : undefined;
                    const result = validateScaleSet(
                        { patching: given, imageReference: image, upgradePolicy, extensions: own },
                        { os, orchestrationMode, uniformPreview: false, applicationHealth, secretSettings: secrets },
                    );
                    const component = result.ok ? [] : result.findings;
                    // The scale set as the component would register it: the settings where azure-native has
                    // them (secret ones wrapped as the engine sends them), its health extension added for
                    // AutomaticByPlatform unless turned off or already there.
                    const put = (key: string) =>
                        given[key] === undefined ? {} : { [key]: wrap(secrets, key, given[key]) };
                    const patchSettings = {
                        ...put("patchMode"),
                        ...put("assessmentMode"),
                        ...(os === "Windows" ? put("enableHotpatching") : {}),
                        automaticByPlatformSettings: {
                            ...put("rebootSetting"),
                            ...put("bypassPlatformSafetyChecksOnUserSchedule"),
                        },
                    };
                    const addsHealth =
                        given.patchMode === "AutomaticByPlatform" &&
                        applicationHealth !== false &&
                        !hasApplicationHealth(own);
                    const props = {
                        orchestrationMode,
                        ...(upgradePolicy ? { upgradePolicy } : {}),
                        virtualMachineProfile: {
                            storageProfile: { imageReference: image },
                            osProfile:
                                os === "Windows"
                                    ? {
                                          windowsConfiguration: {
                                              ...put("provisionVMAgent"),
                                              ...put("enableAutomaticUpdates"),
                                              patchSettings,
                                          },
                                      }
                                    : { linuxConfiguration: { ...put("provisionVMAgent"), patchSettings } },
                            extensionProfile: {
                                extensions: addsHealth ? [...own, applicationHealthExtension(os, {})] : own,
                            },
                        },
                    };
                    const reports = checkResource(
                        { type: SCALE_SET_TYPE, name: "fleet", props },
                        SETTINGS_SCOPE,
                        PACK_DEFAULTS,
                    );
                    const shown = [...reports.map((r) => r.message), ...component.map((f) => f.message)];
                    for (const m of shown) assert.ok(!m.includes(SECRET), `a secret in: ${m}`);
                    // R5: the component's error, the pack's advisory (it cannot know whether the scale set is new).
                    const level = (r: (typeof reports)[number]) =>
                        r.ruleIds.includes("R5") ? "mandatory" : (r.level ?? "mandatory");
                    const pack = reports
                        .filter((r) => r.kind === "violation" && level(r) === "mandatory")
                        .map((r) => userView(r.finding as Finding));
                    const linuxOnly = component.filter(
                        (f) => os === "Linux" && f.ruleId === "R0" && WINDOWS_ONLY.includes(f.pathKeys.at(-1) ?? ""),
                    );
                    const judged = component.filter((f) => !linuxOnly.includes(f)).map((f) => asPack(os, f, base));
                    assert.deepEqual(
                        sorted(judged),
                        sorted(pack),
                        `${JSON.stringify({ given, secrets: [...secrets], image, orchestrationMode, applicationHealth, withOwnHealth, upgradePolicy })}\ncomponent: ${component.map((f) => f.message).join("\n")}\npack: ${reports.map((r) => r.message).join("\n")}`,
                    );
                    if (!result.ok) refused++;
                    if (
                        component.some((f) => f.ruleId === "R0" || f.ruleId === "R1") &&
                        component.some((f) => f.ruleId === "R16" || f.ruleId === "R20")
                    )
                        withScaleSetRule++;
                },
            ),
            { numRuns: 3_000 },
        );
        assert.ok(
            refused > 500 && withScaleSetRule > 50,
            `too few: refused ${refused}, R0/R1 with R16/R20 ${withScaleSetRule}`,
        );
    });
});
