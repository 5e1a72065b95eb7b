/**
 * What a transition guard stores, and reading stored state of any schema version into the current shape.
 */
import { readStoredVersion } from "../dynamic/stored-state";

/**
 * Bump when the stored shape changes, and teach readStoredGuard to read the earlier one. Version 1 is
 * the shape the guard stored first (state without `schemaVersion` is version 1); version 2 adds
 * `createOnly`, the VM's create-only inputs (R17).
 */
const CURRENT_VERSION = 2;
export const GUARD_STATE_SCHEMA_VERSION = CURRENT_VERSION;

/** What the component hands the guard: the validated settings and how to read them. */
export interface PatchGuardInputs {
    readonly os: "Windows" | "Linux";
    /** The rule core's ImageRef of the VM's image. */
    readonly image: unknown;
    /** The rule core's ResolvedPatchSettings the VM is given. */
    readonly settings: unknown;
    /** The settings the user wrote (the others were derived): only changes how messages describe them. */
    readonly written: readonly string[];
    /** The user accepts replacing the VM when a change cannot be applied in place. */
    readonly allowReplacement: boolean;
    /**
     * The VM's create-only inputs besides the patch settings, by the component argument's name
     * (computerName, adminUsername, imageReference, zones, osDisk.name...): R17 refuses a change.
     * Absent in version-1 state, which recorded none: nothing to compare until the next run records them.
     */
    readonly createOnly?: Readonly<Record<string, unknown>>;
}

/**
 * The guard's state: its inputs plus `generation`, which `check` increases when the VM must be replaced.
 * The VM takes it as its `replacementTrigger`, so a preview shows the VM's replacement with known values.
 */
export interface PatchGuardState extends PatchGuardInputs {
    readonly schemaVersion: number;
    readonly generation: number;
}

/**
 * A guard's stored inputs or state in the current shape. A newer version is refused (an older package
 * would misread it); version 1 needs no change but its version number (it has no `createOnly`, which
 * version 2 reads as "not recorded").
 */
export function readStoredGuard(props: Record<string, unknown>): Record<string, unknown> {
    readStoredVersion(props, "PatchTransitionGuard", CURRENT_VERSION);
    return { ...props, schemaVersion: CURRENT_VERSION };
}
