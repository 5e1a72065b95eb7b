/**
 * One read of a resource's patch profile serves both policies of one Analyze call.
 *
 * The policy SDK runs a resource's policies one after the other within one Analyze call, each with its
 * own copy of the properties; between them it only awaits already-settled promises, so they run in the
 * same macrotask. The settings policy (first) reads the profile and leaves it here under the URN; the
 * recommendations policy (second) takes it, once. Whatever is not taken is dropped at the end of the
 * macrotask (setImmediate). The engine never analyses one URN twice at once, so a profile can only be
 * found by the call that read it: never by a later preview, nor after the pack is reconfigured.
 */
import type { CatalogImage, PatchProfile } from "pulumi-azure-vm-patching";

interface Entry {
    readonly type: string;
    readonly catalog: readonly CatalogImage[];
    readonly profile: PatchProfile | undefined;
}

const entries = new Map<string, Entry>();
let clearScheduled = false;

function scheduleClear(): void {
    if (clearScheduled) return;
    clearScheduled = true;
    setImmediate(() => {
        entries.clear();
        clearScheduled = false;
    });
}

/** Reads a profile and leaves it for the next policy of the same Analyze call. */
export function readAndShare(
    urn: string | undefined,
    type: string,
    catalog: readonly CatalogImage[],
    read: () => PatchProfile | undefined,
): PatchProfile | undefined {
    const profile = read();
    if (urn) {
        entries.set(urn, { type, catalog, profile });
        scheduleClear();
    }
    return profile;
}

/** Takes the profile the previous policy of this Analyze call read, or reads it. */
export function takeShared(
    urn: string | undefined,
    type: string,
    catalog: readonly CatalogImage[],
    read: () => PatchProfile | undefined,
): PatchProfile | undefined {
    const hit = urn ? entries.get(urn) : undefined;
    if (!hit) return read();
    entries.delete(urn as string);
    return hit.type === type && hit.catalog === catalog ? hit.profile : read();
}
