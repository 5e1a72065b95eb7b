/**
 * The API-version type aliases azure-native adds to every resource it constructs
 * (`{ type: "azure-native:compute/v20150615:VirtualMachine" }` and 28 more for a VM, 60 for a network
 * interface), dropped from the resources a component creates.
 *
 * Why: such an alias lets the engine find a resource in the state under a versioned type token, with
 * the same name and parent. A component's child has never been registered under one: its parent is the
 * component, and the components create the unversioned azure-native resources (azure-native 3, whose
 * default modules use unversioned tokens, as version 2's did). An alias never combines with another
 * (https://www.pulumi.com/docs/iac/concepts/options/aliases/), so none of them reaches a raw VM brought
 * under a component either: that takes the user's own alias (`virtualMachineOptions.aliases`), which
 * is kept. The SDK nevertheless turns each alias of a child into an Output chain waiting on the
 * parent's URN (about 500 Outputs, 12,000 promises per VM with its network interface), most of the
 * component's cost in a program of many VMs (bench/components.bench.ts).
 */
import type * as pulumi from "@pulumi/pulumi";

/** `azure-native:<module>/v<api version>:<Type>`: a type token of an API-version module. */
const VERSIONED_TYPE = /^azure-native:[^:/]+\/v[^:/]+:[^:]+$/;

/** True for an alias that only names another (versioned) type token of azure-native. */
function isVersionedTypeAlias(alias: pulumi.Input<pulumi.URN | pulumi.Alias>): boolean {
    if (alias === null || typeof alias !== "object") return false;
    const keys = Object.keys(alias);
    const type = (alias as { type?: unknown }).type;
    return keys.length === 1 && typeof type === "string" && VERSIONED_TYPE.test(type);
}

/**
 * A transformation for a component's child that drops azure-native's API-version type aliases and
 * keeps every other alias (the user's above all, even one naming a versioned type).
 */
export function withoutVersionedTypeAliases(
    kept: readonly pulumi.Input<pulumi.URN | pulumi.Alias>[] = [],
): pulumi.ResourceTransformation {
    return ({ props, opts }) => {
        const aliases = opts.aliases?.filter((alias) => kept.includes(alias) || !isVersionedTypeAlias(alias));
        return { props, opts: { ...opts, aliases } };
    };
}
