/**
 * What the Windows and Linux components share: validate the patch settings (rule core), register the
 * transition guard, the network interface and the azure-native VM whose patch inputs are derived from
 * the validated settings only, and expose the effective settings.
 */
import * as compute from "@pulumi/azure-native/compute";
import type * as maintenance from "@pulumi/azure-native/maintenance";
import * as network from "@pulumi/azure-native/network";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import { PatchTransitionGuard } from "../../provider/guard";
import {
    CUSTOM_PATCHING_TAG,
    type Finding,
    type OsType,
    type ResolvedPatchSettings,
    readCatalogArgument,
} from "../../rules";
import { childOptionsError, unsupportedChildOptions, withChildOptions } from "../child-options";
import { refusalCollector } from "../refusal-collector";
import { assignSchedule, scheduleHotpatchNote, scheduleRefusal, withSchedulePatching } from "../schedule/vm-schedule";
import type { PatchedVirtualMachineArgs } from "./args";
import {
    type ExistingPatchSettings,
    existingSettingsOf,
    READ_FROM_AZURE,
    resolveExistingSettings,
} from "./existing-settings";
import { patchingTags } from "./os-configuration";
import { derive, secretSettingsOf, type Validated, type ValidatedPatching, validatePatching } from "./patch-validation";
import { combine, isPlain } from "./plain-inputs";
import { secretInput } from "./secret-input";

/** What a subclass tells the base about its OS. */
export interface OsSpec {
    readonly os: OsType;
    /**
     * The VM's `osProfile`, its patch fields derived from the validated settings; `given` is what the
     * base derived once for the VM and the guard alike (see GivenToOs).
     */
    osProfile(validated: Validated, given: GivenToOs): pulumi.Input<inputs.compute.OSProfileArgs>;
    /**
     * The OS's inputs Azure sets only at creation, by argument name (besides the patch settings): the
     * guard refuses a change (R17), or replaces the VM when the user allowed it.
     */
    readonly createOnlyInputs: Readonly<Record<string, pulumi.Input<unknown>>>;
    /** An OS-specific argument error (a missing credential), reported before anything is registered. */
    readonly argumentError?: string;
    /** The admin password, when the VM has one: create-only too, the guard compares it by digest only. */
    readonly adminPassword?: pulumi.Input<string>;
}

/**
 * What the base derives once and hands the OS's `osProfile`: each Output here also feeds the guard or a
 * public property, so building it once per VM spares the SDK a duplicate Output chain (every Output costs
 * it a dozen promises, each with a captured stack trace).
 */
export interface GivenToOs {
    /**
     * enableAutomaticUpdates as the guard gives it (a VM created in Manual keeps false when switched to
     * AutomaticByPlatform); also the component's `enableAutomaticUpdates` output.
     */
    readonly enableAutomaticUpdates: pulumi.Output<boolean | undefined>;
    /** The admin password as a secret; the guard receives the same Output. */
    readonly adminPassword: pulumi.Output<string> | undefined;
}

/**
 * The create-only inputs of an argument object (an Input of it), by `prefix.key`: absent ones recorded
 * as null, so that writing one later is a change too.
 */
export function pickCreateOnly(
    object: pulumi.Input<object> | undefined,
    prefix: string,
    keys: readonly string[],
): Record<string, pulumi.Input<unknown>> {
    const record: Record<string, pulumi.Input<unknown>> = {};
    for (const key of keys) {
        record[`${prefix}.${key}`] = combine([object], ([value]) => {
            const item = (value as Record<string, unknown> | undefined)?.[key];
            return item === undefined ? null : item;
        });
    }
    return record;
}

/**
 * The VM's create-only inputs the components own or pass through, by argument name: azurerm's ForceNew
 * fields of its VM resources, as azure-native names them (vmName, resourceGroupName, location, zones,
 * the image, the OS disk's name, creation, storage type, ephemeral and encryption settings, admin
 * username, computer name, custom data, availability set, fault domain, priority, eviction policy,
 * secure boot and vTPM, extended location, plan).
 */
function createOnlyInputsOf(
    args: PatchedVirtualMachineArgs,
    spec: OsSpec,
    osDisk: pulumi.Input<inputs.compute.OSDiskArgs>,
): pulumi.Input<Record<string, unknown>> {
    const passThrough = args.virtualMachineArgs ?? {};
    const nullable = (value: pulumi.Input<unknown> | undefined) =>
        combine([value], ([v]) => (v === undefined ? null : v));
    const record: Record<string, pulumi.Input<unknown>> = {
        vmName: nullable(args.vmName),
        resourceGroupName: args.resourceGroupName,
        location: nullable(args.location),
        zones: nullable(args.zones),
        imageReference: args.imageReference,
        adminUsername: args.adminUsername,
        computerName: nullable(args.computerName),
        ...pickCreateOnly(osDisk, "osDisk", ["name", "createOption", "managedDisk", "diffDiskSettings", "osType"]),
        ...pickCreateOnly(passThrough, "virtualMachineArgs", [
            "availabilitySet",
            "platformFaultDomain",
            "priority",
            "evictionPolicy",
            "extendedLocation",
            "plan",
            "securityProfile",
        ]),
        ...spec.createOnlyInputs,
    };
    // Plain values (the common case) go to the guard as they are: an Output of the record would cost the
    // SDK a copy of it and an Output chain per VM, for the same serialized input.
    return isPlain(record)
        ? (record as Record<string, unknown>)
        : (pulumi.output(record) as pulumi.Output<unknown> as pulumi.Output<Record<string, unknown>>);
}

const DEFAULT_OS_DISK = {
    createOption: "FromImage",
    managedDisk: { storageAccountType: "StandardSSD_LRS" },
    deleteOption: "Delete",
} as const;

export abstract class PatchedVirtualMachine extends pulumi.ComponentResource {
    /** The azure-native VM. */
    public readonly virtualMachine: compute.VirtualMachine;
    /** The network interface created in `subnetId`; undefined when existing interfaces were given. */
    public readonly networkInterface?: network.NetworkInterface;
    /** The guard that refuses (or, with `allowReplacement`, replaces for) changes Azure refuses in place. */
    public readonly transitionGuard: PatchTransitionGuard;
    /** The VM's Azure resource id. */
    public readonly vmId: pulumi.Output<string>;
    /** Every effective patch setting, derived values included (the rule core's ResolvedPatchSettings). */
    public readonly patchSettings: pulumi.Output<ResolvedPatchSettings>;
    /** The effective patch mode. */
    public readonly patchMode: pulumi.Output<string>;
    /** The effective assessment mode (AutomaticByPlatform: periodic assessment). */
    public readonly assessmentMode: pulumi.Output<string>;
    /** Whether hotpatching is on (Windows; undefined on Linux). */
    public readonly enableHotpatching: pulumi.Output<boolean | undefined>;
    /** Whether Windows automatic updates are on (Windows; undefined on Linux). */
    public readonly enableAutomaticUpdates: pulumi.Output<boolean | undefined>;
    /** The assignment of `schedule` to the VM; undefined without a schedule. */
    public readonly scheduleAssignment?: maintenance.ConfigurationAssignment;

    protected constructor(
        type: string,
        name: string,
        args: PatchedVirtualMachineArgs,
        spec: OsSpec,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(type, name, {}, opts);
        let validated: Validated;
        let existing: pulumi.Input<ResolvedPatchSettings> | undefined;
        try {
            if (spec.argumentError) this.fail(spec.argumentError);
            this.checkNetworkArgs(args);
            this.checkChildOptions(args);
            validated = this.validate(spec.os, args);
            existing = this.existingSettings(spec.os, args);
        } catch (error) {
            // A host collecting refusals (the offline check) has the error already: the program goes on,
            // and nothing built on the refused arguments registers (its inputs fail with this error).
            if (!(error instanceof ComponentArgumentError) || !refusalCollector()) throw error;
            validated = pulumi.output(Promise.reject(error)) as pulumi.Output<ValidatedPatching>;
        }

        const osDisk = combine([args.osDisk], ([disk]) => ({
            ...DEFAULT_OS_DISK,
            ...(disk as Partial<inputs.compute.OSDiskArgs> | undefined),
        })) as pulumi.Input<inputs.compute.OSDiskArgs>;

        // One secret Output of the password for the guard and the VM's osProfile.
        const adminPassword = secretInput(spec.adminPassword);
        this.transitionGuard = new PatchTransitionGuard(
            `${name}-patch-guard`,
            {
                os: spec.os,
                image: derive(validated, (v) => v.image),
                settings: derive(validated, (v) => v.settings),
                written: derive(validated, (v) => [...v.written]),
                allowReplacement: args.allowReplacement ?? false,
                createOnly: createOnlyInputsOf(args, spec, osDisk),
                ...(adminPassword !== undefined ? { adminPassword } : {}),
                logUrn: componentUrn(name, type, opts?.parent),
                ...(existing !== undefined ? { existingSettings: existing } : {}),
            },
            { parent: this },
        );

        // What the VM is given: the guard's settings, so an existing VM keeps what Azure fixed at creation.
        const given = this.transitionGuard.settings as pulumi.Output<ResolvedPatchSettings>;
        const enableAutomaticUpdates = given.apply((s) => s.enableAutomaticUpdates);

        let networkInterfaces: pulumi.Input<pulumi.Input<inputs.compute.NetworkInterfaceReferenceArgs>[]>;
        if (args.subnetId !== undefined) {
            this.networkInterface = new network.NetworkInterface(
                `${name}-nic`,
                {
                    resourceGroupName: args.resourceGroupName,
                    location: args.location,
                    ipConfigurations: [
                        {
                            name: "ipconfig1",
                            primary: true,
                            privateIPAllocationMethod: "Dynamic",
                            subnet: { id: args.subnetId },
                            ...(args.publicIpAddressId !== undefined
                                ? { publicIPAddress: { id: args.publicIpAddressId } }
                                : {}),
                        },
                    ],
                    tags: args.tags,
                },
                // Settings validated later (Outputs) hold the interface back too: invalid input creates nothing.
                withChildOptions(
                    {
                        parent: this,
                        dependsOn: pulumi.Output.isInstance(validated) ? validated.apply(() => []) : undefined,
                    },
                    args.networkInterfaceOptions,
                ),
            );
            networkInterfaces = [{ id: this.networkInterface.id, primary: true }];
        } else {
            // No ids at all only when the arguments were refused and a host collecting refusals goes on.
            networkInterfaces = combine([args.networkInterfaceIds], ([ids]) =>
                ((ids as string[] | undefined) ?? []).map((id, index) => ({ id, primary: index === 0 })),
            );
        }

        this.virtualMachine = new compute.VirtualMachine(
            name,
            {
                ...args.virtualMachineArgs,
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                vmName: args.vmName,
                zones: args.zones,
                hardwareProfile: { vmSize: args.vmSize },
                storageProfile: {
                    imageReference: args.imageReference,
                    osDisk,
                    dataDisks: args.dataDisks,
                },
                osProfile: spec.osProfile(validated, { enableAutomaticUpdates, adminPassword }),
                networkProfile: { networkInterfaces },
                tags: this.tagsOf(args, validated),
            },
            withChildOptions(
                {
                    parent: this,
                    // The guard decides first: a refused change stops the deployment before the VM is touched.
                    dependsOn: [this.transitionGuard],
                    // Raised by the guard only for a change the user allowed to replace the VM (R12, R13, R17):
                    // never a silent replacement. Never undefined: the SDK cannot serialize an undefined
                    // trigger (a state written before the guard had one).
                    replacementTrigger: this.transitionGuard.generation.apply((generation) => generation ?? 0),
                    // The new VM reuses the name, the network interface and the computer name: delete first.
                    deleteBeforeReplace: true,
                    // The admin password is inside osProfile; keep all of it secret in the state.
                    additionalSecretOutputs: ["osProfile"],
                },
                args.virtualMachineOptions,
            ),
        );

        this.scheduleAssignment = assignSchedule(name, args, this.virtualMachine, this, [this.virtualMachine]);

        this.vmId = this.virtualMachine.id;
        this.patchSettings = given;
        this.patchMode = this.patchSettings.apply((s) => s.patchMode);
        this.assessmentMode = this.patchSettings.apply((s) => s.assessmentMode);
        this.enableHotpatching = this.patchSettings.apply((s) => s.enableHotpatching);
        this.enableAutomaticUpdates = enableAutomaticUpdates;

        this.registerOutputs({
            virtualMachine: this.virtualMachine,
            networkInterface: this.networkInterface,
            vmId: this.vmId,
            patchSettings: this.patchSettings,
            patchMode: this.patchMode,
            assessmentMode: this.assessmentMode,
            enableHotpatching: this.enableHotpatching,
            enableAutomaticUpdates: this.enableAutomaticUpdates,
        });
    }

    /**
     * A component argument error: attached to this component, no stack trace. A host that collects
     * refusals (refusal-collector.ts) receives it with the rule core's findings as data.
     */
    protected fail(message: string, findings: readonly Finding[] = []): never {
        const error = new ComponentArgumentError(message, this);
        refusalCollector()?.({ error, resource: this, findings, message });
        throw error;
    }

    private checkNetworkArgs(args: PatchedVirtualMachineArgs): void {
        const subnet = args.subnetId !== undefined;
        const nics = args.networkInterfaceIds !== undefined;
        if (subnet === nics) {
            this.fail(
                `subnetId = ${subnet ? "(set)" : "(not set)"}, networkInterfaceIds = ${nics ? "(set)" : "(not set)"}: a VM needs exactly one way to get its network interface. Allowed: subnetId (a network interface is created there) or networkInterfaceIds (existing interfaces). Fix: give one of them${subnet ? ", not both" : ""}.`,
            );
        }
        if (args.publicIpAddressId !== undefined && !subnet) {
            this.fail(
                "publicIpAddressId is set with networkInterfaceIds: the public IP is attached to the interface the component creates, and it creates none. Fix: attach the public IP to your network interface, or use subnetId.",
            );
        }
    }

    private checkChildOptions(args: PatchedVirtualMachineArgs): void {
        for (const [argument, given] of [
            ["virtualMachineOptions", args.virtualMachineOptions],
            ["networkInterfaceOptions", args.networkInterfaceOptions],
        ] as const) {
            const wrong = unsupportedChildOptions(given);
            if (wrong.length > 0) this.fail(childOptionsError(argument, wrong));
        }
        if (args.networkInterfaceOptions !== undefined && args.subnetId === undefined) {
            this.fail(
                "networkInterfaceOptions is set with networkInterfaceIds: the options are for the network interface the component creates in subnetId, and it creates none. Fix: set the options on your own network interface resource, or use subnetId.",
            );
        }
    }

    /**
     * An adopted VM's settings in Azure (plain now, or when its Output resolves), checked; read from the
     * VM in Azure when the user asked for that.
     */
    private existingSettings(
        os: OsType,
        args: PatchedVirtualMachineArgs,
    ): pulumi.Input<ResolvedPatchSettings> | undefined {
        let given = args.existingPatchSettings;
        if (given === undefined) return undefined;
        if (given === READ_FROM_AZURE) {
            if (args.vmName === undefined) {
                this.fail(
                    `existingPatchSettings = "${READ_FROM_AZURE}" without vmName: the VM to read is found by its resource group and name. Fix: set vmName to the existing VM's name in Azure.`,
                );
            }
            given = existingSettingsOf(
                os,
                compute.getVirtualMachineOutput(
                    { resourceGroupName: args.resourceGroupName, vmName: args.vmName },
                    { parent: this },
                ),
            );
        }
        const resolve = (value: ExistingPatchSettings, secrets?: ReadonlySet<string>): ResolvedPatchSettings => {
            const result = resolveExistingSettings(os, value ?? {}, secrets);
            if (!result.ok) this.fail(result.message, result.findings);
            return result.settings;
        };
        if (isPlain(given)) return resolve(given as ExistingPatchSettings);
        // Resolving the Output drops the secret marks: kept by name, so messages show [secret] as for `patching`.
        const secrets = pulumi.output(secretSettingsOf(given, undefined));
        return pulumi
            .all([pulumi.output(given), secrets])
            .apply(([value, secretSettings]) => resolve(value as ExistingPatchSettings, new Set(secretSettings)));
    }

    /**
     * Validates the patch settings with the rule core: at construction when they are plain values, else
     * when their Outputs resolve (during a preview with unknown values, nothing is guessed). A failure is
     * a ResourceError on this component with the rule core's messages; the VM never gets the values.
     */
    private validate(os: OsType, args: PatchedVirtualMachineArgs): Validated {
        const catalog = readCatalogArgument(args.imageCatalog, "imageCatalog");
        if (!catalog.ok) this.fail(catalog.message);
        const run = (patching: unknown, imageReference: unknown, secrets?: ReadonlySet<string>): ValidatedPatching => {
            const result = validatePatching(
                os,
                withSchedulePatching(patching, args),
                imageReference,
                catalog.catalog,
                secrets,
            );
            if (!result.ok) {
                const note = scheduleHotpatchNote(result.findings, args);
                this.fail(note ? `${result.message}\n${note}` : result.message, result.findings);
            }
            const { settings, image, written } = result.value;
            const refusal = scheduleRefusal(settings, image, written, args);
            if (refusal) this.fail(refusal.message, refusal.findings);
            for (const warning of result.value.warnings) void pulumi.log.warn(warning.message, this);
            return result.value;
        };
        if (isPlain(args.patching) && isPlain(args.imageReference)) return run(args.patching, args.imageReference);
        const secrets = pulumi.output(secretSettingsOf(args.patching, args.imageReference));
        return pulumi
            .all([pulumi.output(args.patching), pulumi.output(args.imageReference), secrets])
            .apply(([patching, imageReference, secretSettings]) =>
                run(patching, imageReference, new Set(secretSettings)),
            );
    }

    private tagsOf(
        args: PatchedVirtualMachineArgs,
        validated: Validated,
    ): pulumi.Input<Record<string, pulumi.Input<string>>> {
        const recorded = derive(validated, (v) => patchingTags(v.settings, CUSTOM_PATCHING_TAG));
        return combine([args.tags, recorded], ([tags, patchTags]) => {
            const merged = {
                ...(tags as Record<string, string> | undefined),
                ...(patchTags as Record<string, string>),
            };
            return Object.keys(merged).length > 0 ? merged : undefined;
        }) as pulumi.Input<Record<string, pulumi.Input<string>>>;
    }
}

/**
 * The component's URN, built from its name rather than awaited: a child's input must not wait on its
 * parent's registration (under the SDK's own alias resolution that never settles). Without a parent it
 * is a plain string, as `pulumi.createUrn` would resolve it (a resource without a parent is the stack's
 * child, whose type is not prefixed), without the Output chain createUrn builds for every VM.
 */
function componentUrn(name: string, type: string, parent: pulumi.Resource | undefined): pulumi.Input<string> {
    if (parent !== undefined) return pulumi.createUrn(name, type, parent);
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${type}::${name}`;
}

/**
 * A ResourceError whose message stays exactly what it was created with. A validation failure found
 * when Outputs resolve rejects the VM's inputs, and Pulumi's input serialization prefixes the same error
 * object's message once per property it passes through ('error serializing property "osProfile": ...');
 * the user must read the rule core's message as written, so those rewrites are ignored.
 */
export class ComponentArgumentError extends pulumi.ResourceError {
    constructor(message: string, resource: pulumi.Resource) {
        super(message, resource, true);
        Object.defineProperty(this, "message", {
            get: () => message,
            set: () => undefined,
            enumerable: false,
            configurable: true,
        });
    }
}
