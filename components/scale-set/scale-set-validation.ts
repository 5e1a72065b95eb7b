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
    readAzureNativeScaleSet,
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
    if (typeof given !== "object" || Array.isArray(given) || given.patchMode !== undefined) return {};
    if (os === "Windows" && (given.enableAutomaticUpdates === false || automaticOsUpgrade(upgradePolicy))) {
        return { patchMode: "Manual" };
    }
    return { patchMode: AZURE_DEFAULTS.patchMode[os] };
}

/**
 * Marks a value as a secret inside the view, so the rule core's reader marks its field secret and no
 * message shows it (the component resolves its Outputs first, which drops Pulumi's own mark).
 */
const SECRET_VALUE = Symbol("secret setting");

function secretAware(secrets: ReadonlySet<string>) {
    return {
        mark: (name: string, value: unknown) =>
            value !== undefined && secrets.has(name) ? { [SECRET_VALUE]: value } : value,
        unwrapSecret: (value: unknown) =>
            SECRET_VALUE in (value as object)
                ? { secret: true, value: (value as { [SECRET_VALUE]: unknown })[SECRET_VALUE] }
                : undefined,
    };
}

/**
 * The patch-relevant part of the scale set the component registers, in azure-native's shape: the
 * resolved settings, or, when the argument is refused, the settings as written (nothing derived, as
 * resolvePatchSettings judges them then). `mark` wraps the values of secret settings.
 */
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

/** The settings object written, when it is one (the rule core reports any other argument). */
function writtenSettings(patching: unknown): Readonly<Record<string, unknown>> {
    return patching !== null && typeof patching === "object" && !Array.isArray(patching)
        ? (patching as Record<string, unknown>)
        : {};
}

/**
 * Validates resolved (plain) values: the rule core's verdict on the patching argument, then on the
 * scale set. Both run even when the first refuses, so every error is reported at once (R16 and R20
 * with an R0 or R1), as the policy pack reports a raw scale set; a rule the first already reported for
 * a setting is not repeated at the scale set's path.
 */
export function validateScaleSet(inputs: ScaleSetInputs, target: ScaleSetTarget): ScaleSetValidationResult {
    const { os, orchestrationMode, catalog } = target;
    const secrets = target.secretSettings ?? new Set<string>();
    const uniform = orchestrationMode === "Uniform";
    const defaults =
        uniform && !target.uniformPreview ? uniformDefaults(os, inputs.patching, inputs.upgradePolicy) : {};
    const patching =
        Object.keys(defaults).length > 0
            ? { ...defaults, ...(inputs.patching as object | undefined) }
            : inputs.patching;
    const resolved = validatePatching(os, patching, inputs.imageReference, catalog, secrets);
    // Refused with a written value invalid: the settings as written, nothing derived (as
    // resolvePatchSettings judges them then, and as the pack reads a raw scale set).
    const settings: Readonly<Record<string, unknown>> = resolved.ok
        ? { ...resolved.value.settings }
        : { ...(resolved.derived ?? writtenSettings(patching)) };

    const given = Array.isArray(inputs.extensions) ? (inputs.extensions as unknown[]) : [];
    const addHealth =
        settings.patchMode === "AutomaticByPlatform" &&
        target.applicationHealth !== false &&
        !hasApplicationHealth(given);
    const extensions = addHealth ? [...given, applicationHealthExtension(os, target.applicationHealth || {})] : given;

    const { mark, unwrapSecret } = secretAware(secrets);
    const view = scaleSetView(os, orchestrationMode, settings, inputs, extensions, mark);
    const evaluation = evaluateProfile(
        readAzureNativeScaleSet(view, { ...(catalog ? { catalog } : {}), unwrapSecret }),
        {
            ...(catalog ? { catalog } : {}),
            errorsOnly: true,
            // The organisation's opt-in to the gated preview: the rule core's own switch (R16), the same one
            // the policy pack's uniformScaleSetAutomaticPatching sets, so the two cannot disagree.
            uniformScaleSetAutomaticPatching: uniform && target.uniformPreview === true,
        },
    );
    const first = resolved.ok ? [] : resolved.findings;
    const reported = new Set(first.map((f) => `${f.ruleId} ${f.pathKeys.at(-1)}`));
    const errors = evaluation.findings.filter(
        (f) => f.severity === "error" && !reported.has(`${f.ruleId} ${f.pathKeys.at(-1)}`),
    );
    if (!resolved.ok || errors.length > 0) return refused([...first, ...errors]);
    return { ok: true, value: { ...resolved.value, extensions, addedApplicationHealth: addHealth } };
}
