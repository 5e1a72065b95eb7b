/**
 * Property over generated configurations (>= 10,000): the components' front door (validatePatching, which
 * reads `patching` with the rule core) and the policy pack judge the same VM alike, and no message of
 * either shows a secret's value.
 * - What a component accepts, written out as the azure-native VM it registers, gets no mandatory report
 *   from the pack's settings policy.
 * - With every setting written (nothing left to a default), the component refuses exactly what the pack
 *   reports as mandatory, save R5, which the pack reports as advisory because it cannot know whether
 *   the VM is new (docs/rules.md); where a value has the wrong type or is outside its enum (R0, R1) the
 *   component stops there, and the pack reports those among others.
 * Pure functions on both sides (no engine), so 10,000 runs take a few seconds.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { patchingTags, patchSettingsBlock } from "../../../components/vm/os-configuration";
import { validatePatching } from "../../../components/vm/patch-validation";
import { checkResource } from "../../../policies/checks";
import { makeConfigParser } from "../../../policies/config";
import { SETTINGS_RULES, SETTINGS_SCOPE } from "../../../policies/policies";
import { CUSTOM_PATCHING_TAG, type OsType } from "../../../rules";
import { IMAGES } from "./support/fixtures";

const { Secret } = require("@pulumi/policy") as { Secret: new (v: unknown) => { value: unknown } };

const SECRET = "S3CRET-value-7f3a";
const DEFAULTS = makeConfigParser(
    "settings",
    SETTINGS_RULES.map((r) => r.id),
    { allowedModes: false },
)({});

const IMAGE_CHOICES = {
    Windows: [
        IMAGES.supported,
        IMAGES.hotpatch,
        IMAGES.unlisted,
        IMAGES.custom,
        { ...IMAGES.supported, sku: "2022-datacenter-azure-editon-core" },
        IMAGES.linuxSupported,
    ],
    Linux: [
        { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts-gen2", version: "latest" },
        IMAGES.linuxUnlisted,
        IMAGES.custom,
        IMAGES.supported,
    ],
} as const;

const maybe = <T>(arb: fc.Arbitrary<T>, full: boolean) => (full ? arb : fc.option(arb, { nil: undefined, freq: 2 }));

function config(full: boolean) {
    return fc.constantFrom<OsType>("Windows", "Linux").chain((os) =>
        fc.record({
            os: fc.constant(os),
            image: fc.constantFrom(...IMAGE_CHOICES[os]),
            patching: fc.record({
                patchMode: maybe(
                    fc.constantFrom(
                        ...(os === "Windows"
                            ? ["Manual", "AutomaticByOS", "AutomaticByPlatform"]
                            : ["ImageDefault", "AutomaticByPlatform"]),
                    ),
                    full,
                ),
                ...(os === "Windows"
                    ? {
                          enableAutomaticUpdates: maybe(fc.boolean(), full),
                          enableHotpatching: maybe(fc.boolean(), full),
                      }
                    : {}),
                provisionVMAgent: maybe(fc.boolean(), full),
                assessmentMode: maybe(fc.constantFrom("ImageDefault", "AutomaticByPlatform"), full),
                rebootSetting: fc.option(fc.constantFrom("IfRequired", "Never", "Always", `Sometimes-${SECRET}`), {
                    nil: undefined,
                    freq: 3,
                }),
                bypassPlatformSafetyChecksOnUserSchedule: maybe(fc.boolean(), full),
                customPatchingSolution: fc.option(fc.constant(`WSUS ${SECRET}`), { nil: undefined }),
            }),
        }),
    );
}

/** Only the settings written, as a user's object has them. */
function written(patching: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(patching).filter(([, v]) => v !== undefined));
}

/** The azure-native VM inputs, each patch value and the tags wrapped as the engine sends a secret. */
function rawVm(os: OsType, settings: Record<string, unknown>, block: object, image: object, tags: object) {
    const secret = (v: unknown) => new Secret(v);
    const configuration = {
        ...(os === "Windows" && settings.enableAutomaticUpdates !== undefined
            ? { enableAutomaticUpdates: settings.enableAutomaticUpdates }
            : {}),
        ...(settings.provisionVMAgent !== undefined ? { provisionVMAgent: settings.provisionVMAgent } : {}),
        patchSettings: Object.fromEntries(
            Object.entries(block).map(([k, v]) => [
                k,
                k === "automaticByPlatformSettings"
                    ? Object.fromEntries(Object.entries(v as object).map(([kk, vv]) => [kk, secret(vv)]))
                    : v,
            ]),
        ),
    };
    return {
        osProfile: { [os === "Windows" ? "windowsConfiguration" : "linuxConfiguration"]: configuration },
        storageProfile: { imageReference: image },
        tags: secret(tags),
    };
}

function mandatory(props: object): { ids: string[]; messages: string[] } {
    const reports = checkResource(
        { type: "azure-native:compute:VirtualMachine", name: "vm", props },
        SETTINGS_SCOPE,
        DEFAULTS,
    );
    const broken = reports.filter((r) => r.kind === "violation" && (r.level ?? "mandatory") === "mandatory");
    return { ids: broken.flatMap((r) => r.ruleIds), messages: reports.map((r) => r.message) };
}

describe("property: components and the policy pack agree, and never show a secret (10,000+ configurations)", function () {
    this.timeout(120_000);
    const SECRETS = new Set(["rebootSetting", "customPatchingSolution"]);

    it("what a component accepts gets no mandatory report from the pack", () => {
        fc.assert(
            fc.property(config(false), ({ os, image, patching }) => {
                const result = validatePatching(os, written(patching), image, undefined, SECRETS);
                const messages = result.ok ? result.value.warnings.map((w) => w.message) : [result.message];
                for (const m of messages) assert.ok(!m.includes(SECRET), m);
                if (!result.ok) return;
                const { settings } = result.value;
                const props = rawVm(
                    os,
                    settings as unknown as Record<string, unknown>,
                    patchSettingsBlock(settings),
                    image,
                    patchingTags(settings, CUSTOM_PATCHING_TAG),
                );
                const pack = mandatory(props);
                for (const m of pack.messages) assert.ok(!m.includes(SECRET), m);
                assert.deepEqual(
                    pack.ids,
                    [],
                    `${JSON.stringify(written(patching))} on ${JSON.stringify(image)}:\n${pack.messages.join("\n")}`,
                );
            }),
            { numRuns: 6_000 },
        );
    });

    it("with every setting written, the component refuses exactly what the pack reports as mandatory (R5 aside)", () => {
        fc.assert(
            fc.property(config(true), ({ os, image, patching }) => {
                const given = written(patching);
                const result = validatePatching(os, given, image, undefined, SECRETS);
                const refused = result.ok
                    ? []
                    : [...new Set(result.findings.map((f) => f.ruleId))].filter((id) => id !== "R5");
                const block = {
                    ...(given.patchMode !== undefined ? { patchMode: given.patchMode } : {}),
                    ...(given.assessmentMode !== undefined ? { assessmentMode: given.assessmentMode } : {}),
                    ...(os === "Windows" && given.enableHotpatching !== undefined
                        ? { enableHotpatching: given.enableHotpatching }
                        : {}),
                    automaticByPlatformSettings: {
                        ...(given.rebootSetting !== undefined ? { rebootSetting: given.rebootSetting } : {}),
                        bypassPlatformSafetyChecksOnUserSchedule: given.bypassPlatformSafetyChecksOnUserSchedule,
                    },
                };
                const tags = given.customPatchingSolution
                    ? { [CUSTOM_PATCHING_TAG]: given.customPatchingSolution }
                    : {};
                const pack = mandatory(rawVm(os, given, block, image, tags));
                for (const m of [...pack.messages, ...(result.ok ? [] : [result.message])])
                    assert.ok(!m.includes(SECRET), m);
                // A value of the wrong type or outside its enum (R0/R1) stops the component before the other
                // rules; the pack goes on. Then the pack must report those too, and may report more.
                const typeErrors: string[] = refused.filter((id) => id === "R0" || id === "R1");
                const packIds = [...new Set(pack.ids)].sort();
                const compared = typeErrors.length > 0 ? packIds.filter((id) => typeErrors.includes(id)) : packIds;
                assert.deepEqual(
                    compared,
                    refused.sort(),
                    `${JSON.stringify(given)} on ${JSON.stringify(image)}:\ncomponent: ${result.ok ? "accepted" : result.message}\npack: ${pack.messages.join("\n")}`,
                );
            }),
            { numRuns: 5_000 },
        );
    });
});
