/**
 * ResourceProviderRegistration: re-registering a resource provider so registered features propagate
 * (the Pulumi resource).
 */
import * as pulumi from "@pulumi/pulumi";
import { type ArmConnectionArgs, resolveConnectionInProgram, type TimeoutsArgs } from "../arm";
import { providerRegistrationProvider } from "./dynamic-providers";

export interface ResourceProviderRegistrationArgs extends ArmConnectionArgs {
    /** Namespace to re-register (default Microsoft.Compute). */
    namespace?: string;
    /** Values whose change runs the propagation again (e.g. the features' changedAt). */
    triggers?: pulumi.Input<pulumi.Input<string | undefined>[]>;
    timeouts?: TimeoutsArgs;
    progressUrn?: pulumi.Input<string>;
}

/**
 * Re-registers a resource provider (POST .../providers/{namespace}/register) and waits until it is
 * Registered, so registered preview features take effect. Delete never unregisters the provider.
 */
export class ResourceProviderRegistration extends pulumi.dynamic.Resource {
    declare readonly namespace: pulumi.Output<string>;
    declare readonly providerId: pulumi.Output<string>;
    declare readonly registrationState: pulumi.Output<string>;
    declare readonly schemaVersion: pulumi.Output<number>;

    constructor(name: string, args: ResourceProviderRegistrationArgs, opts?: pulumi.CustomResourceOptions) {
        const connection = resolveConnectionInProgram(args, name);
        super(
            providerRegistrationProvider,
            name,
            {
                connection,
                namespace: args.namespace ?? "Microsoft.Compute",
                // Engine state holds no undefined inside lists: absent values become "".
                triggers: pulumi.output(args.triggers ?? []).apply((values) => values.map((v) => v ?? "")),
                timeouts: args.timeouts,
                progressUrn: args.progressUrn,
                providerId: undefined,
                registrationState: undefined,
                schemaVersion: undefined,
            },
            opts,
            "azure-vm-patching",
            "ResourceProviderRegistration",
        );
    }
}
