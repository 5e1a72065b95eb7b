/** R13: the patch mode of an existing VM changes only along the transitions its create-time enableAutomaticUpdates allows. */
import { PATCH_MODES } from "../profile";
import { AUTOMATIC_UPDATES_FOR_MODE } from "../profile-rules/automatic-updates";
import { DOCS, SOURCES } from "../sources";
import { REPLACE_HINT, windowsTransition } from "./mode-transitions";
import { transitionRule } from "./transition-rule";

export const patchModeTransitions = transitionRule({
    id: "R13",
    severity: "error",
    title: "the patch mode of an existing VM changes only along the transitions its create-time enableAutomaticUpdates allows",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes, SOURCES.changingPatchMode],
    check(before, after) {
        // Scale sets: enableAutomaticUpdates can be changed there (it applies on reimage), so no mode is locked.
        if (before.profile.resourceKind !== "virtualMachine") return [];
        if (before.os() !== "Windows" || after.os() !== "Windows") return [];
        const from = before.mode();
        const createdWith = before.automaticUpdates();
        const to = after.mode();
        if (windowsTransition(from, createdWith, to) !== "not supported") return [];
        const fromText = before.shown(before.profile.patchMode, String(from));
        const toText = after.shown(after.profile.patchMode, String(to));
        const createdText = before.shown(before.profile.enableAutomaticUpdates, String(createdWith));
        // The targets allowed from a secret state would name it: then state the rule instead.
        const secret = before.profile.patchMode.secret || before.profile.enableAutomaticUpdates.secret;
        const allowed = secret
            ? "Manual on a VM created with enableAutomaticUpdates = false; AutomaticByOS on one created with true; AutomaticByPlatform on either"
            : `from ${from} on a VM created with enableAutomaticUpdates = ${createdWith}: ${PATCH_MODES.Windows.filter((m) => windowsTransition(from, createdWith, m) === "ok").join(", ")}`;
        const needs = after.profile.patchMode.secret
            ? "the new mode needs the other value of enableAutomaticUpdates"
            : `${to} needs enableAutomaticUpdates = ${AUTOMATIC_UPDATES_FOR_MODE[to as keyof typeof AUTOMATIC_UPDATES_FOR_MODE]}`;
        return [
            {
                field: after.profile.patchMode,
                reason: `changing the patch mode of an existing VM from ${fromText} to ${toText} is not supported: ${needs}, this VM was created with ${createdText}, and enableAutomaticUpdates can only be set when a VM is created.`,
                allowed,
                fix: `keep patchMode ${fromText}${secret ? "" : createdWith === false ? " or use AutomaticByPlatform" : ""}, or ${REPLACE_HINT}.`,
            },
        ];
    },
});
