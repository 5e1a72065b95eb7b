/**
 * Validating a scale set's patch settings with the rule core, in two steps that decide nothing
 * themselves:
 * 1. the `patching` argument through `resolvePatchSettings`, as the VM components do (defaults derived
 *    from the image, messages on `patching.*`);
 * 2. the scale set the component will register (orchestration mode, upgrade policy, extensions and the
 *    resolved settings) read by the rule core's azure-native scale-set reader and evaluated: the same
 *    reader and rules the policy pack runs on any scale set, so the component and the pack cannot
 *    disagree (R16, R20 and every other rule that looks at scale sets).
 * Scale sets have no transition guard: R12 and R13 apply to VMs only.
 */
import {
    AZURE_DEFAULTS,
    type CatalogImage,
    evaluateProfile,
    type Finding,
    type OrchestrationMode,
    type OsType,
    type ResolvedPatchSettings,
    readAzureNativeScaleSet,
} from "../../rules";
import { patchSettingsBlock } from "../vm/os-configuration";
import { type ValidatedPatching, validatePatching } from "../vm/patch-validation";
import { applicationHealthExtension, hasApplicationHealth } from "./application-health";
import type { ApplicationHealthArgs } from "./args";

/** What decides the scale set's patching, each resolved to a plain value. */
export interface ScaleSetInputs {
    readonly patching: unknown;
    readonly imageReference: unknown;
    readonly upgradePolicy: unknown;
    readonly extensions: unknown;
}

export interface ScaleSetTarget {
    readonly os: OsType;
    readonly orchestrationMode: OrchestrationMode;
    /** The organisation opted in to the gated preview of AutomaticByPlatform on Uniform scale sets. */
    readonly uniformPreview: boolean;
    readonly applicationHealth?: ApplicationHealthArgs | false;
    readonly catalog?: readonly CatalogImage[];
}

export interface ValidatedScaleSet extends ValidatedPatching {
    /** The instances' extensions: the user's, plus the Application Health extension when it was added. */
    readonly extensions: readonly unknown[];
    readonly addedApplicationHealth: boolean;
}

export type ScaleSetValidationResult =
    | { readonly ok: true; readonly value: ValidatedScaleSet }
    | { readonly ok: false; readonly findings: readonly Finding[]; readonly message: string };

/** azure-native's `upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade`, when written true. */
export function automaticOsUpgrade(upgradePolicy: unknown): boolean {
    const policy = (upgradePolicy as { automaticOSUpgradePolicy?: { enableAutomaticOSUpgrade?: unknown } } | undefined)
        ?.automaticOSUpgradePolicy;
    return policy?.enableAutomaticOSUpgrade === true;
}

/**
 * The patch mode a Uniform scale set gets when none is written and the organisation has not opted in
 * to the preview: the OS's default, since Uniform has no automatic guest patching (R16); on Windows
 * with automatic OS image upgrade, Manual, since enableAutomaticUpdates must then be false (R20).
 */
function uniformDefaults(os: OsType, patching: unknown, upgradePolicy: unknown): Record<string, unknown> {
    const given = (patching ?? {}) as Record<string, unknown>;
    if (typeof given !== "object" || Array.isArray(given) || given.patchMode !== undefined) return {};
    if (os === "Windows" && (given.enableAutomaticUpdates === false || automaticOsUpgrade(upgradePolicy))) {
        return { patchMode: "Manual" };
    }
    return { patchMode: AZURE_DEFAULTS.patchMode[os] };
}

/** The patch-relevant part of the scale set the component registers, in azure-native's shape. */
export function scaleSetView(
    os: OsType,
    orchestrationMode: OrchestrationMode,
    settings: ResolvedPatchSettings,
    inputs: Pick<ScaleSetInputs, "imageReference" | "upgradePolicy">,
    extensions: readonly unknown[],
): Record<string, unknown> {
    const configuration =
        os === "Windows"
            ? {
                  windowsConfiguration: {
                      provisionVMAgent: settings.provisionVMAgent,
                      enableAutomaticUpdates: settings.enableAutomaticUpdates,
                      patchSettings: patchSettingsBlock(settings),
                  },
              }
            : {
                  linuxConfiguration: {
                      provisionVMAgent: settings.provisionVMAgent,
                      patchSettings: patchSettingsBlock(settings),
                  },
              };
    return {
        orchestrationMode,
        ...(inputs.upgradePolicy !== undefined ? { upgradePolicy: inputs.upgradePolicy } : {}),
        virtualMachineProfile: {
            storageProfile: { imageReference: inputs.imageReference },
            osProfile: configuration,
            extensionProfile: { extensions: [...extensions] },
        },
    };
}

function refused(findings: readonly Finding[]): ScaleSetValidationResult {
    return { ok: false, findings, message: findings.map((f) => f.message).join("\n") };
}

/** Validates resolved (plain) values: the rule core's verdict on the patching argument, then on the scale set. */
export function validateScaleSet(inputs: ScaleSetInputs, target: ScaleSetTarget): ScaleSetValidationResult {
    const { os, orchestrationMode, catalog } = target;
    const uniform = orchestrationMode === "Uniform";
    const defaults =
        uniform && !target.uniformPreview ? uniformDefaults(os, inputs.patching, inputs.upgradePolicy) : {};
    const patching =
        Object.keys(defaults).length > 0
            ? { ...defaults, ...(inputs.patching as object | undefined) }
            : inputs.patching;
    const resolved = validatePatching(os, patching, inputs.imageReference, catalog);
    if (!resolved.ok) return refused(resolved.findings);
    const { settings } = resolved.value;

    const given = Array.isArray(inputs.extensions) ? (inputs.extensions as unknown[]) : [];
    const addHealth =
        settings.patchMode === "AutomaticByPlatform" &&
        target.applicationHealth !== false &&
        !hasApplicationHealth(given);
    const extensions = addHealth ? [...given, applicationHealthExtension(os, target.applicationHealth || {})] : given;

    const view = scaleSetView(os, orchestrationMode, settings, inputs, extensions);
    const evaluation = evaluateProfile(readAzureNativeScaleSet(view, catalog ? { catalog } : {}), {
        ...(catalog ? { catalog } : {}),
        errorsOnly: true,
        // The organisation's opt-in to the gated preview: the rule core's own switch (R16), the same one
        // the policy pack's uniformScaleSetAutomaticPatching sets, so the two cannot disagree.
        uniformScaleSetAutomaticPatching: uniform && target.uniformPreview === true,
    });
    const errors = evaluation.findings.filter((f) => f.severity === "error");
    if (errors.length > 0) return refused(errors);
    return { ok: true, value: { ...resolved.value, extensions, addedApplicationHealth: addHealth } };
}
