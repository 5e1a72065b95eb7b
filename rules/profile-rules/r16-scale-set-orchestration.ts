/**
 * R16: what each scale-set orchestration mode allows.
 * - Uniform: no in-guest automatic patching (Microsoft's orchestration-modes comparison: "In Guest
 *   Security Patching: No"); the only known opt-in is the gated preview feature
 *   InGuestAutoPatchVmssUniformPreview, which stays Pending for most subscriptions (AVM issue 3634),
 *   so AutomaticByPlatform is an error unless the organisation says its subscriptions have it. Azure
 *   Edition hotpatch images cannot be used at all (Microsoft's hotpatch article).
 * - Flexible: AutomaticByPlatform needs an Application Health extension; on a hotpatch-capable image
 *   hotpatch must stay on (azurerm's checks; Azure's error quoted in azurerm PR 24335).
 */
import type { RuleContext, Violation } from "../rule-context";
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const scaleSetOrchestration = profileRule({
    id: "R16",
    severity: "error",
    title: "scale sets: Uniform has no in-guest automatic patching (unless opted in) and no hotpatch images; Flexible needs Application Health for AutomaticByPlatform and keeps hotpatch on",
    docUrl: DOCS.orchestrationModes,
    sources: [
        SOURCES.orchestrationModes,
        SOURCES.hotpatch,
        SOURCES.uniformPatchingPreview,
        SOURCES.applicationHealthExtension,
        SOURCES.azurermOrchestratedScaleSet,
        SOURCES.azurermFlexibleHotpatchError,
        SOURCES.restScaleSet,
    ],
    appliesTo: "scale sets",
    check(ctx) {
        const orchestration = ctx.orchestration();
        if (orchestration === undefined) return [];
        return orchestration === "Uniform" ? uniform(ctx) : flexible(ctx);
    },
});

function uniform(ctx: RuleContext): Violation[] {
    const p = ctx.profile;
    const violations: Violation[] = [];
    if (ctx.image().hotpatch) {
        violations.push({
            field: p.image,
            reason: `${ctx.imageText()} is an Azure Edition hotpatch image, and scale sets in Uniform orchestration cannot be created on those.`,
            allowed: "on a Uniform scale set, an image that is not hotpatch-capable",
            fix: "use orchestrationMode Flexible, or an image without hotpatch (for example 2022-datacenter-azure-edition).",
        });
    } else if (ctx.known(p.enableHotpatching) === true) {
        violations.push({
            field: p.enableHotpatching,
            reason: "scale sets in Uniform orchestration mode cannot use hotpatch.",
            allowed: "enableHotpatching false on Uniform scale sets",
            fix: `set ${ctx.name("enableHotpatching")} to false, or use orchestrationMode Flexible.`,
        });
    }
    if (ctx.mode() === PLATFORM && !ctx.choices.uniformScaleSetAutomaticPatching) {
        violations.push({
            field: p.patchMode,
            reason: "in-guest automatic patching is not supported on scale sets in Uniform orchestration (Microsoft's orchestration-modes comparison). The only known way in is the gated preview feature InGuestAutoPatchVmssUniformPreview (namespace Microsoft.Compute), whose registration stays Pending for most subscriptions.",
            allowed: `${ctx.os() === "Linux" ? "ImageDefault" : "AutomaticByOS or Manual"} on a Uniform scale set; ${PLATFORM} only where the organisation's subscriptions have the preview feature registered`,
            fix: `keep instances patched with automatic OS image upgrades and choose ${ctx.name("patchMode")} ${ctx.os() === "Linux" ? "ImageDefault" : "AutomaticByOS"}, or use orchestrationMode Flexible; if your subscriptions have InGuestAutoPatchVmssUniformPreview Registered, say so with the policy pack's uniformScaleSetAutomaticPatching (evaluateProfile's option of the same name).`,
        });
    }
    return violations;
}

function flexible(ctx: RuleContext): Violation[] {
    const p = ctx.profile;
    const violations: Violation[] = [];
    if (ctx.mode() === PLATFORM && !ctx.known(p.hasApplicationHealthExtension)) {
        violations.push({
            field: p.patchMode,
            reason: "a Flexible scale set patched by the platform needs the Application Health extension to tell Azure whether an instance is healthy after patching.",
            allowed:
                "AutomaticByPlatform with an ApplicationHealthWindows/ApplicationHealthLinux extension (publisher Microsoft.ManagedServices)",
            fix: "add the Application Health extension to the scale set's extension profile, or choose another patch mode.",
        });
    }
    if (ctx.os() === "Windows" && ctx.known(p.enableHotpatching) === false && ctx.image().hotpatch) {
        violations.push({
            field: p.enableHotpatching,
            reason: `${ctx.imageText()} is hotpatch-capable, and Azure requires enableHotpatching true on scale sets running hotpatch-capable images ("'EnableHotpatching' must be set to 'true' on Virtual Machine Scale Sets running Hotpatch-compatible images").`,
            allowed: "true on a hotpatch-capable image",
            fix: p.enableHotpatching.defaultBy
                ? `set ${ctx.name("enableHotpatching")} to true (${p.enableHotpatching.defaultBy} sends false when it is not set), or use an image without hotpatch.`
                : `set ${ctx.name("enableHotpatching")} to true (or remove it), or use an image without hotpatch.`,
        });
    }
    return violations;
}
