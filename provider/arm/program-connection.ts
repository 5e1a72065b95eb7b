/**
 * Connection resolution as a resource constructor runs it: in the Pulumi program, where stack config
 * and the environment are, never in the dynamic-provider host.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    type ArmConnection,
    type ArmConnectionArgs,
    ConnectionArgumentError,
    resolveArmConnection,
} from "./connection";

/** Resolve the connection in the program (stack config and environment live here, not in the host). */
export function resolveConnectionInProgram(args: ArmConnectionArgs, resourceName: string): ArmConnection {
    try {
        return resolveArmConnection(args, {
            azureNativeConfig: (key) => new pulumi.Config("azure-native").get(key),
            env: process.env,
        });
    } catch (error) {
        if (error instanceof ConnectionArgumentError) {
            // RunError: the message alone, no stack trace; nothing has been registered yet.
            throw new pulumi.RunError(`${resourceName}: ${error.message}`);
        }
        throw error;
    }
}
