/**
 * The CrossGuard policy pack `azure-vm-patching`: run with `pulumi preview --policy-pack policies`
 * (see docs/policy-pack.md). Constructing the pack starts its Analyzer server, so nothing else
 * imports this file: the tests import `./policies`.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, PATCH_POLICIES } from "./policies";
import { keepSecretsWrapped } from "./secret-aware-deserialization";

// Before the server starts: lets policies see which values are secrets, so messages never show them.
keepSecretsWrapped();

new PolicyPack(PACK_NAME, {
    displayName: "Azure VM guest patching",
    description:
        "Flags Azure VMs and scale sets whose guest-patch settings Azure rejects (mandatory) or that miss the organisation's patching recommendations (advisory), in any Pulumi program.",
    policies: [...PATCH_POLICIES],
});
