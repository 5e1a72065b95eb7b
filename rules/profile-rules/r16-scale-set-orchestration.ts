/**
 * R16: Uniform scale sets cannot use hotpatch; Flexible scale sets with AutomaticByPlatform need an
 * Application Health extension.
 */
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const scaleSetOrchestration = profileRule({
    id: "R16",
    severity: "error",
    title: "Uniform scale sets cannot use hotpatch; Flexible scale sets with AutomaticByPlatform need an Application Health extension",
    docUrl: DOCS.flexibleScaleSets,
    sources: [
        SOURCES.orchestrationModes,
        SOURCES.applicationHealthExtension,
        SOURCES.hotpatch,
        SOURCES.restScaleSet,
        SOURCES.azurermWindowsScaleSet,
    ],
    appliesTo: "scale sets",
    check(ctx) {
        const p = ctx.profile;
        if (p.resourceKind !== "scaleSet") return [];
        const orchestration = ctx.known(p.orchestrationMode) ?? "Uniform";
        if (orchestration === "Uniform") {
            if (ctx.known(p.enableHotpatching) !== true) return [];
            return [
                {
                    field: p.enableHotpatching,
                    reason: "scale sets in Uniform orchestration mode cannot use hotpatch.",
                    allowed: "enableHotpatching false on Uniform scale sets",
                    fix: `set ${ctx.name("enableHotpatching")} to false, or use orchestrationMode Flexible.`,
                },
            ];
        }
        if (ctx.mode() !== PLATFORM || ctx.known(p.hasApplicationHealthExtension)) return [];
        return [
            {
                field: p.patchMode,
                reason: "a Flexible scale set patched by the platform needs the Application Health extension to tell Azure whether an instance is healthy after patching.",
                allowed:
                    "AutomaticByPlatform with an ApplicationHealthWindows/ApplicationHealthLinux extension (publisher Microsoft.ManagedServices)",
                fix: "add the Application Health extension to the scale set's extension profile, or choose another patch mode.",
            },
        ];
    },
});
