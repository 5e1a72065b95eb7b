/**
 * R20: on a Windows scale set with automatic OS image upgrades, Azure sets enableAutomaticUpdates to
 * false itself and refuses true. The Compute REST spec (AutomaticOSUpgradePolicy.enableAutomaticOSUpgrade):
 * "If this is set to true for Windows based scale sets, enableAutomaticUpdates is automatically set to
 * false and cannot be set to true." Azure's error, from API 2019-03-01 on, is quoted in aks-engine issue
 * 1795. patchMode AutomaticByOS needs automatic updates on (R2), so it cannot work there either.
 * Automatic OS upgrades are a Uniform feature (Microsoft's orchestration-modes comparison).
 */
import type { Violation } from "../rule-context";
import { DOCS, SOURCES } from "../sources";
import { profileRule } from "./profile-rule";

export const automaticOsUpgradeForcesUpdatesOff = profileRule({
    id: "R20",
    severity: "error",
    title: "a Windows Uniform scale set with automatic OS image upgrades has enableAutomaticUpdates forced to false",
    docUrl: DOCS.automaticOsUpgrade,
    sources: [
        SOURCES.restScaleSet,
        SOURCES.restAutomaticOsUpgradeError,
        SOURCES.automaticOsUpgrade,
        SOURCES.orchestrationModes,
    ],
    appliesTo: "Windows scale sets in Uniform orchestration",
    check(ctx) {
        if (!ctx.automaticOsUpgradeForcesUpdatesOff()) return [];
        const p = ctx.profile;
        const upgrade = p.automaticOSUpgrade?.path ?? "enableAutomaticOSUpgrade";
        const violations: Violation[] = [];
        if (p.enableAutomaticUpdates.explicit && ctx.known(p.enableAutomaticUpdates) === true) {
            violations.push({
                field: p.enableAutomaticUpdates,
                reason: `${upgrade} is true: Azure turns Windows automatic updates off on this scale set and refuses true (automatic OS image upgrades replace the OS disk instead).`,
                allowed: "false, or not set",
                fix: `set ${ctx.name("enableAutomaticUpdates")} to false (or remove it), or turn automatic OS image upgrades off.`,
            });
        }
        if (p.patchMode.explicit && ctx.mode() === "AutomaticByOS") {
            violations.push({
                field: p.patchMode,
                reason: `${upgrade} is true, so Azure keeps Windows automatic updates off here, and patchMode AutomaticByOS needs them on.`,
                allowed: "a mode that does not need automatic updates (Manual), or not set",
                fix: `remove ${ctx.name("patchMode")} (automatic OS image upgrades keep the instances patched) or set it to Manual, or turn automatic OS image upgrades off.`,
            });
        }
        return violations;
    },
});
