/** R1: patchMode is one of the OS's patch modes. */
import { suggest } from "../did-you-mean";
import { PATCH_MODES } from "../profile";
import { DOCS, SOURCES } from "../sources";
import { profileRule } from "./profile-rule";

export const patchModeOfTheOs = profileRule({
    id: "R1",
    severity: "error",
    title: "patchMode is one of the OS's patch modes",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes, SOURCES.restVirtualMachine, SOURCES.azurermWindowsVm, SOURCES.azurermLinuxVm],
    check(ctx) {
        const field = ctx.profile.patchMode;
        const mode = ctx.known(field);
        if (typeof mode !== "string") return [];
        const os = ctx.os();
        const allowed: readonly string[] = os ? PATCH_MODES[os] : [...PATCH_MODES.Windows, ...PATCH_MODES.Linux];
        if (allowed.includes(mode)) return [];
        const other = os === "Linux" ? PATCH_MODES.Windows : os === "Windows" ? PATCH_MODES.Linux : [];
        const secret = field.secret === true;
        const wrongOs =
            !secret && (other as readonly string[]).includes(mode)
                ? ` "${mode}" is a ${os === "Linux" ? "Windows" : "Linux"} patch mode.`
                : "";
        return [
            {
                field,
                reason: `patchMode must be one of the ${os ?? "Windows or Linux"} patch modes.${wrongOs}`,
                allowed: allowed.join(", "),
                fix: `${secret ? "" : suggest(mode, allowed)}set ${ctx.name("patchMode")} to one of ${allowed.join(", ")}.`,
            },
        ];
    },
});
