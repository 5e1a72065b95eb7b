/**
 * The canonical patch profile: every patch-relevant fact about one VM or scale set, whatever shape the
 * user wrote it in (azure-native, classic `@pulumi/azure`, or our components' `patching` argument).
 *
 * Each fact is a {@link Field}: the value (or {@link UNKNOWN} during preview), where the user wrote it
 * (so messages name the property path as the user knows it), and whether it was written at all or is
 * Azure's default. Rules read the profile and nothing else, so one rule serves every input shape.
 */

/**
 * The value of a property that cannot be known yet (a Pulumi preview value computed from another
 * resource). Readers turn every representation of an unknown into this one symbol; rules never guess.
 */
export const UNKNOWN: unique symbol = Symbol.for("pulumi-azure-vm-patching/unknown");
export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

export type OsType = "Windows" | "Linux";

/** A reference to the image a VM boots from. */
export type ImageRef =
    | { kind: "platform"; publisher: string; offer: string; sku: string; version?: string }
    /** A gallery, managed or shared image given by resource id: never in the platform catalog. */
    | { kind: "custom"; id: string }
    /** No image given (for example a VM attached to an existing OS disk): its origin cannot be checked. */
    | { kind: "none" };

export type OrchestrationMode = "Uniform" | "Flexible";

/** Which resource a profile describes; rules such as R16 only apply to some. */
export type ResourceKind = "virtualMachine" | "scaleSet";

/**
 * Where a value is: the property's keys in the shape the user wrote, and how messages show them. Built
 * once per shape (readers) and shared by every field read there.
 */
export interface PropertyPath {
    readonly keys: readonly string[];
    /** The keys joined with "." (or a label such as "(resource type)" for a place that is no property). */
    readonly text: string;
}

export function propertyPath(...keys: string[]): PropertyPath {
    // Frozen: fields and findings share these keys (rules/profile-key.ts names a frozen path by an id).
    return { keys: Object.freeze(keys), text: keys.join(".") };
}

/** The path of a property below another: `childPath(imageReference, "sku")`. */
export function childPath(parent: PropertyPath, ...keys: string[]): PropertyPath {
    return propertyPath(...parent.keys, ...keys);
}

/** A place that is no property of the resource (its type, the component itself): no keys, a label. */
export function notAProperty(label: string): PropertyPath {
    return { keys: Object.freeze([]), text: label };
}

export interface Field<T> {
    /** The value, {@link UNKNOWN} during preview, or the raw input when it is not of the expected type. */
    readonly value: T | Unknown;
    /**
     * The property's keys as the user's shape has them, e.g. ["osProfile", "windowsConfiguration",
     * "patchSettings", "patchMode"]: what code that changes or points at the property uses.
     */
    readonly pathKeys: readonly string[];
    /** The keys as messages show them (`PropertyPath.text`): `osProfile.windowsConfiguration.patchSettings.patchMode`. */
    readonly path: string;
    /** False when the user did not write the property and the value is Azure's default. */
    readonly explicit: boolean;
    /** True when the value came from a Pulumi secret: messages must not show it. */
    readonly secret?: boolean;
    /**
     * Who supplies the value when the user did not write it, when that is not Azure: the classic
     * provider sends hotpatchingEnabled=false itself, which Azure then cannot default.
     */
    readonly defaultBy?: string;
}

/**
 * Field whose written value may be of the wrong type (a number where Azure wants a string): `value` holds
 * the expected type when it is one, and `raw` what was written. R0 reports the mismatch; other rules only
 * look at `value`.
 */
export interface RawField<T> extends Field<T | undefined> {
    readonly raw: unknown;
}

export interface PatchProfile {
    readonly resourceKind: ResourceKind;
    /** The shape the profile was read from, for messages ("azure-native VirtualMachine"). */
    readonly source: string;
    /** Compute API version pinned by the resource type, when the user chose one explicitly (R15). */
    readonly apiVersion?: string;
    readonly os: Field<OsType | undefined>;
    /** Raw string as written: R1 checks it against the OS's modes. Absent: the OS's default mode. */
    readonly patchMode: RawField<string>;
    /** Windows only; Linux has no such property (undefined). */
    readonly enableAutomaticUpdates: RawField<boolean>;
    readonly provisionVMAgent: RawField<boolean>;
    /** undefined when absent: Azure then turns hotpatch on for hotpatch-capable Core images. */
    readonly enableHotpatching: RawField<boolean>;
    readonly assessmentMode: RawField<string>;
    readonly rebootSetting: RawField<string>;
    readonly bypassPlatformSafetyChecksOnUserSchedule: RawField<boolean>;
    readonly image: Field<ImageRef>;
    /** Scale sets only. */
    readonly orchestrationMode: Field<OrchestrationMode | undefined>;
    /** Scale sets only: whether an Application Health extension is in the extension profile (R16). */
    readonly hasApplicationHealthExtension: Field<boolean>;
    readonly location: Field<string | undefined>;
    /**
     * Scale sets only: upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade (R20). Absent
     * from profiles that cannot have it (VMs, the components).
     */
    readonly automaticOSUpgrade?: Field<boolean | undefined>;
    /**
     * The VM's create-only inputs besides the patch settings (computerName, adminUsername, image, zones,
     * vmName, OS disk name...), by property path: R17 compares them between the stack and this run.
     * Only the transition guard knows them; absent elsewhere.
     */
    readonly createOnlyInputs?: Field<Readonly<Record<string, unknown>> | undefined> & {
        /**
         * Inputs whose values are never shown, even when the record is not a secret: the guard compares
         * the admin password by a salted digest, and a message names only the property.
         */
        readonly secretKeys?: readonly string[];
    };
    /** The resource's tags (W4 reads the custom-patching tag). */
    readonly tags: Field<Readonly<Record<string, unknown>> | undefined>;
}

/**
 * Azure's values when a property is absent: the Compute REST spec's descriptions and Microsoft's guest
 * patching article (SOURCES.restVirtualMachine, SOURCES.patchModes).
 */
export const AZURE_DEFAULTS = {
    patchMode: { Windows: "AutomaticByOS", Linux: "ImageDefault" } as const satisfies Record<OsType, string>,
    enableAutomaticUpdates: true,
    provisionVMAgent: true,
    assessmentMode: "ImageDefault",
    bypassPlatformSafetyChecksOnUserSchedule: false,
} as const;

/** The patch modes each OS accepts (R1). */
export const PATCH_MODES = {
    Windows: ["Manual", "AutomaticByOS", "AutomaticByPlatform"],
    Linux: ["ImageDefault", "AutomaticByPlatform"],
} as const satisfies Record<OsType, readonly string[]>;

export type WindowsPatchMode = (typeof PATCH_MODES.Windows)[number];
export type LinuxPatchMode = (typeof PATCH_MODES.Linux)[number];
export type PatchMode = WindowsPatchMode | LinuxPatchMode;

export const ASSESSMENT_MODES = ["ImageDefault", "AutomaticByPlatform"] as const;
export type AssessmentMode = (typeof ASSESSMENT_MODES)[number];

export const REBOOT_SETTINGS = ["IfRequired", "Never", "Always"] as const;
export type RebootSetting = (typeof REBOOT_SETTINGS)[number];

/**
 * The patch mode in effect: the written one if it is a string, else the OS's default. undefined when the
 * OS is not known, or when the mode was written with the wrong type (R0 reports it; no rule may assume
 * the default instead).
 */
export function effectivePatchMode(profile: PatchProfile): string | Unknown | undefined {
    const mode = profile.patchMode.value;
    if (mode !== undefined) return mode;
    if (profile.patchMode.raw !== undefined) return undefined;
    const os = profile.os.value;
    if (isUnknown(os)) return UNKNOWN;
    return os === undefined ? undefined : AZURE_DEFAULTS.patchMode[os];
}
