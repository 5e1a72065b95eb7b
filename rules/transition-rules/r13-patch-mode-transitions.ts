/** R13: the patch mode of an existing VM changes only along the supported transitions. */
import { PATCH_MODES } from "../profile";
import { DOCS, SOURCES } from "../sources";
import { REPLACE_HINT, windowsTransition } from "./mode-transitions";
import { transitionRule } from "./transition-rule";

export const patchModeTransitions = transitionRule({
    id: "R13",
    severity: "error",
    title: "the patch mode of an existing VM changes only along the supported transitions",
    docUrl: DOCS.createOnly,
    sources: [SOURCES.changingPatchMode, SOURCES.patchModes],
    check(before, after) {
        if (before.os() !== "Windows" || after.os() !== "Windows") return [];
        const from = before.mode();
        const to = after.mode();
        if (windowsTransition(from, to) !== "not supported") return [];
        const fromText = before.shown(before.profile.patchMode, String(from));
        const toText = after.shown(after.profile.patchMode, String(to));
        // The targets allowed from a secret mode would name it: then state the table instead.
        const allowed = before.profile.patchMode.secret
            ? "Manual stays Manual; AutomaticByOS and AutomaticByPlatform change into each other"
            : `from ${from}: ${PATCH_MODES.Windows.filter((m) => windowsTransition(from, m) === "ok").join(", ")}`;
        return [
            {
                field: after.profile.patchMode,
                reason: `changing the patch mode of an existing VM from ${fromText} to ${toText} is not supported: Manual needs enableAutomaticUpdates false and the automatic modes need it true, and enableAutomaticUpdates can only be set when the VM is created.`,
                allowed,
                fix: `keep patchMode ${fromText}, or ${REPLACE_HINT}.`,
            },
        ];
    },
});
