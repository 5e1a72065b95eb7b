/**
 * The patch settings our components accept (their `patching` argument): a zod schema for the shape,
 * and the derivations that fill in what follows from the rest. A derived value never overrides what
 * the user wrote: a contradiction is reported by the rules (R2, R3, R5...), not silently fixed.
 */
import { z } from "zod";
import { BoundedCache } from "./bounded-cache";
import { closestValue } from "./did-you-mean";
import { evaluateProfile } from "./evaluate";
import { displayValue, type Evaluation, type Finding, formatMessage } from "./findings";
import { type CatalogImage, DEFAULT_IMAGE_CATALOG } from "./image-catalog";
import { lookupImage } from "./images";
import {
    ASSESSMENT_MODES,
    type AssessmentMode,
    AZURE_DEFAULTS,
    type Field,
    type ImageRef,
    notAProperty,
    type OsType,
    PATCH_MODES,
    type PatchMode,
    type PatchProfile,
    type PropertyPath,
    propertyPath,
    type RawField,
    REBOOT_SETTINGS,
    type RebootSetting,
    type WindowsPatchMode,
} from "./profile";
import {
    AUTOMATIC_UPDATES_FOR_MODE,
    apiTypesAndValues,
    CUSTOM_PATCHING_TAG,
    enumerationReason,
    patchModeOfTheOs,
} from "./profile-rules";
import { DOCS } from "./sources";

const ALL_MODES = [...new Set([...PATCH_MODES.Windows, ...PATCH_MODES.Linux])] as [PatchMode, ...PatchMode[]];

/** The user-facing patch settings. Every property is optional: see {@link resolvePatchSettings} for defaults. */
export interface PatchSettings {
    patchMode?: PatchMode;
    enableAutomaticUpdates?: boolean;
    provisionVMAgent?: boolean;
    enableHotpatching?: boolean;
    assessmentMode?: AssessmentMode;
    rebootSetting?: RebootSetting;
    bypassPlatformSafetyChecksOnUserSchedule?: boolean;
    customPatchingSolution?: string;
}

/**
 * The shape of {@link PatchSettings}, checked. Not exported, and the interface above is written out
 * rather than inferred from it, so the package's typings never load zod's: those need esModuleInterop
 * (TS1259 in a project made from Pulumi's classic template) and TypeScript 5.4 or later.
 */
const PatchSettingsSchema = z
    .object({
        patchMode: z.enum(ALL_MODES).optional(),
        enableAutomaticUpdates: z.boolean().optional(),
        provisionVMAgent: z.boolean().optional(),
        enableHotpatching: z.boolean().optional(),
        assessmentMode: z.enum(ASSESSMENT_MODES).optional(),
        rebootSetting: z.enum(REBOOT_SETTINGS).optional(),
        bypassPlatformSafetyChecksOnUserSchedule: z.boolean().optional(),
        customPatchingSolution: z.string().trim().min(1).optional(),
    })
    .strict();

/** The interface and the schema must describe the same input (a compile error here when they drift). */
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesInterface: SameType<PatchSettings, z.input<typeof PatchSettingsSchema>> = true;
void schemaMatchesInterface;

/** The names of the user-facing patch settings (the keys of {@link PatchSettings}). */
export const PATCH_SETTING_NAMES: readonly (keyof PatchSettings)[] = Object.keys(
    PatchSettingsSchema.shape,
) as (keyof PatchSettings)[];

/** Every setting decided: what the component writes to the VM. Windows-only settings are undefined on Linux. */
export interface ResolvedPatchSettings {
    readonly os: OsType;
    readonly patchMode: PatchMode;
    readonly enableAutomaticUpdates?: boolean;
    readonly provisionVMAgent: boolean;
    readonly enableHotpatching?: boolean;
    readonly assessmentMode: AssessmentMode;
    readonly rebootSetting?: RebootSetting;
    readonly bypassPlatformSafetyChecksOnUserSchedule?: boolean;
    readonly customPatchingSolution?: string;
}

export interface PatchTarget {
    readonly os: OsType;
    readonly image: ImageRef;
    readonly catalog?: readonly CatalogImage[];
    /** The name of the argument the settings were given in, e.g. "patching": the first key of every path. */
    readonly pathPrefix?: string;
    /**
     * The settings whose values came from a Pulumi secret (a component resolves its Outputs before it
     * calls this): no message shows them. "image" marks the image reference secret.
     */
    readonly secretSettings?: ReadonlySet<string>;
}

export type ResolveResult =
    | {
          readonly ok: true;
          readonly settings: ResolvedPatchSettings;
          readonly profile: PatchProfile;
          /**
           * The settings the user wrote (the others were derived), in the order written: the profile's
           * `explicit`, and what the transition guard records, both come from this one list.
           */
          readonly written: readonly string[];
          /** Recommendations (W1-W4) that still apply; never errors. */
          readonly evaluation: Evaluation;
      }
    | { readonly ok: false; readonly findings: readonly Finding[] };

const NO_SECRETS: ReadonlySet<string> = new Set();

const WINDOWS_ONLY = ["enableAutomaticUpdates", "enableHotpatching"] as const;

function schemaFinding(
    prefix: string,
    issue: z.core.$ZodIssue,
    input: unknown,
    secrets: ReadonlySet<string>,
): Finding[] {
    const isSecret = (key: PropertyKey | undefined) => key !== undefined && secrets.has(String(key));
    const valueAt = (path: readonly PropertyKey[]) =>
        path.reduce<unknown>(
            (v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined),
            input,
        );
    const finding = (at: PropertyPath, value: unknown, allowed: string, fix: string, reason: string): Finding => {
        const base = {
            ruleId: at.keys.at(-1) === "patchMode" ? patchModeOfTheOs.id : apiTypesAndValues.id,
            severity: "error" as const,
            title: apiTypesAndValues.title,
            pathKeys: at.keys,
            path: at.text,
            // Any input reaches here (cycles, BigInt, symbols): shown the way findings show values.
            value: displayValue({ value, explicit: true, secret: isSecret(at.keys[1]) }),
            allowed,
            fix,
            docUrl: DOCS.guestPatching,
        };
        return { ...base, message: formatMessage(base, reason) };
    };
    if (issue.code === "unrecognized_keys") {
        const known = Object.keys(PatchSettingsSchema.shape);
        return issue.keys.map((key) => {
            const close = closestValue(key, known);
            return finding(
                propertyPath(prefix, key),
                valueAt([key]),
                known.join(", "),
                close && !isSecret(key) ? `did you mean "${close}"? Otherwise remove it.` : "remove it.",
                `${key} is not a patch setting.`,
            );
        });
    }
    const path = propertyPath(prefix, ...issue.path.map(String));
    const value = valueAt(issue.path);
    if (issue.code === "invalid_value") {
        const allowed = issue.values.map(String);
        // A suggestion close to a secret would spell most of it.
        const close = typeof value === "string" && !isSecret(issue.path[0]) ? closestValue(value, allowed) : undefined;
        return [
            finding(
                path,
                value,
                allowed.join(", "),
                `${close ? `did you mean "${close}"? Otherwise ` : ""}use one of ${allowed.join(", ")}.`,
                enumerationReason(String(issue.path.at(-1)), value, isSecret(issue.path[0])),
            ),
        ];
    }
    if (issue.code === "invalid_type") {
        const expected = `${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
        return [finding(path, value, expected, `write it as ${expected}.`, `Azure expects ${expected} here.`)];
    }
    if (issue.code === "too_small" && issue.origin === "string") {
        // Only customPatchingSolution has a minimum: a blank description documents nothing (W4).
        return [
            finding(
                path,
                value,
                "a non-empty description",
                `say what patches the VM (for example "WSUS, owned by team-x"), or remove ${String(issue.path.at(-1))}.`,
                `${String(issue.path.at(-1))} is blank.`,
            ),
        ];
    }
    return [finding(path, value, "see the documentation", "correct the value.", issue.message)];
}

/** The default patch mode for an image: AutomaticByPlatform where supported, else the OS's default. */
export function defaultPatchMode(
    os: OsType,
    image: ImageRef,
    catalog: readonly CatalogImage[] = DEFAULT_IMAGE_CATALOG,
): PatchMode {
    return lookupImage(image, catalog).automaticByPlatform ? "AutomaticByPlatform" : AZURE_DEFAULTS.patchMode[os];
}

/**
 * Validates the user's patch settings for a VM and fills in the rest:
 * - patchMode: AutomaticByPlatform where the image supports it, else the OS's default; but Manual when
 *   enableAutomaticUpdates is written false (Windows), and the OS's default when provisionVMAgent is
 *   written false (AutomaticByPlatform needs the agent);
 * - enableAutomaticUpdates (Windows): false for Manual, true otherwise;
 * - provisionVMAgent: true;
 * - enableHotpatching (Windows): true on hotpatch-capable images in AutomaticByPlatform, else false;
 * - assessmentMode: AutomaticByPlatform when the VM agent is on (periodic assessment), else ImageDefault.
 * Then the whole result goes through the rules; any error rejects it.
 */
export function resolvePatchSettings(input: unknown, target: PatchTarget): ResolveResult {
    const prefix = target.pathPrefix ?? "patching";
    const catalog = target.catalog ?? DEFAULT_IMAGE_CATALOG;
    const secrets = target.secretSettings ?? NO_SECRETS;
    const raw = input === undefined || input === null ? {} : input;
    const parsed = PatchSettingsSchema.safeParse(raw);
    if (!parsed.success) {
        return {
            ok: false,
            findings: parsed.error.issues.flatMap((issue) => schemaFinding(prefix, issue, raw, secrets)),
        };
    }
    const given = parsed.data;
    if (target.os === "Linux") {
        const wrong = WINDOWS_ONLY.filter((key) => given[key] !== undefined);
        if (wrong.length > 0) {
            return {
                ok: false,
                findings: wrong.map((key) => {
                    const at = propertyPath(prefix, key);
                    const base = {
                        ruleId: apiTypesAndValues.id,
                        severity: "error" as const,
                        title: apiTypesAndValues.title,
                        pathKeys: at.keys,
                        path: at.text,
                        value: secrets.has(key) ? "[secret]" : String(given[key]),
                        allowed: "not set on Linux",
                        fix: `remove ${key}: Linux VMs have no such setting.`,
                        docUrl: DOCS.guestPatching,
                    };
                    return { ...base, message: formatMessage(base, `${key} is a Windows setting.`) };
                }),
            };
        }
    }
    const image = lookupImage(target.image, catalog);
    const provisionVMAgent = given.provisionVMAgent ?? AZURE_DEFAULTS.provisionVMAgent;
    const windows = target.os === "Windows";
    // The default mode must agree with what was written: without the VM agent AutomaticByPlatform
    // cannot work (R4), and on Windows automatic updates off leave only Manual (R2, R5).
    const patchMode =
        given.patchMode ??
        (windows && given.enableAutomaticUpdates === false
            ? "Manual"
            : provisionVMAgent
              ? defaultPatchMode(target.os, target.image, catalog)
              : AZURE_DEFAULTS.patchMode[target.os]);
    const settings: ResolvedPatchSettings = {
        os: target.os,
        patchMode,
        ...(windows
            ? {
                  enableAutomaticUpdates:
                      given.enableAutomaticUpdates ??
                      AUTOMATIC_UPDATES_FOR_MODE[patchMode as WindowsPatchMode] ??
                      AZURE_DEFAULTS.enableAutomaticUpdates,
                  enableHotpatching: given.enableHotpatching ?? (image.hotpatch && patchMode === "AutomaticByPlatform"),
              }
            : {}),
        provisionVMAgent,
        assessmentMode: given.assessmentMode ?? (provisionVMAgent ? "AutomaticByPlatform" : "ImageDefault"),
        ...(given.rebootSetting !== undefined ? { rebootSetting: given.rebootSetting } : {}),
        ...(given.bypassPlatformSafetyChecksOnUserSchedule !== undefined
            ? { bypassPlatformSafetyChecksOnUserSchedule: given.bypassPlatformSafetyChecksOnUserSchedule }
            : {}),
        ...(given.customPatchingSolution !== undefined ? { customPatchingSolution: given.customPatchingSolution } : {}),
    };
    // In the order the user wrote them (the schema's output follows its own key order).
    const written = Object.keys(raw).filter((key) => given[key as keyof typeof given] !== undefined);
    const profile = profileOfSettings(settings, target.image, prefix, new Set(written), secrets);
    const evaluation = evaluateProfile(profile, { catalog });
    const errors = evaluation.findings.filter((f) => f.severity === "error");
    if (errors.length > 0) return { ok: false, findings: errors };
    return { ok: true, settings, profile, written, evaluation };
}

/**
 * Profiles of recorded settings by content, so a process builds one per VM state: the transition
 * guard's provider is handed the same VM's settings in check and again in update (fresh objects each
 * time), and resolves the rule core once per process. Profiles are never changed after they are built.
 */
/** Enough for every VM a guard provider sees in one deployment; older entries are dropped first. */
const PROFILES_OF_SETTINGS = new BoundedCache<PatchProfile>({
    maxEntries: 1024,
    maxKeyChars: 2_000_000,
    maxKeyLength: 8_192,
});

/**
 * The patch profile of resolved settings, for the rules and the transition guard. `written` names the
 * settings the user wrote (the rest were derived), which only changes how messages describe them.
 */
export function profileOfSettings(
    settings: ResolvedPatchSettings,
    image: ImageRef,
    prefix = "patching",
    written: ReadonlySet<string> = new Set(),
    secrets: ReadonlySet<string> = NO_SECRETS,
): PatchProfile {
    const key = JSON.stringify([settings, image, prefix, [...written], [...secrets]]);
    const known = PROFILES_OF_SETTINGS.get(key);
    if (known) return known;
    const profile = buildProfileOfSettings(settings, image, prefix, written, secrets);
    PROFILES_OF_SETTINGS.set(key, profile);
    return profile;
}

function buildProfileOfSettings(
    settings: ResolvedPatchSettings,
    image: ImageRef,
    prefix: string,
    written: ReadonlySet<string>,
    secrets: ReadonlySet<string>,
): PatchProfile {
    const field = <T>(name: keyof ResolvedPatchSettings, value: T | undefined): RawField<T> => {
        const at = propertyPath(prefix, name);
        const secret = secrets.has(name) ? { secret: true } : {};
        return { value, raw: value, path: at.text, pathKeys: at.keys, explicit: written.has(name), ...secret };
    };
    const plain = <T>(value: T, at: PropertyPath, secret = false): Field<T> => ({
        value,
        path: at.text,
        pathKeys: at.keys,
        explicit: true,
        ...(secret ? { secret } : {}),
    });
    return {
        resourceKind: "virtualMachine",
        source: "component",
        os: plain(settings.os, notAProperty("(component)")),
        patchMode: field("patchMode", settings.patchMode),
        enableAutomaticUpdates: field("enableAutomaticUpdates", settings.enableAutomaticUpdates),
        provisionVMAgent: field("provisionVMAgent", settings.provisionVMAgent),
        enableHotpatching: field("enableHotpatching", settings.enableHotpatching),
        assessmentMode: field("assessmentMode", settings.assessmentMode),
        rebootSetting: field("rebootSetting", settings.rebootSetting),
        bypassPlatformSafetyChecksOnUserSchedule: field(
            "bypassPlatformSafetyChecksOnUserSchedule",
            settings.bypassPlatformSafetyChecksOnUserSchedule,
        ),
        image: plain(image, propertyPath("image"), secrets.has("image")),
        orchestrationMode: plain(undefined, propertyPath("orchestrationMode")),
        hasApplicationHealthExtension: plain(false, propertyPath("extensions")),
        location: plain(undefined, propertyPath("location")),
        tags: plain(
            settings.customPatchingSolution ? { [CUSTOM_PATCHING_TAG]: settings.customPatchingSolution } : undefined,
            propertyPath(prefix, "customPatchingSolution"),
            secrets.has("customPatchingSolution"),
        ),
    };
}

/**
 * The settings to give an existing VM: `next` (this run's resolution), except that a value Azure fixes
 * at creation and the user did not write keeps the value the VM was created with. Today that is
 * enableAutomaticUpdates on a Windows VM created in Manual (false) and switched to AutomaticByPlatform:
 * resolvePatchSettings derives true for a new VM, but the existing one keeps false, which is how
 * Microsoft documents Manual <-> AutomaticByPlatform. A value the user wrote is never changed: the
 * transition rules judge it (R12).
 */
export function keepCreateTimeSettings(
    recorded: ResolvedPatchSettings,
    next: ResolvedPatchSettings,
    written: readonly string[],
): ResolvedPatchSettings {
    if (
        next.os === "Windows" &&
        recorded.os === "Windows" &&
        next.patchMode === "AutomaticByPlatform" &&
        !written.includes("enableAutomaticUpdates") &&
        recorded.enableAutomaticUpdates === false &&
        next.enableAutomaticUpdates !== false
    ) {
        return { ...next, enableAutomaticUpdates: false };
    }
    return next;
}
