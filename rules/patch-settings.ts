/**
 * The patch settings our components accept (their `patching` argument): read by the rule core's
 * reader for that shape (readers/component-patching.ts) into the same typed fields the policy pack reads
 * from a raw VM, judged by the same rules, then completed by the derivations that fill in what follows
 * from the rest. A derived value never overrides what the user wrote: a contradiction is reported by
 * the rules (R2, R3, R5...), not silently fixed.
 */
import { BoundedCache } from "./bounded-cache";
import { closestValue } from "./did-you-mean";
import { evaluateProfile, runRules, toFinding } from "./evaluate";
import type { Evaluation, Finding } from "./findings";
import { type CatalogImage, DEFAULT_IMAGE_CATALOG } from "./image-catalog";
import { lookupImage } from "./images";
import {
    ASSESSMENT_MODES,
    type AssessmentMode,
    AZURE_DEFAULTS,
    type Field,
    type ImageRef,
    isUnknown,
    notAProperty,
    type OrchestrationMode,
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
import { AUTOMATIC_UPDATES_FOR_MODE, apiTypesAndValues, CUSTOM_PATCHING_TAG, patchModeOfTheOs } from "./profile-rules";
import {
    type ComponentPatchingRead,
    PATCH_SETTING_NAMES,
    type PatchSettingName,
    readComponentPatching,
} from "./readers";
import { RuleContext, type Violation } from "./rule-context";

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

/** The interface and the reader must name the same settings (a compile error here when they drift). */
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const readerMatchesInterface: SameType<keyof PatchSettings, PatchSettingName> = true;
void readerMatchesInterface;

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
    /** Set when the settings are a scale set's: they are then judged as the pack judges a scale set. */
    readonly scaleSet?: ScaleSetContext;
}

/**
 * What a scale set adds to the judgement of its patch settings (R16, R20, and R5 where automatic OS
 * image upgrades force automatic updates off), read as the pack reads a raw scale set.
 */
export interface ScaleSetContext {
    readonly orchestrationMode: Field<OrchestrationMode | undefined>;
    readonly automaticOSUpgrade: Field<boolean | undefined>;
    /** Whether the instances have an Application Health extension, given the patch mode they get. */
    readonly applicationHealth: (patchMode: unknown) => Field<boolean>;
    /** The organisation opted in to the gated preview of AutomaticByPlatform on Uniform (R16). */
    readonly uniformScaleSetAutomaticPatching?: boolean;
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

/** The written settings' values the derivations may use: those of the right type and in their enumeration. */
type Usable = { -readonly [K in keyof PatchSettings]?: PatchSettings[K] };

function oneOf<T extends string>(value: unknown, values: readonly T[]): T | undefined {
    return typeof value === "string" && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

function usableSettings(read: ComponentPatchingRead, os: OsType): Usable {
    const f = read.fields;
    const flag = (field: RawField<boolean>) => (typeof field.value === "boolean" ? field.value : undefined);
    const solution = f.customPatchingSolution.value;
    return {
        patchMode: oneOf(f.patchMode.value, PATCH_MODES[os]),
        // On Linux the reader keeps no value for a Windows-only setting (R0 reports it).
        enableAutomaticUpdates: flag(f.enableAutomaticUpdates),
        provisionVMAgent: flag(f.provisionVMAgent),
        enableHotpatching: flag(f.enableHotpatching),
        assessmentMode: oneOf(f.assessmentMode.value, ASSESSMENT_MODES),
        rebootSetting: oneOf(f.rebootSetting.value, REBOOT_SETTINGS),
        bypassPlatformSafetyChecksOnUserSchedule: flag(f.bypassPlatformSafetyChecksOnUserSchedule),
        customPatchingSolution: typeof solution === "string" && solution.trim() !== "" ? solution.trim() : undefined,
    };
}

/**
 * What only the components' argument can get wrong, reported as R0 in the rule core's wording: an
 * argument that is no object of settings, a key that is no setting, a blank or non-string
 * customPatchingSolution (the component writes it as a tag, which Azure does not check), and a value
 * that could not be read at all. A Windows-only setting on Linux, wrong types and values outside an
 * enumeration are the R0 and R1 rules' own (the pack reports them the same way).
 */
function argumentFindings(
    input: unknown,
    read: ComponentPatchingRead,
    prefix: string,
    secrets: ReadonlySet<string>,
    names: readonly PatchSettingName[] = PATCH_SETTING_NAMES,
): Finding[] {
    const finding = (at: PropertyPath, value: unknown, secret: boolean, v: Omit<Violation, "field">) =>
        toFinding(apiTypesAndValues, {
            field: { value, path: at.text, pathKeys: at.keys, explicit: true, ...(secret ? { secret } : {}) },
            ...v,
        });
    if (!read.isObject) {
        // A whole secret argument marks every setting secret.
        const secret = PATCH_SETTING_NAMES.every((name) => secrets.has(name));
        return [
            finding(propertyPath(prefix), input, secret, {
                reason: `${prefix} is not an object of patch settings.`,
                allowed: "an object",
                fix: `write ${prefix} as an object of settings, such as { patchMode: "AutomaticByPlatform" }, or leave it out.`,
            }),
        ];
    }
    // A setting of `patching` that this argument does not take counts as no setting.
    const notTaken = read.written.filter((name) => !names.includes(name));
    const out: Finding[] = [...read.unknownKeys, ...notTaken].map((key) => {
        const secret = secrets.has(key);
        const close = secret ? undefined : closestValue(key, names);
        let value: unknown;
        try {
            value = (input as Record<string, unknown>)[key];
        } catch {
            value = "(unreadable)";
        }
        return finding(propertyPath(prefix, key), value, secret, {
            reason: `${key} is not a patch setting${names === PATCH_SETTING_NAMES ? "" : ` of ${prefix}`}.`,
            allowed: names.join(", "),
            // A suggestion close to a secret key would spell most of it.
            fix: close ? `did you mean "${close}"? Otherwise remove it.` : "remove it.",
        });
    });
    for (const name of names) {
        const field = read.fields[name];
        if (isUnknown(field.value)) {
            out.push(
                toFinding(apiTypesAndValues, {
                    field: { ...field, value: "(unreadable)" },
                    reason: `${name} could not be read (an object that refuses access).`,
                    allowed: "a plain value",
                    fix: `pass ${name}'s value itself.`,
                }),
            );
        }
    }
    const solution = read.fields.customPatchingSolution;
    if (names.includes("customPatchingSolution") && solution.explicit && !isUnknown(solution.value)) {
        const text = solution.value;
        if (typeof text !== "string" || text.trim() === "") {
            out.push(
                toFinding(apiTypesAndValues, {
                    field: solution,
                    raw: solution.raw,
                    reason:
                        typeof text === "string"
                            ? "customPatchingSolution is blank."
                            : "customPatchingSolution is a description, written as a string.",
                    allowed: "a non-empty description",
                    fix: 'say what patches the VM (for example "WSUS, owned by team-x"), or remove customPatchingSolution.',
                }),
            );
        }
    }
    return out;
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
 * Then the whole result goes through the rules; any error rejects it, and every error is reported at
 * once (as the policy pack reports a raw VM).
 *
 * When a written setting is invalid (the wrong type, outside its enumeration, a Windows-only setting
 * on Linux), nothing is derived: the argument is refused anyway, and the settings not written are
 * judged as Azure's defaults, exactly as the pack judges a raw VM with the same settings written. So
 * the same mistakes give the same findings in both, and no derived value (for example hotpatch turned
 * on for a hotpatch image from a mode that was misspelt) adds an error the user never wrote.
 */
export function resolvePatchSettings(input: unknown, target: PatchTarget): ResolveResult {
    const prefix = target.pathPrefix ?? "patching";
    const catalog = target.catalog ?? DEFAULT_IMAGE_CATALOG;
    const secrets = target.secretSettings ?? NO_SECRETS;
    const read = readComponentPatching(input, target.os, prefix, secrets);
    const choices = {
        catalog,
        uniformScaleSetAutomaticPatching: target.scaleSet?.uniformScaleSetAutomaticPatching === true,
    };
    const problems = argumentFindings(input, read, prefix, secrets);
    if (!read.isObject) return { ok: false, findings: problems };
    const given = usableSettings(read, target.os);
    if (read.written.some((name) => given[name] === undefined)) {
        const profile = componentProfile(
            target.os,
            (name) => read.fields[name],
            given.customPatchingSolution,
            target.image,
            prefix,
            secrets,
            target.scaleSet,
        );
        const errors = evaluateProfile(profile, { ...choices, errorsOnly: true }).findings;
        return { ok: false, findings: [...problems, ...errors.filter((f) => f.severity === "error")] };
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
    const written = read.written;
    const profile = target.scaleSet
        ? buildProfileOfSettings(settings, target.image, prefix, new Set(written), secrets, target.scaleSet)
        : profileOfSettings(settings, target.image, prefix, new Set(written), secrets);
    const evaluation = evaluateProfile(profile, choices);
    const errors = evaluation.findings.filter((f) => f.severity === "error");
    if (problems.length > 0 || errors.length > 0) {
        return { ok: false, findings: [...problems, ...errors] };
    }
    return { ok: true, settings, profile, written, evaluation };
}

/** What {@link readRecordedSettings} found: the settings as read, and R0's and R1's findings on them. */
export interface RecordedSettingsRead {
    readonly read: ComponentPatchingRead;
    readonly findings: readonly Finding[];
}

/** The rules that judge what a written value is, not what it chooses: R0 (types, values) and R1 (the OS's modes). */
const VALUE_RULES = [apiTypesAndValues, patchModeOfTheOs] as const;

/**
 * Settings that describe a VM as Azure has it rather than as the user wants it (the components'
 * `existingPatchSettings` for an adopted VM), read by the same reader as `patching` and judged only on
 * what each written value is: R0 (types, enumerations, a Windows-only setting on Linux, a key that is
 * no setting of the argument) and R1 (the OS's patch modes), in the words the pack and `patching` get.
 * The other rules judge choices; these values are what Azure already accepted. `names` are the
 * settings the argument takes (default: those of `patching`); `secrets` names the settings whose
 * values were Pulumi secrets, which messages show as [secret].
 */
export function readRecordedSettings(
    input: unknown,
    os: OsType,
    prefix: string,
    names: readonly PatchSettingName[] = PATCH_SETTING_NAMES,
    secrets: ReadonlySet<string> = NO_SECRETS,
): RecordedSettingsRead {
    const read = readComponentPatching(input, os, prefix, secrets);
    const problems = argumentFindings(input, read, prefix, secrets, names);
    if (!read.isObject) return { read, findings: problems };
    const profile = componentProfile(os, (name) => read.fields[name], undefined, { kind: "none" }, prefix, secrets);
    const ctx = new RuleContext(profile, DEFAULT_IMAGE_CATALOG);
    const judged = runRules(VALUE_RULES, (rule) => rule.check(ctx), profile.source);
    return { read, findings: [...problems, ...judged.findings] };
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
    scaleSet?: ScaleSetContext,
): PatchProfile {
    const field = (name: Exclude<PatchSettingName, "customPatchingSolution">): RawField<unknown> => {
        const at = propertyPath(prefix, name);
        const value = settings[name];
        const secret = secrets.has(name) ? { secret: true } : {};
        return { value, raw: value, path: at.text, pathKeys: at.keys, explicit: written.has(name), ...secret };
    };
    return componentProfile(settings.os, field, settings.customPatchingSolution, image, prefix, secrets, scaleSet);
}

/** A component's patch profile from its settings' fields (read as written, or derived). */
function componentProfile(
    os: OsType,
    fieldOf: (name: Exclude<PatchSettingName, "customPatchingSolution">) => RawField<unknown>,
    customPatchingSolution: string | undefined,
    image: ImageRef,
    prefix: string,
    secrets: ReadonlySet<string>,
    scaleSet?: ScaleSetContext,
): PatchProfile {
    const plain = <T>(value: T, at: PropertyPath, secret = false): Field<T> => ({
        value,
        path: at.text,
        pathKeys: at.keys,
        explicit: true,
        ...(secret ? { secret } : {}),
    });
    const patchMode = fieldOf("patchMode") as RawField<string>;
    const scaleSetFacts = scaleSet
        ? {
              resourceKind: "scaleSet" as const,
              orchestrationMode: scaleSet.orchestrationMode,
              hasApplicationHealthExtension: scaleSet.applicationHealth(patchMode.value),
              automaticOSUpgrade: scaleSet.automaticOSUpgrade,
          }
        : {
              resourceKind: "virtualMachine" as const,
              orchestrationMode: plain(undefined, propertyPath("orchestrationMode")),
              hasApplicationHealthExtension: plain(false, propertyPath("extensions")),
          };
    return {
        source: "component",
        os: plain(os, notAProperty("(component)")),
        patchMode,
        enableAutomaticUpdates: fieldOf("enableAutomaticUpdates") as RawField<boolean>,
        provisionVMAgent: fieldOf("provisionVMAgent") as RawField<boolean>,
        enableHotpatching: fieldOf("enableHotpatching") as RawField<boolean>,
        assessmentMode: fieldOf("assessmentMode") as RawField<string>,
        rebootSetting: fieldOf("rebootSetting") as RawField<string>,
        bypassPlatformSafetyChecksOnUserSchedule: fieldOf(
            "bypassPlatformSafetyChecksOnUserSchedule",
        ) as RawField<boolean>,
        image: plain(image, propertyPath("image"), secrets.has("image")),
        ...scaleSetFacts,
        location: plain(undefined, propertyPath("location")),
        tags: plain(
            customPatchingSolution ? { [CUSTOM_PATCHING_TAG]: customPatchingSolution } : undefined,
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
