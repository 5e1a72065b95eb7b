/** R4: AutomaticByPlatform needs provisionVMAgent = true. */
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const platformNeedsVmAgent = profileRule({
    id: "R4",
    severity: "error",
    title: "AutomaticByPlatform needs provisionVMAgent = true",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes, SOURCES.restVirtualMachine, SOURCES.azurermWindowsVm],
    check(ctx) {
        if (ctx.mode() !== PLATFORM || ctx.vmAgent() !== false) return [];
        return [
            {
                field: ctx.profile.provisionVMAgent,
                reason: "patchMode AutomaticByPlatform is orchestrated by Azure through the VM agent, which would not be installed.",
                allowed: "true",
                fix: `set ${ctx.name("provisionVMAgent")} to true (or remove it: it defaults to true), or choose ${ctx.name("patchMode")} ${"AutomaticByOS"} (Windows) / ImageDefault (Linux).`,
            },
        ];
    },
});
