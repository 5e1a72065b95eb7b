/**
 * The one fix the pack makes by itself, when asked (the settings policy at level "remediate"):
 * enableAutomaticUpdates from the patch mode the user wrote (R2, R3, R5). The mode is the user's
 * stated intent and each Windows mode needs exactly one value of the flag, so the fix is certain.
 *
 * Nothing else is changed: when the mode is Azure's default (not written), when a value is unknown,
 * or for any other rule, which of the two settings the user meant cannot be known.
 */
import {
    AUTOMATIC_UPDATES_FOR_MODE,
    AUTOMATIC_UPDATES_RULES,
    type Evaluation,
    PATCH_MODES,
    type PatchProfile,
    type WindowsPatchMode,
} from "pulumi-azure-vm-patching";
import { exemptionFor } from "./checks";
import type { PolicyConfig } from "./config";

/** The rules a remediation resolves (R2, R3, R5); an exemption from any of them turns the remediation off. */
export const REMEDIATED_RULES: readonly string[] = AUTOMATIC_UPDATES_RULES;

export interface RemediationPlan {
    /** The property to set, as keys in the resource type's own shape (the rule core's pathKeys). */
    readonly path: readonly string[];
    readonly value: boolean;
}

/**
 * The certain fix for a resource the rule core has assessed, or undefined when there is none. Whether
 * the flag contradicts the mode is R2/R3/R5's to say (their findings); this only decides whether the
 * user's intent is certain: a mode written in plain text, and a flag that is not a secret.
 */
export function planRemediation(
    assessment: { readonly profile: PatchProfile; readonly evaluation: Evaluation },
    config: Pick<PolicyConfig, "exemptions">,
): RemediationPlan | undefined {
    const { profile, evaluation } = assessment;
    if (!evaluation.findings.some((f) => REMEDIATED_RULES.includes(f.ruleId))) return undefined;
    const mode = profile.patchMode;
    if (!mode.explicit || typeof mode.value !== "string" || mode.secret) return undefined;
    if (!(PATCH_MODES.Windows as readonly string[]).includes(mode.value)) return undefined;
    // AutomaticByPlatform with automatic updates off is valid on an existing VM created in Manual (R5):
    // turning them on there is a change Azure refuses (R12). A policy cannot know which VM it sees. (A
    // scale set can change the flag: it is fixed there.)
    if (mode.value === "AutomaticByPlatform" && profile.resourceKind === "virtualMachine") return undefined;
    const updates = profile.enableAutomaticUpdates;
    if (updates.secret) return undefined;
    // An exempt resource (or one whose exemption tags are unknown) is left as the user wrote it.
    if (REMEDIATED_RULES.some((id) => exemptionFor(profile, id, config.exemptions) !== undefined)) return undefined;
    const needed = AUTOMATIC_UPDATES_FOR_MODE[mode.value as WindowsPatchMode];
    return { path: updates.pathKeys, value: needed };
}

/**
 * The properties with a plan's value set (objects missing on the way are created). Copies what it
 * changes: the object it is given may be shared (sdk/deserialization.ts) and must stay as the engine sent it.
 */
export function applyRemediation<T extends object>(props: T, plan: RemediationPlan): T {
    return withValueAt(props, plan.path, plan.value) as T;
}

function withValueAt(holder: unknown, path: readonly string[], value: unknown): Record<string, unknown> {
    const base = holder !== null && typeof holder === "object" ? (holder as Record<string, unknown>) : {};
    const [key, ...rest] = path;
    return { ...base, [key]: rest.length === 0 ? value : withValueAt(base[key], rest, value) };
}
