/**
 * A maintenance configuration as the schedule rules read it (R19), whatever shape it was written in:
 * azure-native `maintenance:MaintenanceConfiguration` (window properties flat, installPatches nested)
 * or the classic `azure:maintenance/configuration:Configuration` (window and installPatches blocks,
 * OS parameters as lists). Each fact is a Field, as in a VM's patch profile, so messages name the
 * property path the user wrote.
 */
import { type Field, isUnknown, type RawField } from "../profile";
import { childPath, PropertyReader, propertyPath, type ReadOptions } from "../readers/property-reader";

export interface MaintenanceConfigurationProfile {
    /** The shape it was read from, for messages ("azure-native MaintenanceConfiguration"). */
    readonly source: string;
    readonly maintenanceScope: RawField<string>;
    /** extensionProperties.InGuestPatchMode (classic: inGuestUserPatchMode, or properties.InGuestPatchMode). */
    readonly inGuestPatchMode: RawField<string>;
    readonly visibility: RawField<string>;
    readonly startDateTime: RawField<string>;
    readonly expirationDateTime: RawField<string>;
    readonly duration: RawField<string>;
    readonly timeZone: RawField<string>;
    readonly recurEvery: RawField<string>;
    readonly installPatches: Field<Readonly<Record<string, unknown>> | undefined>;
    readonly rebootSetting: RawField<string>;
    /** Every Windows classification written, each a field at its own index; UNKNOWN when a list is unknown. */
    readonly windowsClassifications: Field<readonly RawField<string>[] | undefined>;
    readonly linuxClassifications: Field<readonly RawField<string>[] | undefined>;
}

const NATIVE = /^azure-native:maintenance(?:\/v\d{8}(?:preview)?)?:MaintenanceConfiguration$/;
const CLASSIC = "azure:maintenance/configuration:Configuration";

/** Whether the type is a maintenance configuration of either provider (versioned azure-native tokens too). */
export function isMaintenanceConfigurationType(type: string): boolean {
    return type === CLASSIC || NATIVE.test(type);
}

/** The items of the lists at `lists` (several for classic's repeated blocks), each as a field. */
function stringItems(
    reader: PropertyReader,
    lists: readonly string[][],
): Field<readonly RawField<string>[] | undefined> {
    const first = propertyPath(...lists[0]);
    const items: RawField<string>[] = [];
    let explicit = false;
    for (const keys of lists) {
        const path = propertyPath(...keys);
        const list = reader.lookup(path);
        if (!list.present) continue;
        explicit = true;
        if (isUnknown(list.value)) return { value: list.value, path: path.text, pathKeys: path.keys, explicit };
        if (!Array.isArray(list.value)) continue;
        for (let i = 0; i < list.value.length; i++) items.push(reader.string(childPath(path, String(i))));
    }
    return { value: explicit ? items : undefined, path: first.text, pathKeys: first.keys, explicit };
}

/** The indexes of a classic repeated block that are present (windows: [{...}], linuxes: [{...}]). */
function blockIndexes(reader: PropertyReader, keys: string[]): string[][] {
    const block = reader.lookup(propertyPath(...keys));
    const count = Array.isArray(block.value) ? block.value.length : 1;
    return Array.from({ length: Math.max(count, 1) }, (_, i) => [...keys, String(i)]);
}

function readNative(props: unknown, options: ReadOptions): MaintenanceConfigurationProfile {
    const r = new PropertyReader(props, options);
    const p = (...keys: string[]) => propertyPath(...keys);
    return {
        source: "azure-native MaintenanceConfiguration",
        maintenanceScope: r.string(p("maintenanceScope")),
        inGuestPatchMode: r.string(p("extensionProperties", "InGuestPatchMode")),
        visibility: r.string(p("visibility")),
        startDateTime: r.string(p("startDateTime")),
        expirationDateTime: r.string(p("expirationDateTime")),
        duration: r.string(p("duration")),
        timeZone: r.string(p("timeZone")),
        recurEvery: r.string(p("recurEvery")),
        installPatches: r.record(p("installPatches")),
        rebootSetting: r.string(p("installPatches", "rebootSetting")),
        windowsClassifications: stringItems(r, [["installPatches", "windowsParameters", "classificationsToInclude"]]),
        linuxClassifications: stringItems(r, [["installPatches", "linuxParameters", "classificationsToInclude"]]),
    };
}

function readClassic(props: unknown, options: ReadOptions): MaintenanceConfigurationProfile {
    const r = new PropertyReader(props, options);
    const p = (...keys: string[]) => propertyPath(...keys);
    const classifications = (block: string) =>
        stringItems(
            r,
            blockIndexes(r, ["installPatches", block]).map((keys) => [...keys, "classificationsToIncludes"]),
        );
    const windowBlock = r.lookup(p("window"));
    // The bridge takes the window block as an object or a one-item list; read whichever was written.
    const w = (key: string) => (Array.isArray(windowBlock.value) ? p("window", "0", key) : p("window", key));
    const installBlock = r.lookup(p("installPatches"));
    const installPath = Array.isArray(installBlock.value) ? p("installPatches", "0") : p("installPatches");
    return {
        source: "classic maintenance Configuration",
        maintenanceScope: r.string(p("scope")),
        inGuestPatchMode: r.string(p("inGuestUserPatchMode"), p("properties", "InGuestPatchMode")),
        visibility: r.string(p("visibility")),
        startDateTime: r.string(w("startDateTime")),
        expirationDateTime: r.string(w("expirationDateTime")),
        duration: r.string(w("duration")),
        timeZone: r.string(w("timeZone")),
        recurEvery: r.string(w("recurEvery")),
        installPatches: r.record(installPath),
        rebootSetting: r.string(childPath(installPath, "reboot")),
        windowsClassifications: classifications("windows"),
        linuxClassifications: classifications("linuxes"),
    };
}

/** The configuration's facts, or undefined for another type. */
export function readMaintenanceConfiguration(
    type: string,
    props: unknown,
    options: ReadOptions = {},
): MaintenanceConfigurationProfile | undefined {
    if (NATIVE.test(type)) return readNative(props, options);
    if (type === CLASSIC) return readClassic(props, options);
    return undefined;
}

/** The values an azure-native configuration is read from, for a component building one (PatchSchedule). */
export const GUEST_PATCH_SCOPE = "InGuestPatch";
export const USER_PATCH_MODE = "User";
