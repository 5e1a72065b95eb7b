/**
 * Property: the scale-set component and the policy pack agree. For any OS, orchestration mode, image,
 * patch settings, health-extension choice and upgrade policy, a scale set the component accepts is one
 * the pack's settings policy reports no violation on: the pack checks exactly the inputs the component
 * registered, as it would in `pulumi preview`.
 * (The Uniform preview opt-in is left out: it is the organisation's decision, which the pack learns from
 * its own configuration, not from the resource.)
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { type EngineLogServer, startEngineLogServer } from "../../../check/engine/engine-log-server";
import {
    PatchedLinuxVirtualMachineScaleSet,
    PatchedWindowsVirtualMachineScaleSet,
    type PatchingArgs,
} from "../../../components";
import { checkResource } from "../../../policies/checks";
import { makeConfigParser } from "../../../policies/config";
import { SETTINGS_RULES, SETTINGS_SCOPE } from "../../../policies/policies";
import { runProgram } from "../../support/mock-program";
import { IMAGES } from "../vm/support/fixtures";
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
