/**
 * Reads our components' `patching` argument the way the azure-native reader reads a VM's OS
 * configuration: the same property reader, the same typed fields (a value of the wrong type is kept as
 * `raw` with no `value`), so the same rules (R0, R1 and the rest) judge a setting with the same
 * wording wherever it is written. Only the paths differ: `patching.patchMode` here,
 * `osProfile.windowsConfiguration.patchSettings.patchMode` there.
 */
import type { OsType, RawField } from "../profile";
import { type PropertyPath, PropertyReader, propertyPath } from "./property-reader";

/** The settings of the `patching` argument, in the order the components document them. */
export const PATCH_SETTING_NAMES = [
    "patchMode",
    "enableAutomaticUpdates",
    "provisionVMAgent",
    "enableHotpatching",
    "assessmentMode",
    "rebootSetting",
    "bypassPlatformSafetyChecksOnUserSchedule",
    "customPatchingSolution",
] as const;

export type PatchSettingName = (typeof PATCH_SETTING_NAMES)[number];

/** Settings only a Windows VM has; on Linux, Azure's configuration block has no place for them. */
export const WINDOWS_ONLY_SETTINGS: readonly PatchSettingName[] = ["enableAutomaticUpdates", "enableHotpatching"];

/** The settings that are true or false; the others are strings. */
const BOOLEAN_SETTING_NAMES = [
    "enableAutomaticUpdates",
    "provisionVMAgent",
    "enableHotpatching",
    "bypassPlatformSafetyChecksOnUserSchedule",
] as const satisfies readonly PatchSettingName[];

type BooleanName = (typeof BOOLEAN_SETTING_NAMES)[number];

const BOOLEAN_SETTINGS: ReadonlySet<PatchSettingName> = new Set(BOOLEAN_SETTING_NAMES);

export interface ComponentPatchingRead {
    /** Each setting as written (explicit) or absent, typed as the azure-native reader types it. */
    readonly fields: { readonly [K in PatchSettingName]: RawField<K extends BooleanName ? boolean : string> };
    /** The settings written (present and not null), in the order the user wrote them. */
    readonly written: readonly PatchSettingName[];
    /** Keys of the argument that are no setting (a misspelt `patchMod`), in the order written. */
    readonly unknownKeys: readonly string[];
    /** False when the argument is not an object of settings (a string, a list, a number). */
    readonly isObject: boolean;
}

const KNOWN: ReadonlySet<string> = new Set(PATCH_SETTING_NAMES);

/** Paths per argument name, built once ("patching" nearly always). */
const PATHS = new Map<string, Readonly<Record<PatchSettingName, PropertyPath>>>();

function pathsOf(prefix: string): Readonly<Record<PatchSettingName, PropertyPath>> {
    let paths = PATHS.get(prefix);
    if (!paths) {
        paths = Object.fromEntries(PATCH_SETTING_NAMES.map((name) => [name, propertyPath(prefix, name)])) as Record<
            PatchSettingName,
            PropertyPath
        >;
        if (PATHS.size < 16) PATHS.set(prefix, paths);
    }
    return paths;
}

function ownKeys(input: unknown): string[] | undefined {
    try {
        if (input === null || typeof input !== "object" || Array.isArray(input)) return undefined;
        return Object.keys(input);
    } catch {
        return undefined; // a revoked proxy: nothing can be read from it
    }
}

/**
 * Reads the `patching` argument (undefined or null: nothing written). `secrets` names the settings whose
 * values came from a Pulumi secret: their fields are marked so no message shows them. On Linux a
 * Windows-only setting keeps only its `raw` value: R0 reports it, and no other rule takes it as a value
 * (the azure-native and classic readers never read one there).
 */
export function readComponentPatching(
    input: unknown,
    os: OsType,
    prefix = "patching",
    secrets: ReadonlySet<string> = new Set(),
): ComponentPatchingRead {
    const paths = pathsOf(prefix);
    const none = input === undefined || input === null;
    const keys = none ? [] : ownKeys(input);
    const reader = new PropertyReader(keys ? { [prefix]: input } : {});
    const fields = {} as Record<PatchSettingName, RawField<unknown>>;
    for (const name of PATCH_SETTING_NAMES) {
        const read = BOOLEAN_SETTINGS.has(name) ? reader.boolean(paths[name]) : reader.string(paths[name]);
        const secret = secrets.has(name);
        const field = os === "Linux" && WINDOWS_ONLY_SETTINGS.includes(name) ? { ...read, value: undefined } : read;
        fields[name] = secret ? { ...field, secret } : field;
    }
    const order = keys ?? [];
    const written = PATCH_SETTING_NAMES.filter((name) => fields[name].explicit).sort(
        (a, b) => order.indexOf(a) - order.indexOf(b),
    );
    return {
        fields: fields as ComponentPatchingRead["fields"],
        written,
        unknownKeys: order.filter((key) => !KNOWN.has(key)),
        isObject: none || keys !== undefined,
    };
}
