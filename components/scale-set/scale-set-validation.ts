/**
 * Validating a scale set's patch settings with the rule core, in two steps that decide nothing
 * themselves:
 * 1. the `patching` argument through `resolvePatchSettings` as a scale set's (its orchestration mode,
 *    upgrade policy and extensions read as the pack reads them): every rule at once, R16 and R20 with
 *    R0 and R1, messages on `patching.*`;
 * 2. once accepted, the scale set the component will register (the derived settings written out) read
 *    by the rule core's azure-native scale-set reader and evaluated: the same reader and rules the
 *    policy pack runs on it, so a derived value the pack would refuse is refused here first.
 * Scale sets have no transition guard: R12 and R13 apply to VMs only.
 */
import {
    AZURE_DEFAULTS,
    type CatalogImage,
    evaluateProfile,
    type Finding,
    type OrchestrationMode,
    type OsType,
    readAzureNativeScaleSet,
    type ScaleSetContext,
} from "../../rules";
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
    /** The patch settings (and "image") whose values came from a Pulumi secret: no message shows them. */
    readonly secretSettings?: ReadonlySet<string>;
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
    if (
        typeof given !== "object" ||
        Array.isArray(given) ||
        (given.patchMode !== undefined && given.patchMode !== null)
    )
        return {};
    if (os === "Windows" && (given.enableAutomaticUpdates === false || automaticOsUpgrade(upgradePolicy))) {
        return { patchMode: "Manual" };
    }
    return { patchMode: AZURE_DEFAULTS.patchMode[os] };
}

/**
 * Marks the values of secret settings inside the view, so the rule core's reader marks their fields
 * secret and no message shows them (resolving the component's Outputs dropped Pulumi's own mark).
 */
const SECRET_VALUE = Symbol("secret setting");

function secretMarks(secrets: ReadonlySet<string> | undefined) {
    return {
        mark: (name: string, value: unknown) => (secrets?.has(name) ? { [SECRET_VALUE]: value } : value),
        unwrapSecret: (value: unknown) =>
            SECRET_VALUE in (value as object)
                ? { secret: true, value: (value as { [SECRET_VALUE]: unknown })[SECRET_VALUE] }
                : undefined,
    };
}

/** The patch-relevant part of the scale set the component registers, in azure-native's shape. */
export function scaleSetView(
    os: OsType,
    orchestrationMode: OrchestrationMode,
    settings: Readonly<Record<string, unknown>>,
    inputs: Pick<ScaleSetInputs, "imageReference" | "upgradePolicy">,
    extensions: readonly unknown[],
    mark: (name: string, value: unknown) => unknown = (_name, value) => value,
): Record<string, unknown> {
    const put = (...names: string[]) =>
        Object.fromEntries(
            names.filter((name) => settings[name] !== undefined).map((name) => [name, mark(name, settings[name])]),
        );
    const patchSettings = {
        ...put("patchMode", "assessmentMode", ...(os === "Windows" ? ["enableHotpatching"] : [])),
        automaticByPlatformSettings: put("rebootSetting", "bypassPlatformSafetyChecksOnUserSchedule"),
    };
    const configuration =
        os === "Windows"
            ? { windowsConfiguration: { ...put("provisionVMAgent", "enableAutomaticUpdates"), patchSettings } }
            : { linuxConfiguration: { ...put("provisionVMAgent"), patchSettings } };
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

/**
 * The scale set's side of the judgement, read by the rule core's azure-native scale-set reader from
 * what the component registers (orchestration mode, upgrade policy, the user's extensions), as the
 * policy pack reads it. The Application Health extension counts when the user has one, or when the
 * component adds one (for AutomaticByPlatform, unless turned off).
 */
function scaleSetContext(inputs: ScaleSetInputs, target: ScaleSetTarget, own: readonly unknown[]): ScaleSetContext {
    const read = readAzureNativeScaleSet(
        scaleSetView(target.os, target.orchestrationMode, {}, inputs, own),
        target.catalog ? { catalog: target.catalog } : {},
    );
    const ownHealth = read.hasApplicationHealthExtension;
    return {
        orchestrationMode: read.orchestrationMode,
        automaticOSUpgrade: read.automaticOSUpgrade ?? { ...ownHealth, value: undefined, explicit: false },
        applicationHealth: (patchMode) =>
            addsApplicationHealth(patchMode, target, own) ? { ...ownHealth, value: true, explicit: true } : ownHealth,
        // The organisation's opt-in to the gated preview: the rule core's own switch (R16), the same one
        // the policy pack's uniformScaleSetAutomaticPatching sets, so the two cannot disagree.
        uniformScaleSetAutomaticPatching: target.orchestrationMode === "Uniform" && target.uniformPreview === true,
    };
}

function addsApplicationHealth(patchMode: unknown, target: ScaleSetTarget, own: readonly unknown[]): boolean {
    return patchMode === "AutomaticByPlatform" && target.applicationHealth !== false && !hasApplicationHealth(own);
}

/**
 * Validates resolved (plain) values: the patching argument judged by the rule core as a scale set's
 * (R16 and R20 with every other rule, in one evaluation, every error at once), messages on
 * `patching.*` for what the user wrote there.
 */
export function validateScaleSet(inputs: ScaleSetInputs, target: ScaleSetTarget): ScaleSetValidationResult {
    const { os, orchestrationMode, catalog } = target;
    const uniform = orchestrationMode === "Uniform";
    const defaults =
        uniform && !target.uniformPreview ? uniformDefaults(os, inputs.patching, inputs.upgradePolicy) : {};
    // The default goes last: it is only there when patchMode is not set, and a `patchMode: undefined`
    // written must not take it away again.
    const patching =
        Object.keys(defaults).length > 0
            ? { ...(inputs.patching as object | undefined), ...defaults }
            : inputs.patching;
    const own = Array.isArray(inputs.extensions) ? (inputs.extensions as unknown[]) : [];
    const resolved = validatePatching(
        os,
        patching,
        inputs.imageReference,
        catalog,
        target.secretSettings,
        scaleSetContext(inputs, target, own),
    );
    if (!resolved.ok) return refused(resolved.findings);
    const { settings } = resolved.value;
    const addHealth = addsApplicationHealth(settings.patchMode, target, own);
    const extensions = addHealth ? [...own, applicationHealthExtension(os, target.applicationHealth || {})] : own;
    // Then the scale set as it will be registered, read and judged as the policy pack will judge it: a
    // derived value is written there, and counts as written (R20 judges a written AutomaticByOS).
    const { mark, unwrapSecret } = secretMarks(target.secretSettings);
    const view = scaleSetView(os, orchestrationMode, { ...settings }, inputs, extensions, mark);
    const registered = evaluateProfile(
        readAzureNativeScaleSet(view, { ...(catalog ? { catalog } : {}), unwrapSecret }),
        {
            ...(catalog ? { catalog } : {}),
            errorsOnly: true,
            uniformScaleSetAutomaticPatching: uniform && target.uniformPreview === true,
        },
    );
    const errors = registered.findings.filter((f) => f.severity === "error");
    if (errors.length > 0) return refused(errors);
    return { ok: true, value: { ...resolved.value, extensions, addedApplicationHealth: addHealth } };
}
