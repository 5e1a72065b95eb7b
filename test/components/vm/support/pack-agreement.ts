/**
 * What both pack-agreement properties (VM and scale set) share: configurations with every patch
 * setting written, of any type (valid values, misspellings, wrong types, Windows modes on Linux), some
 * secret; where azure-native has each setting; and a finding as the user reads it, with the
 * component's `patching.*` path put where the pack has the property.
 */
import fc from "fast-check";
import { type Finding, type OsType, PATCH_SETTING_NAMES } from "../../../../rules";
import { IMAGES } from "./fixtures";

const { Secret } = require("@pulumi/policy") as { Secret: new (v: unknown) => { value: unknown } };

/** A value no message may ever show: only secret settings hold it. */
export const SECRET = "S3CRET-value-7f3a";

export const IMAGE_CHOICES = {
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

export const WINDOWS_ONLY = ["enableAutomaticUpdates", "enableHotpatching"];

/** A value a user may write: usually a valid one, else a misspelling or the wrong type (R0, R1). */
const value = (valid: readonly unknown[], invalid: readonly unknown[]) =>
    fc.oneof(
        { arbitrary: fc.constantFrom(...valid), weight: 4 },
        { arbitrary: fc.constantFrom(...invalid), weight: 1 },
    );
const BOOLEAN = value([true, false], ["yes", "false", 1, 0, "true"]);

/**
 * Configurations with every setting written, of any type. A value holding SECRET is always a secret
 * setting (a message must never show it); other settings are secret at random, which both sides must
 * show as [secret].
 */
export function writtenConfig() {
    return fc.constantFrom<OsType>("Windows", "Linux").chain((os) =>
        fc
            .record({
                os: fc.constant(os),
                image: fc.constantFrom(...IMAGE_CHOICES[os]),
                given: fc.record(
                    {
                        patchMode: value(
                            os === "Windows"
                                ? ["Manual", "AutomaticByOS", "AutomaticByPlatform"]
                                : ["ImageDefault", "AutomaticByPlatform"],
                            [
                                ...(os === "Windows" ? ["ImageDefault"] : ["Manual", "AutomaticByOS"]),
                                "AutomaticByPlatfom",
                                "automaticbyplatform",
                                `Manul-${SECRET}`,
                                3,
                                true,
                            ],
                        ),
                        enableAutomaticUpdates: BOOLEAN,
                        enableHotpatching: BOOLEAN,
                        provisionVMAgent: BOOLEAN,
                        assessmentMode: value(
                            ["ImageDefault", "AutomaticByPlatform"],
                            ["Periodic", `Image-${SECRET}`, 0],
                        ),
                        rebootSetting: value(
                            ["IfRequired", "Never", "Always"],
                            ["Sometimes", "Unknown", `Sometimes-${SECRET}`, 2],
                        ),
                        bypassPlatformSafetyChecksOnUserSchedule: BOOLEAN,
                        customPatchingSolution: fc.constant(`WSUS ${SECRET}`),
                    },
                    // Windows: every setting written. Linux: its own settings written; the Windows-only
                    // ones sometimes (R0); rebootSetting and the solution, being optional, sometimes.
                    {
                        requiredKeys:
                            os === "Windows"
                                ? [
                                      "patchMode",
                                      "enableAutomaticUpdates",
                                      "enableHotpatching",
                                      "provisionVMAgent",
                                      "assessmentMode",
                                      "bypassPlatformSafetyChecksOnUserSchedule",
                                  ]
                                : [
                                      "patchMode",
                                      "provisionVMAgent",
                                      "assessmentMode",
                                      "bypassPlatformSafetyChecksOnUserSchedule",
                                  ],
                    },
                ),
                extraSecrets: fc.subarray([...PATCH_SETTING_NAMES]),
            })
            .map(({ os, image, given, extraSecrets }) => {
                const secrets = new Set<string>(extraSecrets);
                for (const [key, v] of Object.entries(given)) if (String(v).includes(SECRET)) secrets.add(key);
                return { os, image, given: given as Record<string, unknown>, secrets };
            }),
    );
}

/** Where the azure-native VM (or, below `base`, the scale set) has each setting of the components' `patching`. */
export function packPathOf(os: OsType, name: string, base = ""): string {
    const block = `${base}osProfile.${os === "Windows" ? "windows" : "linux"}Configuration`;
    const at: Record<string, string> = {
        patchMode: `${block}.patchSettings.patchMode`,
        enableAutomaticUpdates: `${block}.enableAutomaticUpdates`,
        provisionVMAgent: `${block}.provisionVMAgent`,
        enableHotpatching: `${block}.patchSettings.enableHotpatching`,
        assessmentMode: `${block}.patchSettings.assessmentMode`,
        rebootSetting: `${block}.patchSettings.automaticByPlatformSettings.rebootSetting`,
        bypassPlatformSafetyChecksOnUserSchedule: `${block}.patchSettings.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule`,
        customPatchingSolution: "tags",
    };
    return at[name] ?? name;
}

/** The parts of a finding a user reads, with the component's path put where the pack has the property. */
export function asPack(os: OsType, f: Finding, base = "") {
    const path =
        !f.path.startsWith("patching") && f.path !== "image"
            ? f.path // already the resource's own path (the scale-set component's second reading)
            : f.path === "image"
              ? `${base}storageProfile.imageReference`
              : packPathOf(os, f.path.replace(/^patching\./, ""), base);
    return {
        ruleId: f.ruleId,
        path,
        value: f.value,
        allowed: f.allowed,
        fix: f.fix,
        message: f.message.replace(f.path, path),
    };
}

export function userView(f: Finding) {
    return { ruleId: f.ruleId, path: f.path, value: f.value, allowed: f.allowed, fix: f.fix, message: f.message };
}

export const sorted = <T>(items: T[]) => items.map((i) => JSON.stringify(i)).sort();

/** A secret setting's value as the engine hands it to the pack. */
export function wrap(secrets: ReadonlySet<string>, key: string, value: unknown): unknown {
    return secrets.has(key) ? new Secret(value) : value;
}
