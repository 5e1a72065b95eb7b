/**
 * What a user can import from `pulumi-azure-vm-patching/provider`, through the package's own entry
 * point: the resources and functions they construct or call, the arguments they pass, the types of what
 * they read back, and the errors they may catch; nothing of the machinery behind them (handlers,
 * serialized providers, ARM clients, waits, state readers).
 */
import * as assert from "node:assert/strict";
import { declaredExports } from "../support/declared-exports";

const VALUES = [
    "ArmOperationError",
    "AZURE_CLOUDS",
    "CREDENTIAL_KINDS",
    "ConnectionArgumentError",
    "DEFAULT_TIMEOUTS",
    "FeatureRegistration",
    "getVmPatchStatus",
    "getVmPatchStatusOutput",
    "PATCHING_PREVIEW_FEATURES",
    "PatchAssessment",
    "PatchTransitionGuard",
    "PreviewFeatureRegistrations",
    "ResourceProviderRegistration",
    "setCredentialFactory",
];

const TYPES = [
    "ArmConnectionArgs",
    "AssessedPatch",
    "AzureCloud",
    "CredentialFactory",
    "CredentialKind",
    "CredentialSettings",
    "FeatureRegistrationArgs",
    "FeatureState",
    "PatchAssessmentArgs",
    "PatchAssessmentResult",
    "PatchInstallationSummary",
    "PatchSummary",
    "PatchTransitionGuardArgs",
    "PreviewFeatureRegistrationsArgs",
    "Progress",
    "ResourceProviderRegistrationArgs",
    "TimeoutsArgs",
    "VmPatchStatus",
    "VmPatchStatusArgs",
];

const sorted = (names: string[]) => [...names].sort();

describe("/provider public surface", () => {
    it("declares to TypeScript exactly the resources, functions, errors, arguments and result types", () => {
        assert.deepEqual(declaredExports("pulumi-azure-vm-patching/provider"), sorted([...VALUES, ...TYPES]));
    });

    it("exports exactly those values at run time", () => {
        assert.deepEqual(Object.keys(require("pulumi-azure-vm-patching/provider")).sort(), sorted(VALUES));
    });

    it("/provider/host, for the dynamic-provider host only, offers the handlers by the names stored in state", () => {
        const host = require("pulumi-azure-vm-patching/provider/host");
        assert.deepEqual(Object.keys(host).sort(), [
            "featureRegistrationHandlers",
            "patchAssessmentHandlers",
            "patchGuardHandlers",
            "providerRegistrationHandlers",
        ]);
        for (const handlers of Object.values(host) as Record<string, unknown>[]) {
            assert.deepEqual(Object.keys(handlers).sort(), ["check", "create", "delete", "diff", "read", "update"]);
        }
    });
});
