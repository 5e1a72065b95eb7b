/**
 * The pack as the Pulumi CLI sees it, through the real analyzer: what GetAnalyzerInfo lists, what
 * `--policy-pack-config` changes (levels, exemptions, images, allowed modes, invalid files), secrets
 * and unknown values in the properties, and the opt-in remediation.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    type AnalyzerResource,
    ENGINE_UNKNOWN,
    engineSecret,
    SECRET_SIG,
    SECRET_SIG_KEY,
} from "../../check/engine/analyzer-client";
import { decodeDiagnosticData } from "../../policies/diagnostic-data";
import { PACK_NAME, RECOMMENDATIONS_POLICY, SETTINGS_POLICY, SETTINGS_RULES } from "../../policies/policies";
import { SCHEDULE_POLICY } from "../../policies/schedule-policy";
import { PACK_DIR, packPerSuite } from "./support/pack";
import { IMAGES } from "./support/targets";

const PASSWORD = "Sup3r-S3cret-Pa55word!";
const VM = "azure-native:compute:VirtualMachine";

/** An azure-native Windows VM with a secret password; `patch` is its windowsConfiguration. */
function windowsVm(
    name: string,
    windowsConfiguration: Record<string, unknown>,
    extra: Record<string, unknown> = {},
): AnalyzerResource {
    return {
        type: VM,
        name,
        properties: {
            location: "westeurope",
            osProfile: {
                computerName: name,
                adminUsername: "azureuser",
                adminPassword: engineSecret(PASSWORD),
                windowsConfiguration,
            },
            storageProfile: { imageReference: { ...IMAGES.windows, version: "latest" } },
            ...extra,
        },
    };
}

const R2_BROKEN = { enableAutomaticUpdates: false, patchSettings: { patchMode: "AutomaticByOS" } };

function messages(result: { diagnostics: readonly { message: string }[] }): string[] {
    return result.diagnostics.map((d) => d.message);
}

describe("policy pack through the analyzer: info, configuration, secrets, unknowns, remediation", function () {
    this.timeout(120_000);
    const pack = packPerSuite({ resetConfig: true }); // every test starts from the defaults

    describe("GetAnalyzerInfo", () => {
        it("lists the pack's name and version and its three policies with their default levels", async () => {
            const info = await pack.getInfo();
            const version = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")).version;
            assert.equal(info.name, PACK_NAME);
            assert.equal(info.version, version);
            assert.equal(info.supportsConfig, true);
            const levels = Object.fromEntries(info.policies.map((p) => [p.name, p.enforcementLevel]));
            assert.deepEqual(levels, {
                [SETTINGS_POLICY]: "mandatory",
                [RECOMMENDATIONS_POLICY]: "advisory",
                [SCHEDULE_POLICY]: "mandatory",
            });
            for (const p of info.policies) {
                assert.equal(p.type, p.name === SCHEDULE_POLICY ? "stack" : "resource");
                assert.match(p.url, /^https:\/\/learn\.microsoft\.com\//);
            }
        });

        it("names every rule in the descriptions (R12/R13 need the old state and are not in the pack)", async () => {
            const info = await pack.getInfo();
            const settings = info.policies.find((p) => p.name === SETTINGS_POLICY);
            const recommendations = info.policies.find((p) => p.name === RECOMMENDATIONS_POLICY);
            for (const id of [
                "R0",
                "R1",
                "R2",
                "R3",
                "R4",
                "R5",
                "R6",
                "R7",
                "R8",
                "R9",
                "R10",
                "R11",
                "R14",
                "R15",
                "R16",
            ]) {
                assert.ok(settings?.description.includes(`${id}:`), `${id} missing`);
            }
            for (const id of ["W1", "W2", "W3", "W4", "allowedPatchModes"]) {
                assert.ok(recommendations?.description.includes(`${id}:`), `${id} missing`);
            }
            assert.ok(!settings?.description.includes("R12:") && !settings?.description.includes("R13:"));
        });

        it("declares a config schema: per-rule levels for exactly the policy's rules, images, exemptions, unknowns", async () => {
            const info = await pack.getInfo();
            const settings = info.policies.find((p) => p.name === SETTINGS_POLICY);
            const props = settings?.configSchema?.properties as Record<
                string,
                { properties?: object; enum?: string[] }
            >;
            assert.deepEqual(Object.keys(props).sort(), [
                "exemptions",
                "extraSupportedImages",
                "ruleLevels",
                "uniformScaleSetAutomaticPatching",
                "unknownValues",
            ]);
            assert.deepEqual(
                Object.keys(props.ruleLevels.properties ?? {}).sort(),
                SETTINGS_RULES.map((r) => r.id).sort(),
            );
            assert.deepEqual(props.unknownValues.enum, ["advisory", "mandatory"]);
            const recommendations = info.policies.find((p) => p.name === RECOMMENDATIONS_POLICY);
            const recProps = recommendations?.configSchema?.properties as Record<
                string,
                { items?: { enum?: string[] } }
            >;
            assert.deepEqual(recProps.allowedPatchModes.items?.enum?.sort(), [
                "AutomaticByOS",
                "AutomaticByPlatform",
                "ImageDefault",
                "Manual",
            ]);
        });
    });

    describe("messages", () => {
        it("name the resource, property path, value, what is allowed, the fix and the doc, never the secret", async () => {
            const result = await pack.analyze(windowsVm("web-1", R2_BROKEN));
            const r2 = result.diagnostics.find((d) => d.message.includes("[R2]"));
            assert.ok(r2, messages(result).join("\n"));
            assert.equal(r2.enforcementLevel, "mandatory");
            assert.equal(r2.policyName, SETTINGS_POLICY);
            // The diagnostic's description is the rule's data, not the policy's list of all its rules.
            const data = decodeDiagnosticData(r2.description);
            assert.equal(data?.summary, "R2: AutomaticByOS needs enableAutomaticUpdates = true");
            assert.deepEqual(data?.ruleIds, ["R2"]);
            assert.deepEqual(data?.path, ["osProfile", "windowsConfiguration", "enableAutomaticUpdates"]);
            for (const d of result.diagnostics) assert.ok(!d.description.includes(PASSWORD), d.description);
            assert.match(r2.message, /azure-native VirtualMachine "web-1"/);
            assert.match(r2.message, /osProfile\.windowsConfiguration\.enableAutomaticUpdates = false/);
            assert.match(r2.message, /Allowed: true\. Fix: .*enableAutomaticUpdates to true/);
            assert.match(
                r2.message,
                /See https:\/\/learn\.microsoft\.com\/azure\/virtual-machines\/automatic-vm-guest-patching/,
            );
            assert.ok(result.diagnostics.length >= 2);
            for (const d of result.diagnostics) assert.ok(!d.message.includes(PASSWORD), d.message);
        });

        it("never show secrets: password, custom data, secret tags (only patch settings are ever shown)", async () => {
            const resource = windowsVm(
                "web-2",
                { enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual", rebootSetting: "Never" } },
                {
                    tags: { "patching-custom-solution": engineSecret(PASSWORD), owner: engineSecret(PASSWORD) },
                    userData: engineSecret(PASSWORD),
                },
            );
            const result = await pack.analyze(resource);
            assert.ok(result.diagnostics.length > 0);
            for (const d of result.diagnostics) {
                assert.ok(!d.message.includes(PASSWORD), d.message);
                assert.ok(!d.message.includes(SECRET_SIG), d.message);
            }
        });

        it("show a secret patch setting or image id as [secret], and still read secret tags", async () => {
            const invalid = await pack.analyze(
                windowsVm("secret-mode", { patchSettings: { patchMode: engineSecret("Sometimes") } }),
            );
            const r1 = invalid.diagnostics.find((d) => d.message.includes("[R1]"));
            assert.ok(r1, messages(invalid).join("\n"));
            assert.match(r1.message, /patchMode = \[secret\]/);
            const galleryId =
                "/subscriptions/0000/resourceGroups/secret-rg/providers/Microsoft.Compute/galleries/hidden/images/x";
            const custom = await pack.analyze({
                type: VM,
                name: "secret-image",
                properties: {
                    osProfile: { windowsConfiguration: { patchSettings: { patchMode: "AutomaticByPlatform" } } },
                    storageProfile: { imageReference: { id: engineSecret(galleryId) } },
                    tags: engineSecret({ "patching-custom-solution": "WSUS" }),
                },
            });
            assert.ok(
                custom.diagnostics.some(
                    (d) => d.message.includes("[W6]") && d.message.includes("[secret] is a custom image"),
                ),
                messages(custom).join("\n"),
            );
            for (const d of [...invalid.diagnostics, ...custom.diagnostics]) {
                assert.ok(!d.message.includes("Sometimes") && !d.message.includes("hidden"), d.message);
            }
            const manual = await pack.analyze(
                windowsVm(
                    "secret-tag",
                    { enableAutomaticUpdates: false, patchSettings: { patchMode: "Manual" } },
                    { tags: { "patching-custom-solution": engineSecret("WSUS, team-x") } },
                ),
            );
            assert.ok(
                !messages(manual).some((m) => m.includes("[W4]")),
                "a secret tag still records the patching solution",
            );
        });

        it("report nothing for other resource types, and nothing for a compliant VM", async () => {
            const storage = await pack.analyze({
                type: "azure-native:storage:StorageAccount",
                name: "sa",
                properties: { kind: "StorageV2", patchMode: "Nonsense" },
            });
            assert.deepEqual(storage.diagnostics, []);
            const ok = await pack.analyze(
                windowsVm("ok", {
                    patchSettings: { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" },
                }),
            );
            assert.deepEqual(messages(ok), []);
        });
    });

    describe("one Analyze call at a time, as the engine makes them", () => {
        it("reads each call's own properties (the policies share a read only within one call)", async () => {
            const urn = "urn:pulumi:dev::p::azure-native:compute:VirtualMachine::same";
            const broken = { ...windowsVm("same", R2_BROKEN), urn };
            const fixed = {
                ...windowsVm("same", { patchSettings: { patchMode: "Manual" }, enableAutomaticUpdates: false }),
                urn,
            };
            const first = await pack.analyze(broken);
            const second = await pack.analyze(fixed);
            assert.ok(messages(first).some((m) => m.includes("[R2]")));
            assert.ok(!messages(second).some((m) => m.includes("[R2]")), messages(second).join("\n"));
            // The recommendations policy saw the second call's Manual mode (W4), not the first's.
            assert.ok(messages(second).some((m) => m.includes("[W4]")));
            assert.ok(!messages(first).some((m) => m.includes("[W4]")));
        });
    });

    describe("unknown values during preview", () => {
        it("reports mandatory rules an unknown keeps undecided as advisory, naming the rules and the value", async () => {
            const result = await pack.analyze(
                windowsVm("preview", { enableAutomaticUpdates: false, patchSettings: { patchMode: ENGINE_UNKNOWN } }),
            );
            const undecided = result.diagnostics.filter(
                (d) => d.policyName === SETTINGS_POLICY && d.message.includes("cannot be checked"),
            );
            // The mandatory rules in one report; R5, whose level is its own (advisory), in another.
            assert.equal(undecided.length, 2, messages(result).join("\n"));
            assert.ok(undecided.every((d) => d.enforcementLevel === "advisory"));
            assert.match(
                undecided[0].message,
                /\[R1, R2, R3, R4, R14\] cannot be checked until osProfile\.windowsConfiguration\.patchSettings\.patchMode is known/,
            );
            assert.match(undecided[1].message, /\[R5\] cannot be checked until/);
            assert.match(undecided[0].message, /checked at update.*mandatory/);
            // Nothing is mandatory while the mode is unknown: the preview does not fail on a guess.
            assert.deepEqual(
                result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.message),
                [],
            );
        });

        it("still enforces what is known next to an unknown", async () => {
            const result = await pack.analyze({
                ...windowsVm("half", { provisionVMAgent: false, patchSettings: { patchMode: "AutomaticByPlatform" } }),
                properties: {
                    ...windowsVm("half", {
                        provisionVMAgent: false,
                        patchSettings: { patchMode: "AutomaticByPlatform" },
                    }).properties,
                    location: ENGINE_UNKNOWN,
                    networkProfile: ENGINE_UNKNOWN,
                },
            });
            const r4 = result.diagnostics.find((d) => d.message.includes("[R4]"));
            assert.equal(r4?.enforcementLevel, "mandatory");
        });

        it("handles a whole unknown osProfile or image without crashing", async () => {
            for (const properties of [
                { osProfile: ENGINE_UNKNOWN, storageProfile: { imageReference: { ...IMAGES.windows } } },
                { osProfile: { windowsConfiguration: ENGINE_UNKNOWN }, storageProfile: ENGINE_UNKNOWN },
                { storageProfile: { imageReference: ENGINE_UNKNOWN }, tags: ENGINE_UNKNOWN },
            ]) {
                const result = await pack.analyze({ type: VM, name: "unknowns", properties });
                assert.ok(
                    result.diagnostics.some((d) => d.message.includes("cannot be checked")),
                    JSON.stringify(result.diagnostics.map((d) => d.message)),
                );
                for (const d of result.diagnostics) {
                    assert.ok(d.enforcementLevel === "advisory", d.message);
                    assert.doesNotMatch(d.message, /at Object\.|\.js:\d+/); // no stack trace
                }
            }
        });

        it("reports undecided rules as mandatory when the organisation asks (unknownValues)", async () => {
            await pack.configure({ [SETTINGS_POLICY]: { unknownValues: "mandatory" } });
            const result = await pack.analyze(windowsVm("strict", { patchSettings: { patchMode: ENGINE_UNKNOWN } }));
            const undecided = result.diagnostics.find((d) => d.message.includes("cannot be checked"));
            assert.equal(undecided?.enforcementLevel, "mandatory");
        });
    });

    describe("--policy-pack-config", () => {
        it("lowers a whole policy (enforcementLevel) and one rule (ruleLevels)", async () => {
            await pack.configure({ [SETTINGS_POLICY]: "advisory" });
            let result = await pack.analyze(windowsVm("lowered", R2_BROKEN));
            assert.equal(result.diagnostics.find((d) => d.message.includes("[R2]"))?.enforcementLevel, "advisory");

            await pack.configure({ [SETTINGS_POLICY]: { ruleLevels: { R2: "advisory" } } });
            result = await pack.analyze(windowsVm("one-rule", { ...R2_BROKEN, provisionVMAgent: "no" }));
            assert.equal(result.diagnostics.find((d) => d.message.includes("[R2]"))?.enforcementLevel, "advisory");
            assert.equal(result.diagnostics.find((d) => d.message.includes("[R0]"))?.enforcementLevel, "mandatory");
        });

        it("raises a recommendation to mandatory and disables another", async () => {
            await pack.configure({ [RECOMMENDATIONS_POLICY]: { ruleLevels: { W2: "mandatory", W1: "disabled" } } });
            const result = await pack.analyze(windowsVm("raised", { patchSettings: { patchMode: "AutomaticByOS" } }));
            assert.equal(result.diagnostics.find((d) => d.message.includes("[W2]"))?.enforcementLevel, "mandatory");
            assert.equal(
                result.diagnostics.find((d) => d.message.includes("[W1]")),
                undefined,
            );
        });

        it("disables a policy", async () => {
            await pack.configure({ [SETTINGS_POLICY]: "disabled", [RECOMMENDATIONS_POLICY]: "disabled" });
            assert.deepEqual((await pack.analyze(windowsVm("off", R2_BROKEN))).diagnostics, []);
        });

        it("exempts resources by tag, reporting the exemption with its reason as advisory", async () => {
            await pack.configure({
                [SETTINGS_POLICY]: {
                    exemptions: [
                        {
                            tag: "patch-exemption",
                            value: "CHG-1234",
                            rules: ["R14"],
                            reason: "vendor appliance, patched by the vendor",
                        },
                    ],
                },
            });
            const custom = (name: string, tags: Record<string, unknown>): AnalyzerResource => ({
                type: VM,
                name,
                properties: {
                    osProfile: { windowsConfiguration: { patchSettings: { patchMode: "AutomaticByPlatform" } } },
                    storageProfile: { imageReference: { ...IMAGES.windowsUnlisted, version: "latest" } },
                    tags,
                },
            });
            const exempt = await pack.analyze(custom("appliance", { "patch-exemption": "CHG-1234" }));
            const r14 = exempt.diagnostics.find((d) => d.message.includes("[R14]"));
            assert.equal(r14?.enforcementLevel, "advisory");
            assert.match(
                r14?.message ?? "",
                /exempted by tag patch-exemption=CHG-1234 \(reason: vendor appliance, patched by the vendor\)/,
            );

            const otherValue = await pack.analyze(custom("other", { "patch-exemption": "CHG-9" }));
            assert.equal(
                otherValue.diagnostics.find((d) => d.message.includes("[R14]"))?.enforcementLevel,
                "mandatory",
            );

            const unknownTags = await pack.analyze(
                custom("later", ENGINE_UNKNOWN as unknown as Record<string, unknown>),
            );
            const undecided = unknownTags.diagnostics.find((d) => d.message.includes("[R14]"));
            assert.equal(undecided?.enforcementLevel, "advisory");
            assert.match(undecided?.message ?? "", /exemption may cover this resource/);
        });

        it("adds supported images (extraSupportedImages) to the catalog", async () => {
            const appliance: AnalyzerResource = {
                type: "azure:compute/linuxVirtualMachine:LinuxVirtualMachine",
                name: "appliance",
                properties: {
                    patchMode: "AutomaticByPlatform",
                    sourceImageReference: { ...IMAGES.linuxUnlisted, version: "latest" },
                },
            };
            assert.ok(messages(await pack.analyze(appliance)).some((m) => m.includes("[R14]")));
            await pack.configure({
                [SETTINGS_POLICY]: { extraSupportedImages: [{ ...IMAGES.linuxUnlisted, sku: "1-*", os: "Linux" }] },
            });
            assert.ok(!messages(await pack.analyze(appliance)).some((m) => m.includes("[R14]")));
        });

        it("accepts AutomaticByPlatform on Uniform scale sets once the organisation says it has the gated preview (uniformScaleSetAutomaticPatching)", async () => {
            const uniform: AnalyzerResource = {
                type: "azure-native:compute:VirtualMachineScaleSet",
                name: "uniform",
                properties: {
                    orchestrationMode: "Uniform",
                    virtualMachineProfile: {
                        osProfile: { linuxConfiguration: { patchSettings: { patchMode: "AutomaticByPlatform" } } },
                        storageProfile: { imageReference: { ...IMAGES.linux, version: "latest" } },
                    },
                },
            };
            const before = messages(await pack.analyze(uniform)).find((m) => m.includes("[R16]"));
            assert.match(before ?? "", /InGuestAutoPatchVmssUniformPreview/);
            await pack.configure({ [SETTINGS_POLICY]: { uniformScaleSetAutomaticPatching: true } });
            assert.ok(!messages(await pack.analyze(uniform)).some((m) => m.includes("[R16]")));
        });

        it("flags patch modes the organisation does not allow (allowedPatchModes), defaults included", async () => {
            await pack.configure({
                [RECOMMENDATIONS_POLICY]: {
                    allowedPatchModes: ["AutomaticByPlatform"],
                    ruleLevels: { allowedPatchModes: "mandatory" },
                },
            });
            const result = await pack.analyze(windowsVm("default-mode", {}));
            const d = result.diagnostics.find((x) => x.message.includes("[allowedPatchModes]"));
            assert.equal(d?.enforcementLevel, "mandatory");
            assert.match(
                d?.message ?? "",
                /patchMode = \(not set: Azure's default\), i\.e\. AutomaticByOS: .*Allowed: AutomaticByPlatform/,
            );
            const ok = await pack.analyze(
                windowsVm("platform", { patchSettings: { patchMode: "AutomaticByPlatform" } }),
            );
            assert.ok(!messages(ok).some((m) => m.includes("[allowedPatchModes]")));
        });

        it("reports an invalid configuration clearly (path, value, allowed, fix), without a stack trace", async () => {
            await pack.configure({
                [SETTINGS_POLICY]: {
                    ruleLevels: { R9: "sometimes" },
                    exemptions: [{ tag: "x", rules: ["R9"], reason: " " }],
                },
            });
            const result = await pack.analyze(windowsVm("any", {}));
            const config = result.diagnostics.find((d) => d.message.includes("configuration"));
            assert.equal(config?.enforcementLevel, "mandatory");
            assert.match(config?.message ?? "", /ruleLevels\.R9 = "sometimes"/);
            assert.match(config?.message ?? "", /exemptions\.0\.reason = " "/);
            assert.match(config?.message ?? "", /Fix: correct the --policy-pack-config file/);
            assert.doesNotMatch(config?.message ?? "", /\.js:\d+/);
        });
    });

    describe("remediation (opt-in)", () => {
        it("does nothing at the default level", async () => {
            assert.deepEqual(await pack.remediate(windowsVm("no-fix", R2_BROKEN)), []);
        });

        it("sets enableAutomaticUpdates from the written mode, keeping secrets secret, and the result passes", async () => {
            await pack.configure({ [SETTINGS_POLICY]: "remediate" });
            const resource = windowsVm("fix", R2_BROKEN);
            const [remediation] = await pack.remediate(resource);
            assert.equal(remediation?.policyName, SETTINGS_POLICY);
            const props = remediation.properties as {
                osProfile: {
                    adminPassword: Record<string, unknown>;
                    windowsConfiguration: { enableAutomaticUpdates: boolean };
                };
            };
            assert.equal(props.osProfile.windowsConfiguration.enableAutomaticUpdates, true);
            assert.deepEqual(props.osProfile.adminPassword, { [SECRET_SIG_KEY]: SECRET_SIG, value: PASSWORD });
            const after = await pack.analyze({ ...resource, properties: props });
            assert.ok(!messages(after).some((m) => m.includes("[R2]")), messages(after).join("\n"));
            // At level remediate, what remediation cannot fix is still enforced as mandatory.
            const r0 = await pack.analyze(windowsVm("still", { ...R2_BROKEN, provisionVMAgent: "yes" }));
            assert.equal(r0.diagnostics.find((d) => d.message.includes("[R0]"))?.enforcementLevel, "mandatory");
        });

        it("turns Manual's automatic updates off, on a classic Windows VM too", async () => {
            await pack.configure({ [SETTINGS_POLICY]: "remediate" });
            const [remediation] = await pack.remediate({
                type: "azure:compute/windowsVirtualMachine:WindowsVirtualMachine",
                name: "classic",
                properties: {
                    patchMode: "Manual",
                    adminPassword: engineSecret(PASSWORD),
                    sourceImageReference: { ...IMAGES.windows },
                },
            });
            assert.equal(
                (remediation?.properties as { automaticUpdatesEnabled?: boolean } | undefined)?.automaticUpdatesEnabled,
                false,
            );
        });

        it("leaves a VM alone when the fix is not certain: mode not written, or a value unknown", async () => {
            await pack.configure({ [SETTINGS_POLICY]: "remediate" });
            assert.deepEqual(await pack.remediate(windowsVm("default-mode", { enableAutomaticUpdates: false })), []);
            assert.deepEqual(
                await pack.remediate(
                    windowsVm("unknown", {
                        enableAutomaticUpdates: ENGINE_UNKNOWN,
                        patchSettings: { patchMode: "Manual" },
                    }),
                ),
                [],
            );
        });
    });
});
