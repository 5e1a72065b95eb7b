/**
 * Adapter: how the Pulumi engine writes values in a resource's properties on the wire (gRPC Structs, as
 * the dynamic-provider host and a policy pack receive them): the placeholder for a value not known
 * during preview, and the key and signature that wrap a secret.
 *
 * The constants are @pulumi/pulumi's own (`@pulumi/pulumi/runtime/rpc`), never retyped here:
 * test/provider/engine/engine.contract.test.ts checks that the pinned SDK still exports them and still
 * reads them as an unknown and a secret.
 */
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** The engine's placeholder for a value not known until the update (all unknowns travel as this string). */
export const UNKNOWN_VALUE: string = unknownValue;
/** The key that marks a special value (secret, asset...) in the engine's property representation. */
export const SPECIAL_SIG_KEY: string = specialSigKey;
/** The signature of a secret under {@link SPECIAL_SIG_KEY}. */
export const SECRET_SIG: string = specialSecretSig;

/** A value wrapped as the engine sends a secret. */
export function engineSecret(value: unknown): Record<string, unknown> {
    return { [SPECIAL_SIG_KEY]: SECRET_SIG, value };
}

/** True for a value the engine sent as a secret wrapper. */
export function isEngineSecret(value: unknown): value is { value: unknown } {
    return (
        value !== null &&
        typeof value === "object" &&
        (value as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG
    );
}
