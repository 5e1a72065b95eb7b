/**
 * The CrossGuard policy pack `azure-vm-patching`: run with `pulumi preview --policy-pack policies`
 * (see docs/policy-pack.md). Constructing the pack starts its Analyzer server, so nothing else
 * imports this file: the tests import `./policies`.
 */
import { PolicyPack } from "@pulumi/policy";
import { installPackDeserialization } from "./deserialization";
import { PACK_NAME, PATCH_POLICIES } from "./policies";

// Before the server starts: lets policies see which values are secrets, so messages never show them,
// and lets the two policies share one deserialization of each resource. Without it a secret patch
// setting or image id could be shown in a message: refuse to start rather than run without it.
if (!installPackDeserialization()) {
    throw new Error(
        "azure-vm-patching policy pack: this @pulumi/policy version does not let the pack keep secrets wrapped (deserialize.deserializeProperties is missing), so it could show secret values in its messages. Fix: use @pulumi/policy 1.21.0, the version in the pack's package.json.",
    );
}

new PolicyPack(PACK_NAME, {
    displayName: "Azure VM guest patching",
    description:
        "Flags Azure VMs and scale sets whose guest-patch settings Azure rejects (mandatory) or that miss the organisation's patching recommendations (advisory), in any Pulumi program.",
    policies: [...PATCH_POLICIES],
});
