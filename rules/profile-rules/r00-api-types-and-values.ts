/** R0: patch settings have the types and values Azure's API accepts. */
import { suggest } from "../did-you-mean";
import { ASSESSMENT_MODES, type RawField, REBOOT_SETTINGS } from "../profile";
import { lastSegment, type Violation } from "../rule-context";
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

/** A written value that is not of the type Azure expects (the fix is worded only then). */
function wrongType(field: RawField<unknown>, expected: string, fix: (name: string) => string): Violation[] {
    if (field.raw === undefined || field.value !== undefined) return [];
    return [
        {
            field,
            raw: field.raw,
            reason: `Azure expects ${expected} here.`,
            allowed: expected,
            fix: fix(lastSegment(field.path)),
        },
    ];
}

/**
 * A setting only Windows has, written for a Linux VM. Azure's Linux configuration has no place for
 * enableAutomaticUpdates or enableHotpatching (LinuxConfiguration and LinuxPatchSettings in the Compute
 * REST spec), so the readers of Azure's shapes never read one there; our components' `patching`
 * argument can hold one, and its reader keeps it as written (raw, no value) for this check.
 */
function windowsOnly(field: RawField<boolean>): Violation[] {
    if (field.raw === undefined) return [];
    const name = lastSegment(field.path);
    return [
        {
            field,
            raw: field.raw,
            reason: `${name} is a Windows setting.`,
            allowed: "not set on Linux",
            fix: `remove ${name}: Linux VMs have no such setting.`,
        },
    ];
}

/**
 * Values the API's enumeration has but only reports back, never takes as input: rebootSetting
 * "Unknown" is in the Compute REST spec's enum (from 2022-03-01) because the service reads it back.
 */
const READ_BACK_ONLY: Readonly<Record<string, readonly string[]>> = { rebootSetting: ["Unknown"] };

/**
 * Why a written value is not one of an enumeration's: the one wording for every input shape (the
 * components' `patching` too). A secret's value is never named.
 */
export function enumerationReason(name: string, value: unknown, secret: boolean | undefined): string {
    return !secret && typeof value === "string" && (READ_BACK_ONLY[name] ?? []).includes(value)
        ? `${name} "${value}" is a value Azure reports back, not a setting to choose: it is not accepted as input.`
        : `${name} is not one of the values Azure accepts as input.`;
}

/** A written string that is not one of an enumeration's values. */
function notOneOf(field: RawField<string>, values: readonly string[], name: string): Violation[] {
    const value = field.value;
    if (typeof value !== "string" || values.includes(value)) return [];
    // A near miss would tell a secret's value away.
    const hint = field.secret ? "" : suggest(value, values);
    return [
        {
            field,
            reason: enumerationReason(name, value, field.secret),
            allowed: values.join(", "),
            fix: `${hint}use one of ${values.join(", ")}, or remove it to get the default.`,
        },
    ];
}

export const apiTypesAndValues = profileRule({
    id: "R0",
    severity: "error",
    title: "patch settings have the types and values Azure's API accepts",
    docUrl: DOCS.guestPatching,
    sources: [SOURCES.restVirtualMachine, SOURCES.guestPatching, SOURCES.azurermWindowsVm],
    check(ctx) {
        const p = ctx.profile;
        const boolean = (field: RawField<boolean>) =>
            wrongType(field, "true or false", (name) => `set ${name} to true or false (not a string or number).`);
        const string = (field: RawField<string>) =>
            wrongType(field, "a string", (name) => `write ${name} as a string, such as "${PLATFORM}".`);
        const linux = p.os.value === "Linux";
        return [
            ...string(p.patchMode),
            ...(linux ? windowsOnly(p.enableAutomaticUpdates) : boolean(p.enableAutomaticUpdates)),
            ...boolean(p.provisionVMAgent),
            ...(linux ? windowsOnly(p.enableHotpatching) : boolean(p.enableHotpatching)),
            ...string(p.assessmentMode),
            ...string(p.rebootSetting),
            ...boolean(p.bypassPlatformSafetyChecksOnUserSchedule),
            ...notOneOf(p.assessmentMode, ASSESSMENT_MODES, "assessmentMode"),
            ...notOneOf(p.rebootSetting, REBOOT_SETTINGS, "rebootSetting"),
        ];
    },
});
