/**
 * The policies as a library: put them in your own policy pack next to your own policies, or run them as
 * a pack of their own.
 *
 * ```ts
 * import { PolicyPack } from "@pulumi/policy";
 * import { azureVmPatchingPolicies } from "pulumi-azure-vm-patching/policies";
 *
 * new PolicyPack("contoso-azure", {
 *     policies: [...azureVmPatchingPolicies({ all: "mandatory", rules: { W2: "advisory" } }), ...myPolicies],
 * });
 * // or, a pack of these policies alone:
 * new AzureVmPatchingPack({ all: "mandatory" });
 * ```
 */
import * as path from "node:path";
import { type AzureVmPatchingArgs, resolveArgs } from "./args";
import { makeRecommendationsPolicy, makeSettingsPolicy, PACK_NAME } from "./policies";
import { makeSchedulePolicy } from "./schedule-policy";
import {
    installNativeStringEncoding,
    installPackDeserialization,
    installRequestDecoding,
    type Policies,
    PolicyPack,
} from "./sdk";

/**
 * The @pulumi/policy copies this process has loaded. The policies read the SDK's secrets and patch
 * its deserialization (sdk/deserialization.ts), which only works on the copy that runs the pack: two
 * copies would let a secret show in a message.
 */
function loadedPolicySdks(): string[] {
    const roots = new Set<string>();
    for (const file of Object.keys(require.cache)) {
        const match = /^(.*[\\/]node_modules[\\/]@pulumi[\\/]policy)[\\/][^\\/]+\.js$/.exec(file);
        if (match) roots.add(path.resolve(match[1]));
    }
    return [...roots];
}

function prepareProcess(): void {
    const sdks = loadedPolicySdks();
    if (sdks.length > 1) {
        throw new Error(
            `azure-vm-patching policies: this process loaded two copies of @pulumi/policy (${sdks.join(", ")}), so the policies cannot keep secrets out of their messages. Fix: depend on the same @pulumi/policy version as pulumi-azure-vm-patching (its peer dependency) and reinstall, so npm keeps one copy (npm ls @pulumi/policy shows them).`,
        );
    }
    // Before the pack's server starts: lets policies see which values are secrets, so messages never
    // show them, and lets the two policies share one deserialization of each resource.
    if (!installPackDeserialization()) {
        throw new Error(
            "azure-vm-patching policies: this @pulumi/policy version does not let the pack keep secrets wrapped (deserialize.deserializeProperties is missing), so it could show secret values in its messages. Fix: use @pulumi/policy 1.21, the version pulumi-azure-vm-patching's peer dependency names.",
        );
    }
    // Only speed: the reports' strings written natively, the same bytes (where it cannot apply,
    // responses are written by google-protobuf's own encoder, as any pack's are).
    installNativeStringEncoding();
    // Only speed: Analyze requests' properties decoded from their bytes into the plain values the
    // policies read (sdk/request-decoding.ts; where it cannot apply, or declines a request, google-protobuf
    // decodes them, as in any pack).
    installRequestDecoding();
}

/**
 * The three policies (`azure-vm-patch-settings`, `azure-vm-patch-recommendations`, and the stack policy
 * `azure-vm-patch-schedules`) with the levels and
 * configuration defaults the arguments give, for any policy pack. Throws {@link AzureVmPatchingArgsError}
 * for arguments it cannot use. The policies read secrets through the SDK's own wrappers: it also makes
 * the SDK keep them wrapped in this process, which the other policies of the pack do not notice (what
 * they read through the SDK is unchanged), and has the process's Analyze responses write long strings
 * with Node's UTF-8 encoder (sdk/string-encoding.ts: the same bytes, less CPU).
 */
export function azureVmPatchingPolicies(args: AzureVmPatchingArgs = {}): Policies {
    const defaults = resolveArgs(args);
    prepareProcess();
    return [
        makeSettingsPolicy(defaults.settings),
        makeRecommendationsPolicy(defaults.recommendations),
        makeSchedulePolicy(defaults.schedules),
    ];
}

/**
 * A policy pack of these policies alone (`new AzureVmPatchingPack()`, or with a name of your own and
 * arguments: `new AzureVmPatchingPack("contoso-vm-patching", { all: "mandatory" })`). Constructing it
 * starts the pack's server: do it in the pack's entry module, once.
 */
export class AzureVmPatchingPack extends PolicyPack {
    constructor(args?: AzureVmPatchingArgs);
    constructor(name: string, args?: AzureVmPatchingArgs);
    constructor(nameOrArgs?: string | AzureVmPatchingArgs, args?: AzureVmPatchingArgs) {
        const name = typeof nameOrArgs === "string" ? nameOrArgs : PACK_NAME;
        const packArgs = typeof nameOrArgs === "string" ? args : nameOrArgs;
        super(name, {
            displayName: "Azure VM guest patching",
            description:
                "Flags Azure VMs and scale sets whose guest-patch settings Azure rejects (mandatory) or that miss the organisation's patching recommendations (advisory), in any Pulumi program.",
            policies: azureVmPatchingPolicies(packArgs),
        });
    }
}
