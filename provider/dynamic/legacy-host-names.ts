/**
 * Providers serialized before the host entry existed (development builds of 0.1.0) require
 * `pulumi-azure-vm-patching/provider` and read their handlers from it by name, and `pulumi refresh` and
 * `pulumi destroy` run the provider text stored with each resource. Those three names are answered on
 * the public entry from the host entry, so such stacks keep working, without joining the public
 * surface: they have no type, are not enumerable, and load nothing until the host asks for them.
 */
import type * as host from "../host";

const NAMES_IN_STORED_STATE = [
    "featureRegistrationHandlers",
    "providerRegistrationHandlers",
    "patchAssessmentHandlers",
] as const satisfies readonly (keyof typeof host)[];

/** Define the legacy names on the public entry's exports object. */
export function answerLegacyHostNames(entryExports: object): void {
    for (const name of NAMES_IN_STORED_STATE) {
        Object.defineProperty(entryExports, name, {
            enumerable: false,
            configurable: true,
            get: () => (require("../host") as typeof host)[name],
        });
    }
}
