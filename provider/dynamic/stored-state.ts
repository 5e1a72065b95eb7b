/**
 * Schema versions of the state a dynamic provider stores. Each family keeps its own current version
 * (the shape is the family's); how a stored version is read and refused is the same for all of them.
 */

/**
 * The schema version of stored state, checked against the version this code writes. Version 1 is the
 * first, and state without a version is version 1 (what every family wrote before it had one). A newer
 * version means an older library reads newer state: refused, so it is never misread.
 */
export function readStoredVersion(props: Record<string, unknown>, what: string, currentVersion: number): number {
    const version = props.schemaVersion === undefined ? 1 : Number(props.schemaVersion);
    if (!Number.isInteger(version) || version < 1) {
        throw new Error(`${what}: stored schemaVersion ${JSON.stringify(props.schemaVersion)} is not valid.`);
    }
    if (version > currentVersion) {
        throw new Error(
            `${what}: the state was written by a newer pulumi-azure-vm-patching (schema version ${version}; this one reads up to ${currentVersion}). Upgrade the package in this stack's project.`,
        );
    }
    return version;
}
