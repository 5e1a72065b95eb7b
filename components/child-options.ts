/**
 * Resource options a user may give the resources a component creates (its children), one typed option
 * set per child: `virtualMachineOptions`, `networkInterfaceOptions`, `scaleSetOptions`.
 *
 * Why per child, and why these options only: bringing an existing resource under a component needs
 * options on that one resource (an alias to its old URN, an import id, `protect`), not on the component
 * (Pulumi's `aliases` on a component only reach children whose names follow the component's). Grouped
 * per child, in the style of pulumi-eks's and awsx's per-child argument objects, rather than one
 * `transforms` hook that matches children by type token at run time. The component
 * keeps the options it relies on (parent, dependsOn, replaceOnChanges, deleteBeforeReplace,
 * replacementTrigger, additionalSecretOutputs): they cannot be overridden here.
 */
import type * as pulumi from "@pulumi/pulumi";
import { withoutVersionedTypeAliases } from "./child-aliases";

/** The options of a child resource that a user may set (see https://www.pulumi.com/docs/iac/concepts/options/). */
export const CHILD_OPTION_NAMES = [
    "aliases",
    "import",
    "ignoreChanges",
    "protect",
    "retainOnDelete",
    "customTimeouts",
    "deletedWith",
] as const;

export type ChildResourceOptions = Pick<pulumi.CustomResourceOptions, (typeof CHILD_OPTION_NAMES)[number]>;

/**
 * The option names in `given` that are not allowed (a JavaScript caller may pass anything): empty when
 * all are allowed. Lets the component refuse them with a message before anything is registered.
 */
export function unsupportedChildOptions(given: ChildResourceOptions | undefined): string[] {
    if (given === undefined || given === null) return [];
    return Object.keys(given).filter((key) => !(CHILD_OPTION_NAMES as readonly string[]).includes(key));
}

/** The message for options a child cannot take: what was given, what is allowed, and why. */
export function childOptionsError(argument: string, keys: readonly string[]): string {
    return `${argument} = {${keys.join(", ")}}: ${keys.length === 1 ? "this option is" : "these options are"} not accepted for a resource the component creates (the component sets them itself, or they belong on the component's own options). Allowed: ${CHILD_OPTION_NAMES.join(", ")}. Fix: remove ${keys.join(", ")}, or pass it in the component's options (the third constructor argument).`;
}

/**
 * The child's options: the user's (only the allowed ones), then the component's own on top. ignoreChanges
 * is the one option both may set: the lists are joined. azure-native's API-version type aliases are
 * dropped (see child-aliases.ts); the user's aliases are kept.
 */
export function withChildOptions(
    own: pulumi.CustomResourceOptions,
    given: ChildResourceOptions | undefined,
): pulumi.CustomResourceOptions {
    const transformations = [withoutVersionedTypeAliases(given?.aliases), ...(own.transformations ?? [])];
    if (!given) return { ...own, transformations };
    const picked: Record<string, unknown> = {};
    for (const name of CHILD_OPTION_NAMES) {
        if (given[name] !== undefined) picked[name] = given[name];
    }
    const ignoreChanges = [...(given.ignoreChanges ?? []), ...(own.ignoreChanges ?? [])];
    return { ...picked, ...own, transformations, ...(ignoreChanges.length > 0 ? { ignoreChanges } : {}) };
}
