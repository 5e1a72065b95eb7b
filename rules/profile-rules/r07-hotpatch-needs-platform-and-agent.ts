/** R7: enableHotpatching needs patchMode AutomaticByPlatform and provisionVMAgent = true. */
import type { Violation } from "../rule-context";
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const hotpatchNeedsPlatformAndAgent = profileRule({
    id: "R7",
    severity: "error",
    title: "enableHotpatching needs patchMode AutomaticByPlatform and provisionVMAgent = true",
    docUrl: DOCS.hotpatch,
    sources: [SOURCES.hotpatch, SOURCES.restVirtualMachine, SOURCES.azurermWindowsVm],
    check(ctx) {
        const hotpatch = ctx.profile.enableHotpatching;
        if (ctx.known(hotpatch) !== true) return [];
        const out: Violation[] = [];
        const mode = ctx.mode();
        if (mode !== PLATFORM) {
            out.push({
                field: hotpatch,
                reason: `hotpatch is installed by the platform, but patchMode is ${ctx.modeText()}.`,
                allowed: `enableHotpatching true only with patchMode ${PLATFORM}`,
                fix: `set ${ctx.name("patchMode")} to ${PLATFORM}, or set ${ctx.name("enableHotpatching")} to false.`,
            });
        }
        if (ctx.vmAgent() === false) {
            out.push({
                field: ctx.profile.provisionVMAgent,
                reason: "hotpatch is orchestrated through the VM agent, which would not be installed.",
                allowed: "true",
                fix: `set ${ctx.name("provisionVMAgent")} to true (or remove it), or set ${ctx.name("enableHotpatching")} to false.`,
            });
        }
        return out;
    },
});
