/**
 * R15: patch settings need a recent enough Compute API version. The first version of each property
 * is taken from the Compute REST spec's versions (the @azure/arm-compute models generated from each);
 * Flexible orchestration's minimum from Microsoft's orchestration-modes comparison.
 */
import { type Field, isUnknown } from "../profile";
import { DOCS, SOURCES } from "../sources";
import { profileRule } from "./profile-rule";

export const computeApiVersion = profileRule({
    id: "R15",
    severity: "error",
    title: "patch settings need a recent enough Compute API version",
    docUrl: DOCS.apiVersions,
    sources: [
        SOURCES.guestPatchingRequirements,
        SOURCES.restApiVersions,
        SOURCES.restLinuxPatchSettings,
        SOURCES.orchestrationModes,
    ],
    appliesTo: "resources of a versioned azure-native type (e.g. azure-native:compute/v20200601:VirtualMachine)",
    check(ctx) {
        const version = ctx.profile.apiVersion;
        if (version === undefined) return [];
        const p = ctx.profile;
        // An OS not known yet takes the Windows minimum: the earlier one, so nothing valid is refused.
        const os = isUnknown(p.os.value) ? undefined : p.os.value;
        const flexible = p.orchestrationMode.explicit && p.orchestrationMode.value === "Flexible";
        const needs: [Field<unknown>, string, string][] = [
            // Linux patch settings arrived with 2020-12-01, a year after the Windows patch mode.
            [p.patchMode, os === "Linux" ? "2020-12-01" : "2020-06-01", "this property"],
            [p.enableHotpatching, "2020-12-01", "this property"],
            [p.assessmentMode, "2021-03-01", "this property"],
            [p.rebootSetting, "2022-03-01", "this property"],
            [p.bypassPlatformSafetyChecksOnUserSchedule, "2023-03-01", "this property"],
            ...(flexible || isUnknown(p.orchestrationMode.value)
                ? [[p.orchestrationMode, "2021-03-01", "Flexible orchestration"] as [Field<unknown>, string, string]]
                : []),
        ];
        const tooNew = needs.filter(([field, minimum]) => field.explicit && version < minimum);
        // An unknown value may turn out absent (an unknown osProfile may hold no patch setting at all):
        // report the settings known to be written; with none, stay undetermined rather than guess.
        const written = tooNew.filter(([field]) => !isUnknown(field.value));
        if (written.length === 0 && tooNew.length > 0) ctx.known(tooNew[0][0]);
        return written.map(([field, minimum, what]) => ({
            field,
            reason: `the resource pins Compute API version ${version}, which does not know ${what} (it needs ${minimum}); Azure would drop or reject it.`,
            allowed: `API version ${minimum} or later`,
            fix: `use the default (unversioned) resource type, or a version module from ${minimum} on.`,
        }));
    },
});
