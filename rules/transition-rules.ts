/**
 * The rules about changing an existing VM (R12, R13): they compare the settings in the stack's state
 * with the new ones. Azure refuses these changes at apply time (PropertyChangeNotAllowed), after other
 * resources of the update may already have changed; here they are refused before anything is sent.
 *
 * The way out is replacing the VM, which destroys its OS disk: only when the user opts in explicitly.
 */

import { DOCS } from "./docs";
import { runRules } from "./evaluate";
import type { Evaluation, Finding, RuleInfo } from "./findings";
import {
    AZURE_DEFAULTS,
    effectivePatchMode,
    type Field,
    isUnknown,
    PATCH_MODES,
    type PatchProfile,
    type WindowsPatchMode,
} from "./profile";
import { UndeterminedValue, type Violation } from "./rule-context";

type Transition = "ok" | "not supported";

/**
 * R13: Windows patch-mode transitions of an existing VM (DOMAIN.md). A row is the mode in the stack,
 * a column the new mode. Linux (ImageDefault <-> AutomaticByPlatform) is allowed both ways.
 */
export const WINDOWS_MODE_TRANSITIONS: Readonly<
    Record<WindowsPatchMode, Readonly<Record<WindowsPatchMode, Transition>>>
> = {
    Manual: { Manual: "ok", AutomaticByOS: "not supported", AutomaticByPlatform: "not supported" },
    AutomaticByOS: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
    AutomaticByPlatform: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
};

export interface TransitionOptions {
    /**
     * The user accepts replacing the VM (delete, then create: its OS disk is lost) when a change cannot
     * be applied in place. Then the result asks for replacement instead of reporting errors.
     */
    readonly allowReplacement?: boolean;
}

export interface TransitionResult extends Evaluation {
    /** True when the change can only be made by replacing the VM (and the user allowed it). */
    readonly replace: boolean;
    /** Why replacement is needed: the messages of the rules that would otherwise fail. */
    readonly replaceReasons: readonly string[];
}

interface TransitionRule extends RuleInfo {
    check(before: PatchProfile, after: PatchProfile): Violation[];
}

const REPLACE_HINT =
    "replace the VM instead: set the component's `allowReplacement: true` (or `pulumi up --replace <urn>`), which deletes the VM and its OS disk and creates it anew";

function known<T>(field: Field<T>): T {
    if (isUnknown(field.value)) throw new UndeterminedValue(field.path);
    return field.value;
}

function modeOf(profile: PatchProfile): string | undefined {
    const mode = effectivePatchMode(profile);
    if (isUnknown(mode)) throw new UndeterminedValue(profile.patchMode.path);
    return mode;
}

/** A field's value as a sentence may name it: never when it came from a secret. */
function shown(field: Field<unknown>, text: string): string {
    return field.secret ? "[secret]" : text;
}

/** The flag in effect; undefined when written with the wrong type (R0's to report; nothing to compare). */
function automaticUpdatesOf(profile: PatchProfile): boolean | undefined {
    const value = known(profile.enableAutomaticUpdates);
    if (value !== undefined) return value;
    return profile.enableAutomaticUpdates.raw === undefined ? AZURE_DEFAULTS.enableAutomaticUpdates : undefined;
}

function windowsTransition(before: string | undefined, after: string | undefined): Transition | undefined {
    const modes: readonly string[] = PATCH_MODES.Windows;
    if (before === undefined || after === undefined || !modes.includes(before) || !modes.includes(after)) {
        return undefined; // R1 reports modes that are not Windows modes.
    }
    return WINDOWS_MODE_TRANSITIONS[before as WindowsPatchMode][after as WindowsPatchMode];
}

export const TRANSITION_RULES: readonly TransitionRule[] = [
    {
        id: "R13",
        severity: "error",
        title: "the patch mode of an existing VM changes only along the supported transitions",
        docUrl: DOCS.createOnly,
        check(before, after) {
            if (known(before.os) !== "Windows" || known(after.os) !== "Windows") return [];
            const from = modeOf(before);
            const to = modeOf(after);
            if (windowsTransition(from, to) !== "not supported") return [];
            const fromText = shown(before.patchMode, String(from));
            const toText = shown(after.patchMode, String(to));
            // The targets allowed from a secret mode would name it: then state the table instead.
            const allowed = before.patchMode.secret
                ? "Manual stays Manual; AutomaticByOS and AutomaticByPlatform change into each other"
                : `from ${from}: ${PATCH_MODES.Windows.filter((m) => windowsTransition(from, m) === "ok").join(", ")}`;
            return [
                {
                    field: after.patchMode,
                    reason: `changing the patch mode of an existing VM from ${fromText} to ${toText} is not supported: Manual needs enableAutomaticUpdates false and the automatic modes need it true, and enableAutomaticUpdates can only be set when the VM is created.`,
                    allowed,
                    fix: `keep patchMode ${fromText}, or ${REPLACE_HINT}.`,
                },
            ];
        },
    },
    {
        id: "R12",
        severity: "error",
        title: "enableAutomaticUpdates can only be set when the VM is created",
        docUrl: DOCS.createOnly,
        check(before, after) {
            if (known(before.os) !== "Windows" || known(after.os) !== "Windows") return [];
            // A mode change Azure refuses is R13's to report; its message covers this flag too. While a
            // mode is unknown R13 stays undetermined, but a changed flag is refused whatever the modes.
            const fromMode = effectivePatchMode(before);
            const toMode = effectivePatchMode(after);
            if (!isUnknown(fromMode) && !isUnknown(toMode) && windowsTransition(fromMode, toMode) === "not supported")
                return [];
            const from = automaticUpdatesOf(before);
            const to = automaticUpdatesOf(after);
            if (from === undefined || to === undefined || from === to) return [];
            const fromText = shown(before.enableAutomaticUpdates, String(from));
            return [
                {
                    field: after.enableAutomaticUpdates,
                    reason: `enableAutomaticUpdates is ${fromText} on the existing VM and Azure does not allow changing it (PropertyChangeNotAllowed).`,
                    allowed: `${fromText} (the value the VM was created with)`,
                    fix: `set enableAutomaticUpdates back to ${before.enableAutomaticUpdates.secret ? "the value the VM was created with" : from}, or ${REPLACE_HINT}.`,
                },
            ];
        },
    },
];

/**
 * Checks a change of patch settings on an existing VM. Without `allowReplacement`, a change Azure
 * refuses is an error finding; with it, the result asks for replacement and carries the reasons.
 */
export function checkTransition(
    before: PatchProfile,
    after: PatchProfile,
    options: TransitionOptions = {},
): TransitionResult {
    const { findings, undetermined } = runRules(TRANSITION_RULES, (rule) => rule.check(before, after), after.source);
    const refused = findings.filter((f) => f.severity === "error");
    if (options.allowReplacement && refused.length > 0) {
        return { findings: [], undetermined, replace: true, replaceReasons: refused.map((f: Finding) => f.message) };
    }
    return { findings, undetermined, replace: false, replaceReasons: [] };
}
