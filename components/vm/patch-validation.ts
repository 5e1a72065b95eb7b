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
    PATCH_SETTING_NAMES,
    type ResolvedPatchSettings,
    readAzureNativeImage,
    resolvePatchSettings,
    type ScaleSetContext,
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
    | {
          readonly ok: false;
          readonly findings: readonly Finding[];
          readonly message: string;
      };

/** The image an azure-native `imageReference` names, read as the policy pack reads a raw VM. */
export function imageRefOf(imageReference: unknown): ImageRef {
    const image = readAzureNativeImage(imageReference).value;
    // Only plain values reach here; an unknown would be a caller's bug, and "none" is the safe reading.
    return isUnknown(image) ? { kind: "none" } : image;
}

/** Validates resolved (plain) values: the rule core's verdict, its messages joined one per line. */
export function validatePatching(
    os: OsType,
    patching: unknown,
    imageReference: unknown,
    catalog?: readonly CatalogImage[],
    secretSettings?: ReadonlySet<string>,
    scaleSet?: ScaleSetContext,
): ValidationResult {
    const image = imageRefOf(imageReference);
    const result = resolvePatchSettings(patching, {
        os,
        image,
        pathPrefix: "patching",
        ...(catalog ? { catalog } : {}),
        ...(secretSettings ? { secretSettings } : {}),
        ...(scaleSet ? { scaleSet } : {}),
    });
    if (!result.ok) {
        return {
            ok: false,
            findings: result.findings,
            message: result.findings.map((f) => f.message).join("\n"),
        };
    }
    const warnings = result.evaluation.findings.filter((f) => f.severity === "warning");
    return { ok: true, value: { settings: result.settings, image, written: result.written, warnings } };
}

/**
 * The patch settings (and "image") whose values are Pulumi secrets. A component resolves its Outputs
 * before the rule core sees them, which drops the secret mark; this keeps it, so messages show
 * [secret] where the policy pack would.
 */
export async function secretSettingsOf(patching: unknown, imageReference: unknown): Promise<string[]> {
    const secrets = new Set<string>();
    const secret = async (value: unknown) => pulumi.Output.isInstance(value) && (await pulumi.isSecret(value));
    if (await secret(imageReference)) secrets.add("image");
    else if (imageReference !== null && typeof imageReference === "object") {
        for (const value of Object.values(imageReference)) if (await secret(value)) secrets.add("image");
    }
    if (await secret(patching)) {
        // Every setting is hidden, written or not: which ones were written is not known here.
        for (const key of PATCH_SETTING_NAMES) secrets.add(key);
    } else if (patching !== null && typeof patching === "object" && !pulumi.Output.isInstance(patching)) {
        for (const [key, value] of Object.entries(patching)) if (await secret(value)) secrets.add(key);
    }
    // An array: pulumi.output would turn a Set into an empty object.
    return [...secrets];
}

/** Validated settings, as a plain value (validated at construction) or an Output (validated when known). */
export type Validated = ValidatedPatching | pulumi.Output<ValidatedPatching>;

/** A value derived from the validated settings: plain when they are, else an Output. */
export function derive<T>(validated: Validated, f: (value: ValidatedPatching) => T): pulumi.Input<T> {
    return pulumi.Output.isInstance(validated) ? validated.apply(f) : f(validated);
}
