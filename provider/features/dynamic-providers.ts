/**
 * The dynamic providers as Pulumi serializes them into state (`__provider`). Each method only forwards
 * to the handlers, which it requires by package name at call time: the serialized text stays a few
 * hundred bytes, captures no module by value, and runs against the package installed next to the stack
 * (the dynamic-provider host resolves `require` from the stack's directory).
 *
 * Do not reference anything from this file's scope inside these methods but `handlers`:
 * serializeFunction captures what they reference by value.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The named handlers, loaded from the package installed next to the stack, or a message saying how to install it. */
function handlers(name: string) {
    try {
        return require("pulumi-azure-vm-patching/provider")[name];
    } catch (error) {
        if ((error as { code?: string }).code === "MODULE_NOT_FOUND") {
            throw new Error(
                `pulumi-azure-vm-patching is not installed where this stack runs (${process.cwd()}): its resources load it from the stack's node_modules. Run \`npm install pulumi-azure-vm-patching\` in the Pulumi project directory. (${(error as Error).message.split("\n")[0]})`,
            );
        }
        throw error;
    }
}

export const featureRegistrationProvider: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => handlers("featureRegistrationHandlers").check(olds, news),
    diff: (id, olds, news) => handlers("featureRegistrationHandlers").diff(id, olds, news),
    create: (inputs) => handlers("featureRegistrationHandlers").create(inputs),
    read: (id, props) => handlers("featureRegistrationHandlers").read(id, props),
    update: (id, olds, news) => handlers("featureRegistrationHandlers").update(id, olds, news),
    delete: (id, props) => handlers("featureRegistrationHandlers").delete(id, props),
};

export const providerRegistrationProvider: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => handlers("providerRegistrationHandlers").check(olds, news),
    diff: (id, olds, news) => handlers("providerRegistrationHandlers").diff(id, olds, news),
    create: (inputs) => handlers("providerRegistrationHandlers").create(inputs),
    read: (id, props) => handlers("providerRegistrationHandlers").read(id, props),
    update: (id, olds, news) => handlers("providerRegistrationHandlers").update(id, olds, news),
    delete: (id, props) => handlers("providerRegistrationHandlers").delete(id, props),
};

export const patchAssessmentProvider: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => handlers("patchAssessmentHandlers").check(olds, news),
    diff: (id, olds, news) => handlers("patchAssessmentHandlers").diff(id, olds, news),
    create: (inputs) => handlers("patchAssessmentHandlers").create(inputs),
    read: (id, props) => handlers("patchAssessmentHandlers").read(id, props),
    update: (id, olds, news) => handlers("patchAssessmentHandlers").update(id, olds, news),
    delete: (id, props) => handlers("patchAssessmentHandlers").delete(id, props),
};
