/**
 * The admin password must stay secret from the program to the state: wrap it whatever the user passed
 * (a plain string, a Promise, or an Output that may not be secret yet).
 */
import * as pulumi from "@pulumi/pulumi";

export function secretInput(value: pulumi.Input<string> | undefined): pulumi.Output<string> | undefined {
    return value === undefined ? undefined : pulumi.secret(value);
}
