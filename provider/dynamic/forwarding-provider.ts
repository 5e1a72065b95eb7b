/**
 * The dynamic providers as Pulumi serializes them into state (`__provider`). Each method only forwards
 * to the handlers, which it requires by package name at call time from the host entry
 * (`pulumi-azure-vm-patching/provider/host`, see provider/host.ts): the serialized text stays a few
 * hundred bytes, captures no module by value, and runs against the package installed next to the stack
 * (the dynamic-provider host resolves `require` from the stack's directory).
 *
 * Do not reference anything from this file's scope inside these methods but `handlers` and the name:
 * serializeFunction captures what they reference by value.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The handler sets the host entry exports, by the name the serialized text looks them up with. */
export type HostHandlersName = keyof typeof import("../host");

/** The named handlers, loaded from the package installed next to the stack, or a message saying how to install it. */
function handlers(name: HostHandlersName) {
    try {
        return require("pulumi-azure-vm-patching/provider/host")[name];
    } catch (error) {
        if ((error as { code?: string }).code === "MODULE_NOT_FOUND") {
            throw new Error(
                `pulumi-azure-vm-patching is not installed where this stack runs (${process.cwd()}): its resources load it from the stack's node_modules. Run \`npm install pulumi-azure-vm-patching\` in the Pulumi project directory. (${(error as Error).message.split("\n")[0]})`,
            );
        }
        throw error;
    }
}

/** A provider whose every engine call runs the host entry's handlers of that name. */
export function forwardingProvider(name: HostHandlersName): pulumi.dynamic.ResourceProvider {
    return {
        check: (olds, news) => handlers(name).check(olds, news),
        diff: (id, olds, news) => handlers(name).diff(id, olds, news),
        create: (inputs) => handlers(name).create(inputs),
        read: (id, props) => handlers(name).read(id, props),
        update: (id, olds, news) => handlers(name).update(id, olds, news),
        delete: (id, props) => handlers(name).delete(id, props),
    };
}
