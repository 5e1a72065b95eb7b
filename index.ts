/**
 * pulumi-azure-vm-patching: the rule core at the package root; the components and the providers have
 * their own entry points (`pulumi-azure-vm-patching/components`, `.../provider`) so that importing the
 * rules never loads Pulumi or the Azure SDK.
 */
export * from "./rules";
