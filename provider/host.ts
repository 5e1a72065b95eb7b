/**
 * `pulumi-azure-vm-patching/provider/host`: an internal entry for Pulumi's dynamic-provider host only,
 * not an API. The serialized providers (dynamic/forwarding-provider.ts) require it by package name inside
 * the host and call the handlers exported here by name. Every name here is written into stored state,
 * so a name that was ever exported must stay resolvable.
 */
export { patchAssessmentHandlers } from "./assessment/handlers";
export { featureRegistrationHandlers, providerRegistrationHandlers } from "./features/handlers";
export { patchGuardHandlers } from "./guard/dynamic-provider";
