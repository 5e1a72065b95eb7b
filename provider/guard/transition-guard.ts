/**
 * The transition guard (R12, R13, R17): a dynamic resource that lives next to each VM our components create
 * and remembers the patch settings the VM was given. On every later `pulumi preview`/`up` its provider
 * compares them with the new settings (the rule core's `checkTransition`) and
 * - refuses a change Azure would refuse (a `check` failure: the preview fails with the rule's message), or
 * - when the user allowed replacement, raises `generation`, which the VM takes as its `replacementTrigger`:
 *   the preview shows the VM replaced (delete before create), with known values.
 */
import * as pulumi from "@pulumi/pulumi";
import { forwardingProvider } from "../dynamic";

/** What Pulumi stores in each guard's state: a forwarder to the handlers in `/provider/host`. */
export const patchGuardProvider = forwardingProvider("patchGuardHandlers");

/** The type token of the guard (module/type of Pulumi's dynamic resources). */
export const PATCH_GUARD_MODULE = "azure-vm-patching";
export const PATCH_GUARD_TYPE = "PatchTransitionGuard";

export interface PatchTransitionGuardArgs {
    /** The VM's OS: transitions differ between Windows and Linux. */
    readonly os: pulumi.Input<"Windows" | "Linux">;
    /** The rule core's ImageRef of the VM's image. */
    readonly image: pulumi.Input<unknown>;
    /** The validated settings the VM is given (the rule core's ResolvedPatchSettings). */
    readonly settings: pulumi.Input<unknown>;
    /** The settings the user wrote; the others were derived. Default: none. */
    readonly written?: pulumi.Input<readonly string[]>;
    /**
     * Allow replacing the VM (its OS disk is lost) when a change cannot be applied in place.
     * Default: false, so such a change fails at preview.
     */
    readonly allowReplacement?: pulumi.Input<boolean>;
    /**
     * The VM's create-only inputs besides the patch settings, by argument name (computerName,
     * adminUsername, imageReference, zones...): a change is refused (R17), or replaces the VM when
     * allowed. Default: none recorded.
     */
    readonly createOnly?: pulumi.Input<Record<string, unknown>>;
    /**
     * The settings an adopted VM has in Azure (ResolvedPatchSettings), for a VM that existed before this
     * guard: the first run compares the new settings with them, as later runs compare with the record.
     * Default: none (a VM the component creates has no earlier settings).
     */
    readonly existingSettings?: pulumi.Input<unknown>;
    /**
     * The VM's admin password: create-only (R17). The guard never stores it: `check` keeps a salted
     * digest in its place (a secret output), and a change is refused, or replaces the VM when allowed.
     * Default: none (nothing compared).
     */
    readonly adminPassword?: pulumi.Input<string>;
    /** Where the guard's warnings are shown (the component's URN). Default: no resource. */
    readonly logUrn?: pulumi.Input<string>;
}

export class PatchTransitionGuard extends pulumi.dynamic.Resource {
    /** Raised by each opt-in replacement; the VM's `replacementTrigger`. */
    declare public readonly generation: pulumi.Output<number>;
    /** The patch settings recorded for the VM. */
    declare public readonly settings: pulumi.Output<unknown>;
    /** The version of the stored state's shape (GUARD_STATE_SCHEMA_VERSION when written by this package). */
    declare public readonly schemaVersion: pulumi.Output<number>;

    constructor(name: string, args: PatchTransitionGuardArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            patchGuardProvider,
            name,
            {
                os: args.os,
                image: args.image,
                settings: args.settings,
                written: args.written ?? [],
                allowReplacement: args.allowReplacement ?? false,
                createOnly: args.createOnly ?? {},
                ...(args.existingSettings !== undefined ? { existingSettings: args.existingSettings } : {}),
                // A secret on its way to `check`, which replaces it by its digest before anything is stored.
                ...(args.adminPassword !== undefined ? { adminPassword: pulumi.secret(args.adminPassword) } : {}),
                ...(args.logUrn !== undefined ? { logUrn: args.logUrn } : {}),
                // Output only: `check` computes it from the state; declared so the property exists.
                generation: undefined,
                schemaVersion: undefined,
            },
            // The digest stored in the password's place is encrypted in the state like the password.
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "adminPassword"] },
            PATCH_GUARD_MODULE,
            PATCH_GUARD_TYPE,
        );
    }
}
