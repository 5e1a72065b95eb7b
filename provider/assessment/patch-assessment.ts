/**
 * PatchAssessment: runs an on-demand patch assessment of a VM after it is created and whenever a
 * trigger changes, and exposes the result as outputs. It installs nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import { type ArmConnectionArgs, resolveConnectionInProgram, type TimeoutsArgs } from "../arm";
import { patchAssessmentProvider } from "./dynamic-provider";

export interface PatchAssessmentArgs extends ArmConnectionArgs {
    resourceGroupName: pulumi.Input<string>;
    vmName: pulumi.Input<string>;
    /**
     * Any change of these values runs a new assessment (e.g. `{ image: vm.storageProfile..., week: "2026-47" }`).
     * Without triggers the assessment runs once, when this resource is created.
     */
    triggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Waiting for the result (default timeoutSeconds 1800, pollSeconds 5). */
    timeouts?: TimeoutsArgs;
}

export class PatchAssessment extends pulumi.dynamic.Resource {
    /** Succeeded, CompletedWithWarnings (a Failed assessment is an error, not a result). */
    declare readonly status: pulumi.Output<string>;
    declare readonly assessmentActivityId: pulumi.Output<string | undefined>;
    declare readonly rebootPending: pulumi.Output<boolean | undefined>;
    declare readonly criticalAndSecurityPatchCount: pulumi.Output<number | undefined>;
    declare readonly otherPatchCount: pulumi.Output<number | undefined>;
    declare readonly startDateTime: pulumi.Output<string | undefined>;
    declare readonly availablePatches: pulumi.Output<
        { name?: string; kbId?: string; version?: string; classifications?: string[]; rebootBehavior?: string }[]
    >;
    declare readonly assessedAt: pulumi.Output<string>;
    declare readonly vmId: pulumi.Output<string>;

    constructor(name: string, args: PatchAssessmentArgs, opts?: pulumi.CustomResourceOptions) {
        const connection = resolveConnectionInProgram(args, name);
        super(
            patchAssessmentProvider,
            name,
            {
                connection,
                resourceGroupName: args.resourceGroupName,
                vmName: args.vmName,
                triggers: args.triggers ?? {},
                timeouts: args.timeouts,
                status: undefined,
                assessmentActivityId: undefined,
                rebootPending: undefined,
                criticalAndSecurityPatchCount: undefined,
                otherPatchCount: undefined,
                startDateTime: undefined,
                availablePatches: undefined,
                assessedAt: undefined,
                vmId: undefined,
                schemaVersion: undefined,
            },
            opts,
            "azure-vm-patching",
            "PatchAssessment",
        );
    }
}
