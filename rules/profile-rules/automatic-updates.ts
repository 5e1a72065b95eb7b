/**
 * R2, R3 and R5 as one table: the enableAutomaticUpdates each Windows patch mode needs. The three
 * rules enforce it; derivations (resolvePatchSettings) and remediations (the policy pack) read it here.
 */
import type { WindowsPatchMode } from "../profile";
import type { RuleContext } from "../rule-context";

export const AUTOMATIC_UPDATES_FOR_MODE: Readonly<Record<WindowsPatchMode, boolean>> = {
    Manual: false, // R3
    AutomaticByOS: true, // R2
    AutomaticByPlatform: true, // R5
};

/**
 * A Windows VM in `mode` whose enableAutomaticUpdates (written, or Azure's default) is the opposite of
 * what {@link AUTOMATIC_UPDATES_FOR_MODE} says the mode needs. A value of the wrong type is R0's.
 */
export function automaticUpdatesContradict(ctx: RuleContext, mode: WindowsPatchMode): boolean {
    if (ctx.os() !== "Windows" || ctx.mode() !== mode) return false;
    // Azure turns automatic updates off itself there, whatever the mode would need: R20's to report.
    if (ctx.automaticOsUpgradeForcesUpdatesOff()) return false;
    return ctx.automaticUpdates() === !AUTOMATIC_UPDATES_FOR_MODE[mode];
}
