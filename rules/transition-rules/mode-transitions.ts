/**
 * The Windows patch-mode transitions Azure allows on an existing VM (R13; R12 defers to it), as data.
 * Source: Microsoft's guest patching article, "changing the patch mode" (DOCS.createOnly).
 */
import { PATCH_MODES, type WindowsPatchMode } from "../profile";

export type Transition = "ok" | "not supported";

/**
 * A row is the mode in the stack, a column the new mode. Linux (ImageDefault <-> AutomaticByPlatform)
 * is allowed both ways.
 */
export const WINDOWS_MODE_TRANSITIONS: Readonly<
    Record<WindowsPatchMode, Readonly<Record<WindowsPatchMode, Transition>>>
> = {
    Manual: { Manual: "ok", AutomaticByOS: "not supported", AutomaticByPlatform: "not supported" },
    AutomaticByOS: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
    AutomaticByPlatform: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
};

/** The table's cell for two modes; undefined when either is not a Windows mode (R1 reports those). */
export function windowsTransition(before: string | undefined, after: string | undefined): Transition | undefined {
    const modes: readonly string[] = PATCH_MODES.Windows;
    if (before === undefined || after === undefined || !modes.includes(before) || !modes.includes(after)) {
        return undefined;
    }
    return WINDOWS_MODE_TRANSITIONS[before as WindowsPatchMode][after as WindowsPatchMode];
}

/** The way out of a refused change, which every transition rule's fix offers. */
export const REPLACE_HINT =
    "replace the VM instead: set the component's `allowReplacement: true` (or `pulumi up --replace <urn>`), which deletes the VM and its OS disk and creates it anew";
