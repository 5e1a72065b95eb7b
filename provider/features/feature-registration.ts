/**
 * FeatureRegistration: one preview feature, registered and waited for (the Pulumi resource), and what
 * is known about a feature in a cloud that the user should hear first.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    type ArmConnection,
    type ArmConnectionArgs,
    AZURE_CLOUDS,
    resolveConnectionInProgram,
    type TimeoutsArgs,
} from "../arm";
import { featureRegistrationProvider } from "./dynamic-providers";

/**
 * What is known about a feature in the chosen cloud that the user should hear before waiting up to
 * 20 minutes for it (seed 001: the hotpatch preview was not offered in Azure Government).
 */
export function cloudCaveats(connection: ArmConnection, featureName: string): string[] {
    if (
        connection.endpoint === AZURE_CLOUDS.AzureUSGovernment.armEndpoint &&
        featureName.toLowerCase() === "inguesthotpatchvmpreview"
    ) {
        return [
            "InGuestHotPatchVMPreview: the hotpatch preview was not available in Azure Government regions (Microsoft's hotpatch documentation); the registration may stay Pending or fail there.",
        ];
    }
    return [];
}

export interface FeatureRegistrationArgs extends ArmConnectionArgs {
    /** The feature, e.g. InGuestPatchVMPreview (see PATCHING_PREVIEW_FEATURES). */
    featureName: string;
    /** Its resource provider namespace (default Microsoft.Compute). */
    namespace?: string;
    /**
     * Unregister the feature when this resource is deleted. Default false: a registration is
     * subscription-wide, and other stacks may rely on it.
     */
    unregisterOnDelete?: boolean;
    /** How long to wait for Registered and how often to look (defaults: 20 minutes, 5s growing to 30s). */
    timeouts?: TimeoutsArgs;
    /** URN that progress messages attach to (PreviewFeatureRegistrations passes its own). */
    progressUrn?: pulumi.Input<string>;
}

/**
 * Registers one preview feature in a subscription and waits until it is Registered. Refresh reports
 * the real state (an unregistered feature is drift, registered again on the next `up`). Does not
 * propagate to the resource provider: use ResourceProviderRegistration or PreviewFeatureRegistrations.
 */
export class FeatureRegistration extends pulumi.dynamic.Resource {
    declare readonly featureName: pulumi.Output<string>;
    declare readonly namespace: pulumi.Output<string>;
    declare readonly featureId: pulumi.Output<string>;
    /** Registered after create/update; what Azure reported at the last refresh otherwise. */
    declare readonly state: pulumi.Output<string>;
    /** When this stack last moved the feature to Registered (ISO 8601); undefined if it already was. */
    declare readonly changedAt: pulumi.Output<string | undefined>;
    declare readonly schemaVersion: pulumi.Output<number>;

    constructor(name: string, args: FeatureRegistrationArgs, opts?: pulumi.CustomResourceOptions) {
        const connection = resolveConnectionInProgram(args, name);
        super(
            featureRegistrationProvider,
            name,
            {
                connection,
                namespace: args.namespace ?? "Microsoft.Compute",
                featureName: args.featureName,
                unregisterOnDelete: args.unregisterOnDelete ?? false,
                timeouts: args.timeouts,
                progressUrn: args.progressUrn,
                featureId: undefined,
                state: undefined,
                changedAt: undefined,
                schemaVersion: undefined,
            },
            opts,
            "azure-vm-patching",
            "FeatureRegistration",
        );
        for (const caveat of cloudCaveats(connection, args.featureName)) pulumi.log.warn(caveat, this);
    }
}
