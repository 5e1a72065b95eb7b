/** R15: patch settings need a recent enough Compute API version. */
import { isUnknown, type RawField } from "../profile";
import { DOCS, SOURCES } from "../sources";
import { profileRule } from "./profile-rule";

export const computeApiVersion = profileRule({
    id: "R15",
    severity: "error",
    title: "patch settings need a recent enough Compute API version",
    docUrl: DOCS.apiVersions,
    sources: [SOURCES.guestPatchingRequirements, SOURCES.restApiVersions],
    appliesTo: "resources of a versioned azure-native type (e.g. azure-native:compute/v20200601:VirtualMachine)",
    check(ctx) {
        const version = ctx.profile.apiVersion;
        if (version === undefined) return [];
        const p = ctx.profile;
        const needs: [RawField<unknown>, string][] = [
            [p.patchMode, "2020-06-01"],
            [p.enableHotpatching, "2020-12-01"],
            [p.assessmentMode, "2021-07-01"],
            [p.rebootSetting, "2022-03-01"],
            [p.bypassPlatformSafetyChecksOnUserSchedule, "2023-03-01"],
        ];
        const tooNew = needs.filter(([field, minimum]) => field.explicit && version < minimum);
        // An unknown value may turn out absent (an unknown osProfile may hold no patch setting at all):
        // report the settings known to be written; with none, stay undetermined rather than guess.
        const written = tooNew.filter(([field]) => !isUnknown(field.value));
        if (written.length === 0 && tooNew.length > 0) ctx.known(tooNew[0][0]);
        return written.map(([field, minimum]) => ({
            field,
            reason: `the resource pins Compute API version ${version}, which does not know this property (added in ${minimum}); Azure would drop or reject it.`,
            allowed: `API version ${minimum} or later`,
            fix: `use the default (unversioned) resource type, or a version module from ${minimum} on.`,
        }));
    },
});
