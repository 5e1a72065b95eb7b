/**
 * The Windows patch-mode transitions Azure allows on an existing VM (R13; R12 defers to it), as data.
 * enableAutomaticUpdates can only be set when a VM is created, so what a VM may switch to depends on the
 * value it was created with, not on the pair of modes alone. Source: Microsoft's guest patching
 * article, the note under "Patch orchestration modes": Manual <-> AutomaticByPlatform is supported on
 * VMs that have enableAutomaticUpdates = false, AutomaticByOS <-> AutomaticByPlatform on VMs that have it
 * true, and AutomaticByOS <-> Manual not at all (DOCS.patchModes).
 */
import { PATCH_MODES, type WindowsPatchMode } from "../profile";

export type Transition = "ok" | "not supported";

/** One row of the table: the mode in the stack, and the enableAutomaticUpdates the VM was created with. */
export interface TransitionRow {
    readonly from: WindowsPatchMode;
    readonly createdWithAutomaticUpdates: boolean;
    readonly to: Readonly<Record<WindowsPatchMode, Transition>>;
}

/**
 * A row per state an existing Windows VM can be in, a column per new mode. Linux (ImageDefault <->
 * AutomaticByPlatform) is allowed both ways. A state not in the table (Manual with automatic updates
 * on, AutomaticByOS with them off) is one Azure refuses to create (R3, R2): nothing to look up.
 */
export const WINDOWS_MODE_TRANSITIONS: readonly TransitionRow[] = [
    {
        from: "Manual",
        createdWithAutomaticUpdates: false,
        to: { Manual: "ok", AutomaticByOS: "not supported", AutomaticByPlatform: "ok" },
    },
    {
        from: "AutomaticByOS",
        createdWithAutomaticUpdates: true,
        to: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
    },
    {
        from: "AutomaticByPlatform",
        createdWithAutomaticUpdates: true,
        to: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
    },
    {
        from: "AutomaticByPlatform",
        createdWithAutomaticUpdates: false,
        to: { Manual: "ok", AutomaticByOS: "not supported", AutomaticByPlatform: "ok" },
    },
];

const isWindowsMode = (mode: string | undefined): mode is WindowsPatchMode =>
    mode !== undefined && (PATCH_MODES.Windows as readonly string[]).includes(mode);

/**
 * The table's cell: the mode in the stack, the VM's create-time enableAutomaticUpdates, the new mode.
 * undefined when a mode is not a Windows mode (R1's) or the state is not one Azure creates (R2/R3's).
 */
export function windowsTransition(
    before: string | undefined,
    createdWithAutomaticUpdates: boolean | undefined,
    after: string | undefined,
): Transition | undefined {
    if (!isWindowsMode(before) || !isWindowsMode(after) || createdWithAutomaticUpdates === undefined) return undefined;
    const row = WINDOWS_MODE_TRANSITIONS.find(
        (r) => r.from === before && r.createdWithAutomaticUpdates === createdWithAutomaticUpdates,
    );
    return row?.to[after];
}

/** The way out of a refused change, which every transition rule's fix offers. */
export const REPLACE_HINT =
    "replace the VM instead: set the component's `allowReplacement: true` (or `pulumi up --replace <urn>`), which deletes the VM and its OS disk and creates it anew";
