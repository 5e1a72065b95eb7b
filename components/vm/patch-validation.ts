/**
 * Validating a component's patch settings with the rule core, once their values are known: right away
 * when they are plain values, or when their Outputs resolve. Nothing here decides a rule: it reads the
 * image the way the policy pack does and calls `resolvePatchSettings`.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    type CatalogImage,
    type Finding,
    type ImageRef,
    isUnknown,
    type OsType,
    type ResolvedPatchSettings,
    readAzureNativeVirtualMachine,
    resolvePatchSettings,
} from "../../rules";

/** Validated settings and what the VM and the guard are built from. */
export interface ValidatedPatching {
    readonly settings: ResolvedPatchSettings;
    readonly image: ImageRef;
    /** The settings the user wrote (the others were derived). */
    readonly written: readonly string[];
    /** Recommendations (W1-W4) that apply: logged as warnings, never errors. */
    readonly warnings: readonly Finding[];
}

export type ValidationResult =
    | { readonly ok: true; readonly value: ValidatedPatching }
    | { readonly ok: false; readonly findings: readonly Finding[]; readonly message: string };

/** The image an azure-native `imageReference` names, read as the policy pack reads a raw VM. */
export function imageRefOf(imageReference: unknown): ImageRef {
    const image = readAzureNativeVirtualMachine({ storageProfile: { imageReference } }).image.value;
    // Only plain values reach here; an unknown would be a caller's bug, and "none" is the safe reading.
    return isUnknown(image) ? { kind: "none" } : image;
}

/** Validates resolved (plain) values: the rule core's verdict, its messages joined one per line. */
export function validatePatching(
    os: OsType,
    patching: unknown,
    imageReference: unknown,
    catalog?: readonly CatalogImage[],
): ValidationResult {
    const image = imageRefOf(imageReference);
    const result = resolvePatchSettings(patching, {
        os,
        image,
        pathPrefix: "patching",
        ...(catalog ? { catalog } : {}),
    });
    if (!result.ok) {
        return { ok: false, findings: result.findings, message: result.findings.map((f) => f.message).join("\n") };
    }
    const written =
        patching !== null && typeof patching === "object"
            ? Object.keys(patching).filter((key) => (patching as Record<string, unknown>)[key] !== undefined)
            : [];
    const warnings = result.evaluation.findings.filter((f) => f.severity === "warning");
    return { ok: true, value: { settings: result.settings, image, written, warnings } };
}

/** Validated settings, as a plain value (validated at construction) or an Output (validated when known). */
export type Validated = ValidatedPatching | pulumi.Output<ValidatedPatching>;

/** A value derived from the validated settings: plain when they are, else an Output. */
export function derive<T>(validated: Validated, f: (value: ValidatedPatching) => T): pulumi.Input<T> {
    return pulumi.Output.isInstance(validated) ? validated.apply(f) : f(validated);
}
