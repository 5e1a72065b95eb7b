/**
 * The CrossGuard policy pack `azure-vm-patching`: run with `pulumi preview --policy-pack policies`
 * (see docs/policy-pack.md). Constructing the pack starts its Analyzer server, so nothing else
 * imports this file: the tests import `./policies`.
 */
import { PolicyPack } from "@pulumi/policy";
import { installPackDeserialization } from "./deserialization";
import { PACK_NAME, PATCH_POLICIES } from "./policies";

// Before the server starts: lets policies see which values are secrets, so messages never show them,
// and lets the two policies share one deserialization of each resource.
installPackDeserialization();

new PolicyPack(PACK_NAME, {
    displayName: "Azure VM guest patching",
    description:
        "Flags Azure VMs and scale sets whose guest-patch settings Azure rejects (mandatory) or that miss the organisation's patching recommendations (advisory), in any Pulumi program.",
    policies: [...PATCH_POLICIES],
});
