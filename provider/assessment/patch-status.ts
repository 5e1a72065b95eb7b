/**
 * getVmPatchStatus: a VM's patch status from its instance view (availablePatchSummary,
 * lastPatchInstallationSummary), for scripts (a Promise) and stacks (getVmPatchStatusOutput).
 */
import * as pulumi from "@pulumi/pulumi";
import {
    type ArmConnectionArgs,
    createArmClients,
    type Progress,
    resolveArmConnection,
    startOperation,
    type TimeoutsArgs,
    waitTiming,
} from "../arm";
import { readPatchStatus, type VmPatchStatus } from "./compute-calls";

export interface VmPatchStatusArgs extends ArmConnectionArgs {
    resourceGroupName: string;
    vmName: string;
    /** Request timeout and retry budget (default: 60s per request, 5 minutes in total). */
    timeouts?: TimeoutsArgs;
    /** Where retry messages go (default: nowhere). */
    progress?: Progress;
}

/**
 * Read the patch status. Outside a Pulumi program the subscription comes from the argument or the
 * environment (ARM_SUBSCRIPTION_ID, AZURE_SUBSCRIPTION_ID); inside one, also from azure-native config.
 */
export async function getVmPatchStatus(args: VmPatchStatusArgs): Promise<VmPatchStatus> {
    const connection = resolveArmConnection(args, {
        azureNativeConfig: (key) => {
            try {
                return new pulumi.Config("azure-native").get(key);
            } catch {
                return undefined;
            }
        },
        env: process.env,
    });
    const ctx = startOperation(
        `reading the patch status of VM ${args.vmName}`,
        connection.subscriptionId,
        waitTiming({ timeoutSeconds: 300, ...args.timeouts }),
        args.progress ?? (() => {}),
    );
    return readPatchStatus(createArmClients(connection, ctx), args, ctx);
}

/** getVmPatchStatus for a stack: names may be Outputs (e.g. a VM's name). */
export function getVmPatchStatusOutput(
    args: Omit<VmPatchStatusArgs, "resourceGroupName" | "vmName"> & {
        resourceGroupName: pulumi.Input<string>;
        vmName: pulumi.Input<string>;
    },
): pulumi.Output<VmPatchStatus> {
    return pulumi
        .all([args.resourceGroupName, args.vmName])
        .apply(([resourceGroupName, vmName]) => getVmPatchStatus({ ...args, resourceGroupName, vmName }));
}
