/**
 * The dynamic providers as Pulumi serializes them into state (`__provider`). Each method only forwards
 * to the handlers, which it requires by package name at call time: the serialized text stays a few
 * hundred bytes, captures no module by value, and runs against the package installed next to the stack
 * (the dynamic-provider host resolves `require` from the stack's directory).
 *
 * Do not reference anything from this file's scope inside these methods: serializeFunction would
 * capture it by value.
 */
import type * as pulumi from "@pulumi/pulumi";

export const featureRegistrationProvider: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => require("pulumi-azure-vm-patching/provider").featureRegistrationHandlers.check(olds, news),
    diff: (id, olds, news) =>
        require("pulumi-azure-vm-patching/provider").featureRegistrationHandlers.diff(id, olds, news),
    create: (inputs) => require("pulumi-azure-vm-patching/provider").featureRegistrationHandlers.create(inputs),
    read: (id, props) => require("pulumi-azure-vm-patching/provider").featureRegistrationHandlers.read(id, props),
    update: (id, olds, news) =>
        require("pulumi-azure-vm-patching/provider").featureRegistrationHandlers.update(id, olds, news),
    delete: (id, props) => require("pulumi-azure-vm-patching/provider").featureRegistrationHandlers.delete(id, props),
};

export const providerRegistrationProvider: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => require("pulumi-azure-vm-patching/provider").providerRegistrationHandlers.check(olds, news),
    diff: (id, olds, news) =>
        require("pulumi-azure-vm-patching/provider").providerRegistrationHandlers.diff(id, olds, news),
    create: (inputs) => require("pulumi-azure-vm-patching/provider").providerRegistrationHandlers.create(inputs),
    read: (id, props) => require("pulumi-azure-vm-patching/provider").providerRegistrationHandlers.read(id, props),
    update: (id, olds, news) =>
        require("pulumi-azure-vm-patching/provider").providerRegistrationHandlers.update(id, olds, news),
    delete: (id, props) => require("pulumi-azure-vm-patching/provider").providerRegistrationHandlers.delete(id, props),
};

export const patchAssessmentProvider: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => require("pulumi-azure-vm-patching/provider").patchAssessmentHandlers.check(olds, news),
    diff: (id, olds, news) => require("pulumi-azure-vm-patching/provider").patchAssessmentHandlers.diff(id, olds, news),
    create: (inputs) => require("pulumi-azure-vm-patching/provider").patchAssessmentHandlers.create(inputs),
    read: (id, props) => require("pulumi-azure-vm-patching/provider").patchAssessmentHandlers.read(id, props),
    update: (id, olds, news) =>
        require("pulumi-azure-vm-patching/provider").patchAssessmentHandlers.update(id, olds, news),
    delete: (id, props) => require("pulumi-azure-vm-patching/provider").patchAssessmentHandlers.delete(id, props),
};
