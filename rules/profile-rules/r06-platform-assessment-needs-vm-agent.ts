/** R6: assessmentMode AutomaticByPlatform needs provisionVMAgent = true. */
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const platformAssessmentNeedsVmAgent = profileRule({
    id: "R6",
    severity: "error",
    title: "assessmentMode AutomaticByPlatform needs provisionVMAgent = true",
    docUrl: DOCS.assessment,
    sources: [SOURCES.assessmentOptions, SOURCES.restVirtualMachine, SOURCES.azurermWindowsVm],
    check(ctx) {
        if (ctx.known(ctx.profile.assessmentMode) !== PLATFORM || ctx.vmAgent() !== false) return [];
        return [
            {
                field: ctx.profile.provisionVMAgent,
                reason: "periodic assessment (assessmentMode AutomaticByPlatform) runs through the VM agent, which would not be installed.",
                allowed: "true",
                fix: `set ${ctx.name("provisionVMAgent")} to true (or remove it: it defaults to true), or set ${ctx.name("assessmentMode")} to ImageDefault.`,
            },
        ];
    },
});
