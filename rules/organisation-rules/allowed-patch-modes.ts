/**
 * allowedPatchModes: the patch mode in effect is one the organisation allows. Its id is the name
 * organisations write in their policy configuration (`allowedPatchModes`, `ruleLevels`).
 */
import { DOCS, SOURCES } from "../sources";
import { organisationRule } from "./organisation-rule";

export const allowedPatchModes = organisationRule({
    id: "allowedPatchModes",
    severity: "warning",
    title: "the patch mode in effect is one the organisation allows",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes],
    applies: (policy) => policy.allowedPatchModes !== undefined,
    check(ctx, policy) {
        const allowed = policy.allowedPatchModes ?? [];
        const mode = ctx.mode();
        if (mode === undefined || allowed.includes(mode)) return [];
        const field = ctx.profile.patchMode;
        const list = allowed.join(", ");
        return [
            {
                field,
                inEffect: mode,
                reason: `the organisation allows only the patch modes ${list}.`,
                allowed: list,
                fix: `set ${field.path} to one of them that the VM's OS supports, or exempt the resource (tag and reason in the policy-pack config).`,
            },
        ];
    },
});
