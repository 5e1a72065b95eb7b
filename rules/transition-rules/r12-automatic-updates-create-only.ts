/** R12: enableAutomaticUpdates can only be set when the VM is created. */
import { effectivePatchMode, isUnknown } from "../profile";
import { DOCS, SOURCES } from "../sources";
import { REPLACE_HINT, windowsTransition } from "./mode-transitions";
import { transitionRule } from "./transition-rule";

export const automaticUpdatesCreateOnly = transitionRule({
    id: "R12",
    severity: "error",
    title: "enableAutomaticUpdates can only be set when the VM is created",
    docUrl: DOCS.createOnly,
    sources: [SOURCES.changingPatchMode, SOURCES.azurermWindowsVm],
    check(before, after) {
        // On a scale set enableAutomaticUpdates "can be updated" (it takes effect on reimage): VMs only.
        if (before.profile.resourceKind !== "virtualMachine") return [];
        if (before.os() !== "Windows" || after.os() !== "Windows") return [];
        // A mode change Azure refuses is R13's to report; its message covers this flag too. While a
        // mode is unknown R13 stays undetermined, but a changed flag is refused whatever the modes.
        const fromMode = effectivePatchMode(before.profile);
        const toMode = effectivePatchMode(after.profile);
        const from = before.automaticUpdates();
        if (!isUnknown(fromMode) && !isUnknown(toMode) && windowsTransition(fromMode, from, toMode) === "not supported")
            return [];
        const to = after.automaticUpdates();
        if (from === undefined || to === undefined || from === to) return [];
        const field = before.profile.enableAutomaticUpdates;
        const fromText = before.shown(field, String(from));
        return [
            {
                field: after.profile.enableAutomaticUpdates,
                reason: `enableAutomaticUpdates is ${fromText} on the existing VM and Azure does not allow changing it (PropertyChangeNotAllowed).`,
                allowed: `${fromText} (the value the VM was created with)`,
                fix: `set enableAutomaticUpdates back to ${field.secret ? "the value the VM was created with" : from}, or ${REPLACE_HINT}.`,
            },
        ];
    },
});
