/**
 * What the Windows and Linux scale-set components share: validate the patch settings and the scale set
 * with the rule core (scale-set-validation.ts), add the Application Health extension when
 * AutomaticByPlatform needs it, register the gated preview feature when the organisation opted in to
 * AutomaticByPlatform on Uniform, and create the azure-native scale set with the validated settings only.
 * No transition guard: on a scale set Azure applies enableAutomaticUpdates and patch-mode changes to
 * instances as they are reimaged (R12 and R13 are VM rules). No schedule: a `schedule` is refused
 * (R18, schedule-refusal.ts).
 */
import * as compute from "@pulumi/azure-native/compute";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { PreviewFeatureRegistrations } from "../../provider/features";
import {
    CUSTOM_PATCHING_TAG,
    type Finding,
    type OrchestrationMode,
    type OsType,
    type ResolvedPatchSettings,
} from "../../rules";
import { childOptionsError, unsupportedChildOptions, withChildOptions } from "../child-options";
import { refusalCollector } from "../refusal-collector";
import { patchingTags } from "../vm/os-configuration";
import { secretSettingsOf } from "../vm/patch-validation";
import { ComponentArgumentError } from "../vm/patched-virtual-machine";
import { combine, isPlain } from "../vm/plain-inputs";
import type { PatchedVirtualMachineScaleSetArgs } from "./args";
import { type ValidatedScaleSet, validateScaleSet } from "./scale-set-validation";
import { scaleSetScheduleRefusal } from "./schedule-refusal";

/** The preview feature that gates AutomaticByPlatform on Uniform scale sets (Microsoft.Compute). */
export const UNIFORM_PATCHING_PREVIEW_FEATURE = "InGuestAutoPatchVmssUniformPreview";

/** Validated settings, plain (validated at construction) or an Output (validated when known). */
type Validated = ValidatedScaleSet | pulumi.Output<ValidatedScaleSet>;

function derive<T>(validated: Validated, f: (value: ValidatedScaleSet) => T): pulumi.Input<T> {
    return pulumi.Output.isInstance(validated) ? validated.apply(f) : f(validated);
}

/** A value of the validated settings: plain when they are, else an Output. */
export function fromSettings<T>(
    settings: pulumi.Input<ResolvedPatchSettings>,
    f: (settings: ResolvedPatchSettings) => T,
): pulumi.Input<T> {
    return pulumi.Output.isInstance(settings) ? settings.apply(f) : f(settings as ResolvedPatchSettings);
}

/** What a subclass tells the base about its OS. */
export interface ScaleSetOsSpec {
    readonly os: OsType;
    /** The instances' `osProfile`, its patch fields derived from the validated settings. */
    osProfile(
        settings: pulumi.Input<ResolvedPatchSettings>,
    ): pulumi.Input<inputs.compute.VirtualMachineScaleSetOSProfileArgs>;
    /** An OS-specific argument error (a missing credential), reported before anything is registered. */
    readonly argumentError?: string;
}

const DEFAULT_OS_DISK = { createOption: "FromImage", managedDisk: { storageAccountType: "StandardSSD_LRS" } } as const;
const DEFAULT_CAPACITY = 2;
/** Flexible scale sets need a network API version on their network profile (azure-native/Azure refuse none). */
const FLEXIBLE_NETWORK_API_VERSION = "2020-11-01";

export abstract class PatchedVirtualMachineScaleSet extends pulumi.ComponentResource {
    /** The azure-native scale set. */
    public readonly scaleSet: compute.VirtualMachineScaleSet;
    /** The registration of the gated preview feature, when the organisation opted in (Uniform + AutomaticByPlatform). */
    public readonly previewFeatures?: PreviewFeatureRegistrations;
    /** Flexible or Uniform. */
    public readonly orchestrationMode: OrchestrationMode;
    /** Every effective patch setting (the rule core's ResolvedPatchSettings). */
    public readonly patchSettings: pulumi.Output<ResolvedPatchSettings>;
    /** The effective patch mode. */
    public readonly patchMode: pulumi.Output<string>;
    /** Whether the component added the Application Health extension. */
    public readonly addedApplicationHealth: pulumi.Output<boolean>;

    protected constructor(
        type: string,
        name: string,
        args: PatchedVirtualMachineScaleSetArgs,
        spec: ScaleSetOsSpec,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(type, name, {}, opts);
        this.orchestrationMode = args.orchestrationMode ?? "Flexible";
        const uniform = this.orchestrationMode === "Uniform";
        let validated: Validated;
        try {
            if (spec.argumentError) this.fail(spec.argumentError);
            // A schedule first: whatever the rest, Update Manager does not patch scale sets on one (R18).
            const schedule = scaleSetScheduleRefusal(spec.os, this.orchestrationMode, args);
            if (schedule) this.fail(schedule.message, schedule.findings);
            this.checkArgs(args);
            validated = this.validate(spec.os, args);
        } catch (error) {
            // As the VM components: a host collecting refusals has the error; nothing built on it registers.
            if (!(error instanceof ComponentArgumentError) || !refusalCollector()) throw error;
            validated = pulumi.output(Promise.reject(error)) as pulumi.Output<ValidatedScaleSet>;
        }

        // The gated preview is registered only where it is used: Uniform, opted in, AutomaticByPlatform
        // (or a patch mode not known yet, so the scale set cannot be created before the feature).
        const preview = args.uniformPatchingPreview;
        if (
            uniform &&
            preview !== undefined &&
            (pulumi.Output.isInstance(validated) || validated.settings.patchMode === "AutomaticByPlatform")
        ) {
            // Loaded only here: the feature provider brings the Azure SDK, which most scale sets never need.
            const features: typeof import("../../provider/features") = require("../../provider/features");
            const { timeouts, ...connection } = preview;
            this.previewFeatures = new features.PreviewFeatureRegistrations(
                `${name}-uniform-patching-preview`,
                { ...connection, features: [UNIFORM_PATCHING_PREVIEW_FEATURE], ...(timeouts ? { timeouts } : {}) },
                { parent: this },
            );
        }

        const settings = derive(validated, (v) => v.settings);
        const extensions = derive(validated, (v) => [...v.extensions]) as pulumi.Input<
            pulumi.Input<inputs.compute.VirtualMachineScaleSetExtensionArgs>[]
        >;
        this.scaleSet = new compute.VirtualMachineScaleSet(
            name,
            {
                ...args.virtualMachineScaleSetArgs,
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                vmScaleSetName: args.vmScaleSetName,
                zones: args.zones,
                orchestrationMode: this.orchestrationMode,
                ...(uniform
                    ? { upgradePolicy: args.upgradePolicy ?? { mode: "Manual" } }
                    : { platformFaultDomainCount: args.platformFaultDomainCount ?? 1 }),
                sku: { name: args.vmSize, capacity: args.capacity ?? DEFAULT_CAPACITY },
                virtualMachineProfile: {
                    storageProfile: {
                        imageReference: args.imageReference,
                        osDisk: combine([args.osDisk], ([disk]) => ({
                            ...DEFAULT_OS_DISK,
                            ...(disk as Partial<inputs.compute.VirtualMachineScaleSetOSDiskArgs> | undefined),
                        })) as pulumi.Input<inputs.compute.VirtualMachineScaleSetOSDiskArgs>,
                    },
                    osProfile: spec.osProfile(settings),
                    networkProfile: {
                        ...(uniform ? {} : { networkApiVersion: FLEXIBLE_NETWORK_API_VERSION }),
                        networkInterfaceConfigurations: [
                            {
                                name: `${name}-nic`,
                                primary: true,
                                ipConfigurations: [{ name: "ipconfig1", primary: true, subnet: { id: args.subnetId } }],
                            },
                        ],
                    },
                    extensionProfile: { extensions },
                },
                tags: combine(
                    [args.tags, derive(validated, (v) => patchingTags(v.settings, CUSTOM_PATCHING_TAG))],
                    ([tags, recorded]) => {
                        const merged = {
                            ...(tags as Record<string, string> | undefined),
                            ...(recorded as Record<string, string>),
                        };
                        return Object.keys(merged).length > 0 ? merged : undefined;
                    },
                ) as pulumi.Input<Record<string, pulumi.Input<string>>>,
            },
            withChildOptions(
                {
                    parent: this,
                    // The preview feature first: a scale set created before it is Registered is refused.
                    dependsOn: this.previewFeatures ? [this.previewFeatures] : undefined,
                    // The admin password is inside the OS profile; keep the whole profile secret in the state.
                    additionalSecretOutputs: ["virtualMachineProfile"],
                },
                args.scaleSetOptions,
            ),
        );

        this.patchSettings = pulumi.output(settings);
        this.patchMode = this.patchSettings.apply((s) => s.patchMode);
        this.addedApplicationHealth = pulumi.output(derive(validated, (v) => v.addedApplicationHealth));
        this.registerOutputs({
            scaleSet: this.scaleSet,
            patchSettings: this.patchSettings,
            patchMode: this.patchMode,
            addedApplicationHealth: this.addedApplicationHealth,
        });
    }

    /** A component argument error: on this component, no stack trace; a refusal collector receives it. */
    protected fail(message: string, findings: readonly Finding[] = []): never {
        const error = new ComponentArgumentError(message, this);
        refusalCollector()?.({ error, resource: this, findings, message });
        throw error;
    }

    private checkArgs(args: PatchedVirtualMachineScaleSetArgs): void {
        const mode = args.orchestrationMode;
        if (mode !== undefined && mode !== "Flexible" && mode !== "Uniform") {
            this.fail(
                `orchestrationMode = ${JSON.stringify(mode)}: not an orchestration mode. Allowed: Flexible (the default; automatic guest patching is supported) or Uniform. Fix: use one of them.`,
            );
        }
        if (args.uniformPatchingPreview !== undefined && mode !== "Uniform") {
            this.fail(
                'uniformPatchingPreview is set on a Flexible scale set: the preview is only for AutomaticByPlatform on Uniform scale sets; Flexible scale sets support it without a preview. Fix: remove uniformPatchingPreview, or set orchestrationMode: "Uniform".',
            );
        }
        if (args.platformFaultDomainCount !== undefined && mode === "Uniform") {
            this.fail(
                "platformFaultDomainCount is set on a Uniform scale set: the component sets it for Flexible scale sets only. Fix: remove it, or pass it in virtualMachineScaleSetArgs if you need it on Uniform.",
            );
        }
        const wrong = unsupportedChildOptions(args.scaleSetOptions);
        if (wrong.length > 0) this.fail(childOptionsError("scaleSetOptions", wrong));
    }

    /**
     * Validates with the rule core: at construction when the deciding arguments are plain values, else
     * when their Outputs resolve (nothing is guessed during a preview with unknown values).
     */
    private validate(os: OsType, args: PatchedVirtualMachineScaleSetArgs): Validated {
        const target = {
            os,
            orchestrationMode: this.orchestrationMode,
            uniformPreview: args.uniformPatchingPreview !== undefined,
            applicationHealth: args.applicationHealth,
            ...(args.imageCatalog ? { catalog: args.imageCatalog } : {}),
        };
        const run = (
            patching: unknown,
            imageReference: unknown,
            upgradePolicy: unknown,
            extensions: unknown,
            secretSettings?: ReadonlySet<string>,
        ) => {
            const result = validateScaleSet(
                { patching, imageReference, upgradePolicy, extensions },
                secretSettings ? { ...target, secretSettings } : target,
            );
            if (!result.ok) this.fail(result.message, result.findings);
            for (const warning of result.value.warnings) void pulumi.log.warn(warning.message, this);
            return result.value;
        };
        const deciding = [args.patching, args.imageReference, args.upgradePolicy, args.extensions];
        if (deciding.every((value) => isPlain(value))) {
            return run(args.patching, args.imageReference, args.upgradePolicy, args.extensions);
        }
        // Resolving the Outputs drops Pulumi's secret mark: the settings that were secrets are noted
        // first, so no message shows their values (as on the VM components).
        const secrets = pulumi.output(secretSettingsOf(args.patching, args.imageReference));
        return pulumi
            .all([pulumi.all(deciding.map((value) => pulumi.output(value))), secrets])
            .apply(([[patching, imageReference, upgradePolicy, extensions], secretSettings]) =>
                run(patching, imageReference, upgradePolicy, extensions, new Set(secretSettings)),
            );
    }
}
