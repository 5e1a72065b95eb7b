/**
 * Property over generated configurations (>= 10,000): the components' front door (validatePatching, which
 * reads `patching` with the rule core) and the policy pack judge the same VM alike, and no message of
 * either shows a secret's value.
 * - What a component accepts, written out as the azure-native VM it registers, gets no mandatory report
 *   from the pack's settings policy.
 * - With every setting written (nothing left to a default), wrong types, misspelt and out-of-enum values
 *   and Windows modes on Linux included, the component's findings are the pack's, finding for finding:
 *   rule id, value, allowed, fix and message, only the property path mapped (`patching.patchMode` to
 *   `osProfile.windowsConfiguration.patchSettings.patchMode`). R5 is the pack's advisory (it cannot know
 *   whether the VM is new: docs/rules.md) and the component's error. A Windows-only setting on Linux
 *   is the component's R0 alone: Azure's Linux configuration has no place for it, so the pack never
 *   reads one there.
 * Pure functions on both sides (no engine), so 10,000 runs take a few seconds.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { patchingTags, patchSettingsBlock } from "../../../components/vm/os-configuration";
import { validatePatching } from "../../../components/vm/patch-validation";
import { checkResource } from "../../../policies/checks";
import { makeConfigParser } from "../../../policies/config";
import { SETTINGS_RULES, SETTINGS_SCOPE } from "../../../policies/policies";
import { CUSTOM_PATCHING_TAG, type Finding, type OsType } from "../../../rules";
import {
    asPack,
    IMAGE_CHOICES,
    SECRET,
    sorted,
    userView,
    WINDOWS_ONLY,
    wrap,
    writtenConfig,
} from "./support/pack-agreement";

const { Secret } = require("@pulumi/policy") as { Secret: new (v: unknown) => { value: unknown } };

const DEFAULTS = makeConfigParser(
    "settings",
    SETTINGS_RULES.map((r) => r.id),
    { allowedModes: false },
)({});

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

/** The settings as an azure-native VM has them, each secret one wrapped as the engine sends a secret. */
function packFindings(os: OsType, given: Record<string, unknown>, image: object, secrets: ReadonlySet<string>) {
    const put = (key: string) => (given[key] === undefined ? {} : { [key]: wrap(secrets, key, given[key]) });
    const configuration = {
        ...put("enableAutomaticUpdates"),
        ...put("provisionVMAgent"),
        patchSettings: {
            ...put("patchMode"),
            ...put("assessmentMode"),
            ...put("enableHotpatching"),
            automaticByPlatformSettings: {
                ...put("rebootSetting"),
                ...put("bypassPlatformSafetyChecksOnUserSchedule"),
            },
        },
    };
    const solution = given.customPatchingSolution;
    const tags = solution === undefined ? {} : { [CUSTOM_PATCHING_TAG]: solution };
    const props = {
        osProfile: { [os === "Windows" ? "windowsConfiguration" : "linuxConfiguration"]: configuration },
        storageProfile: { imageReference: image },
        tags: wrap(secrets, "customPatchingSolution", tags),
    };
    const reports = checkResource(
        { type: "azure-native:compute:VirtualMachine", name: "vm", props },
        SETTINGS_SCOPE,
        DEFAULTS,
    );
    const violations = reports.filter((r) => r.kind === "violation" && r.finding !== undefined);
    const level = (r: (typeof reports)[number]) => r.level ?? "mandatory";
    return {
        mandatory: violations.filter((r) => level(r) === "mandatory").map((r) => userView(r.finding as Finding)),
        advisoryR5: violations
            .filter((r) => level(r) === "advisory" && r.ruleIds.includes("R5"))
            .map((r) => userView(r.finding as Finding)),
        messages: reports.map((r) => r.message),
    };
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
                // What was written is what the VM gets: a derived value never replaces a written one.
                for (const [key, value] of Object.entries(written(patching))) {
                    assert.equal((settings as unknown as Record<string, unknown>)[key], value, key);
                }
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

    it("with every setting written, valid or not, the component's findings are the pack's (path mapped)", () => {
        let refused = 0;
        let typeErrors = 0;
        fc.assert(
            fc.property(writtenConfig(), ({ os, image, given, secrets }) => {
                const result = validatePatching(os, given, image, undefined, secrets);
                const component = result.ok ? [] : result.findings;
                const pack = packFindings(os, given, image, secrets);
                const shown = [...pack.messages, ...component.map((f) => f.message)];
                for (const m of shown) assert.ok(!m.includes(SECRET), `a secret in: ${m}`);
                const linuxOnly = component.filter(
                    (f) => os === "Linux" && f.ruleId === "R0" && WINDOWS_ONLY.includes(f.pathKeys.at(-1) ?? ""),
                );
                for (const f of linuxOnly) assert.match(f.message, /is a Windows setting/);
                const judged = component.filter((f) => !linuxOnly.includes(f)).map((f) => asPack(os, f));
                const story = `${JSON.stringify(given)} (secret: ${[...secrets]}) on ${JSON.stringify(image)}:\ncomponent: ${component.map((f) => f.message).join("\n")}\npack: ${pack.messages.join("\n")}`;
                assert.deepEqual(sorted(judged.filter((f) => f.ruleId !== "R5")), sorted(pack.mandatory), story);
                assert.deepEqual(sorted(judged.filter((f) => f.ruleId === "R5")), sorted(pack.advisoryR5), story);
                assert.equal(result.ok, component.length === 0);
                if (!result.ok) refused++;
                if (component.some((f) => f.ruleId === "R0" || f.ruleId === "R1")) typeErrors++;
            }),
            { numRuns: 5_000 },
        );
        assert.ok(refused > 1_000 && typeErrors > 1_000, `too few refusals: ${refused}, R0/R1: ${typeErrors}`);
    });
});
