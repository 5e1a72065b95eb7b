/**
 * PreviewFeatureRegistrations: registers a set of preview features in parallel, then propagates them to
 * the resource provider once, after all are Registered (what the seeds ask for with three az commands
 * per feature). VM components and any resource can depend on it.
 */
import * as pulumi from "@pulumi/pulumi";
import { type ArmConnectionArgs, resolveConnectionInProgram, type TimeoutsArgs } from "../arm";
import { FeatureRegistration } from "./feature-registration";
import { PATCHING_PREVIEW_FEATURES } from "./registration-calls";
import { ResourceProviderRegistration } from "./resource-provider-registration";

export interface PreviewFeatureRegistrationsArgs extends ArmConnectionArgs {
    /** Feature names (default: InGuestAutoPatchVMPreview, InGuestPatchVMPreview, InGuestHotPatchVMPreview). */
    features?: string[];
    /** Namespace of the features and of the provider to propagate to (default Microsoft.Compute). */
    namespace?: string;
    /** Unregister the features when this component is deleted (default false; never the provider). */
    unregisterOnDelete?: boolean;
    /** Applies to each feature's wait and to the propagation's wait. */
    timeouts?: TimeoutsArgs;
}

export class PreviewFeatureRegistrations extends pulumi.ComponentResource {
    /** One resource per feature, by feature name. */
    readonly features: Readonly<Record<string, FeatureRegistration>>;
    readonly propagation: ResourceProviderRegistration;
    /** Feature name -> state; every value is Registered once `up` succeeds. */
    readonly states: pulumi.Output<Record<string, string>>;
    /** The provider's registrationState after propagation (Registered). */
    readonly registrationState: pulumi.Output<string>;

    constructor(name: string, args: PreviewFeatureRegistrationsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("azure-vm-patching:index:PreviewFeatureRegistrations", name, {}, opts);
        const names = args.features ?? [...PATCHING_PREVIEW_FEATURES];
        const duplicates = names.filter((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) !== i);
        if (names.length === 0 || duplicates.length > 0) {
            throw new pulumi.ResourceError(
                `features: ${names.length === 0 ? "is empty" : `lists ${duplicates.join(", ")} twice`}; give each feature once, or leave \`features\` out for ${PATCHING_PREVIEW_FEATURES.join(", ")}.`,
                this,
            );
        }
        // Resolve once here so a bad argument is reported on this component, before any child exists.
        const connectionArgs: ArmConnectionArgs = {
            subscriptionId: args.subscriptionId,
            cloud: args.cloud,
            endpoint: args.endpoint,
            authorityHost: args.authorityHost,
            credential: args.credential,
            caCertificate: args.caCertificate,
        };
        let resolved: ReturnType<typeof resolveConnectionInProgram>;
        try {
            resolved = resolveConnectionInProgram(connectionArgs, name);
        } catch (error) {
            throw new pulumi.ResourceError((error as Error).message, this);
        }
        const pinned: ArmConnectionArgs = { ...connectionArgs, subscriptionId: resolved.subscriptionId };
        // Progress attaches to this component's URN. Passing `this.urn` itself would make each child
        // depend on this component, i.e. on its own children: a deadlock. A plain promise of the URN
        // carries the value without the dependency.
        const urnPromise = (this.urn as unknown as { promise(): Promise<string> }).promise();
        const progressUrn = pulumi.output(urnPromise);
        const features: Record<string, FeatureRegistration> = {};
        for (const featureName of names) {
            features[featureName] = new FeatureRegistration(
                `${name}-${featureName}`,
                {
                    ...pinned,
                    featureName,
                    namespace: args.namespace,
                    unregisterOnDelete: args.unregisterOnDelete,
                    timeouts: args.timeouts,
                    progressUrn,
                },
                { parent: this },
            );
        }
        const all = Object.values(features);
        this.features = features;
        this.propagation = new ResourceProviderRegistration(
            `${name}-propagation`,
            {
                ...pinned,
                namespace: args.namespace,
                // A feature registered again (changedAt moves) needs a new propagation.
                triggers: all.map((f) => f.changedAt),
                timeouts: args.timeouts,
                progressUrn,
            },
            { parent: this, dependsOn: all },
        );
        this.states = pulumi
            .all(all.map((f) => pulumi.all([f.featureName, f.state])))
            .apply((pairs) => Object.fromEntries(pairs));
        this.registrationState = this.propagation.registrationState;
        this.registerOutputs({ states: this.states, registrationState: this.registrationState });
    }
}
