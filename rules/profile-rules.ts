/**
 * The rules about one VM or scale set as written (R0-R11, R14-R16) and the recommendations (W1-W4).
 * Each rule is written once, here; the components, the providers and the policy pack all call
 * `evaluateProfile`, which runs these. R12 and R13 compare old and new settings: `transition-rules.ts`.
 *
 * Sources for every rule are in DOMAIN.md (shared/), by the same id.
 */
import { suggest } from "./did-you-mean";
import { DOCS } from "./docs";
import type { RuleInfo } from "./findings";
import {
    ASSESSMENT_MODES,
    AZURE_DEFAULTS,
    isUnknown,
    PATCH_MODES,
    type RawField,
    REBOOT_SETTINGS,
    type WindowsPatchMode,
} from "./profile";
import { lastSegment, type RuleContext, type Violation } from "./rule-context";

export interface ProfileRule extends RuleInfo {
    /** The violations of this rule in the profile; throws UndeterminedValue (via ctx.known) when undecidable. */
    check(ctx: RuleContext): Violation[];
}

/** The tag that documents a custom patching solution for a VM in Manual mode (W4). */
export const CUSTOM_PATCHING_TAG = "patching-custom-solution";

/**
 * R2, R3 and R5 as one table: the enableAutomaticUpdates each Windows patch mode needs. The checks below
 * enforce it; derivations (resolvePatchSettings) and remediations (the policy pack) read it from here.
 */
export const AUTOMATIC_UPDATES_FOR_MODE: Readonly<Record<WindowsPatchMode, boolean>> = {
    Manual: false, // R3
    AutomaticByOS: true, // R2
    AutomaticByPlatform: true, // R5
};

const PLATFORM = "AutomaticByPlatform";

/**
 * R2, R3, R5: a Windows VM in `mode` whose enableAutomaticUpdates (written, or Azure's default) is the
 * opposite of what {@link AUTOMATIC_UPDATES_FOR_MODE} says the mode needs. A value of the wrong type is
 * R0's, not theirs.
 */
function automaticUpdatesContradict(ctx: RuleContext, mode: WindowsPatchMode): boolean {
    if (ctx.os() !== "Windows" || ctx.mode() !== mode) return false;
    return ctx.automaticUpdates() === !AUTOMATIC_UPDATES_FOR_MODE[mode];
}

function none(): Violation[] {
    return [];
}

/** R0 helper: a written value that is not of the type Azure expects (the fix is worded only then). */
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

/** R0 helper: a written string that is not one of an enumeration's values. */
function notOneOf(field: RawField<string>, values: readonly string[], name: string): Violation[] {
    const value = field.value;
    if (typeof value !== "string" || values.includes(value)) return [];
    // A near miss would tell a secret's value away.
    const hint = field.secret ? "" : suggest(value, values);
    return [
        {
            field,
            reason: `${name} is not one of Azure's values.`,
            allowed: values.join(", "),
            fix: `${hint}use one of ${values.join(", ")}, or remove it to get ${name === "assessmentMode" ? `the default ${AZURE_DEFAULTS.assessmentMode}` : "Azure's default"}.`,
        },
    ];
}

export const PROFILE_RULES: readonly ProfileRule[] = [
    {
        id: "R0",
        severity: "error",
        title: "patch settings have the types and values Azure's API accepts",
        docUrl: DOCS.guestPatching,
        check(ctx) {
            const p = ctx.profile;
            const boolean = (field: RawField<boolean>) =>
                wrongType(field, "true or false", (name) => `set ${name} to true or false (not a string or number).`);
            const string = (field: RawField<string>) =>
                wrongType(field, "a string", (name) => `write ${name} as a string, such as "${PLATFORM}".`);
            return [
                ...string(p.patchMode),
                ...boolean(p.enableAutomaticUpdates),
                ...boolean(p.provisionVMAgent),
                ...boolean(p.enableHotpatching),
                ...string(p.assessmentMode),
                ...string(p.rebootSetting),
                ...boolean(p.bypassPlatformSafetyChecksOnUserSchedule),
                ...notOneOf(p.assessmentMode, ASSESSMENT_MODES, "assessmentMode"),
                ...notOneOf(p.rebootSetting, REBOOT_SETTINGS, "rebootSetting"),
            ];
        },
    },
    {
        id: "R1",
        severity: "error",
        title: "patchMode is one of the OS's patch modes",
        docUrl: DOCS.patchModes,
        check(ctx) {
            const field = ctx.profile.patchMode;
            const mode = ctx.known(field);
            if (typeof mode !== "string") return none();
            const os = ctx.os();
            const allowed: readonly string[] = os ? PATCH_MODES[os] : [...PATCH_MODES.Windows, ...PATCH_MODES.Linux];
            if (allowed.includes(mode)) return none();
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
    },
    {
        id: "R2",
        severity: "error",
        title: "AutomaticByOS needs enableAutomaticUpdates = true",
        docUrl: DOCS.patchModes,
        check(ctx) {
            if (!automaticUpdatesContradict(ctx, "AutomaticByOS")) return none();
            return [
                {
                    field: ctx.profile.enableAutomaticUpdates,
                    reason: "patchMode AutomaticByOS lets Windows Update install patches, which needs automatic updates on.",
                    allowed: String(AUTOMATIC_UPDATES_FOR_MODE.AutomaticByOS),
                    fix: `set ${ctx.name("enableAutomaticUpdates")} to true (or remove it: it defaults to true), or choose ${ctx.name("patchMode")} Manual if you patch the VM yourself. ${ctx.name("enableAutomaticUpdates")} can only be set when the VM is created (R12).`,
                },
            ];
        },
    },
    {
        id: "R3",
        severity: "error",
        title: "Manual needs enableAutomaticUpdates = false",
        docUrl: DOCS.patchModes,
        check(ctx) {
            if (!automaticUpdatesContradict(ctx, "Manual")) return none();
            return [
                {
                    field: ctx.profile.enableAutomaticUpdates,
                    reason: "patchMode Manual means you apply patches yourself, so Windows automatic updates must be off.",
                    allowed: String(AUTOMATIC_UPDATES_FOR_MODE.Manual),
                    fix: `set ${ctx.name("enableAutomaticUpdates")} to false (it defaults to true), or choose ${ctx.name("patchMode")} AutomaticByPlatform. ${ctx.name("enableAutomaticUpdates")} can only be set when the VM is created (R12).`,
                },
            ];
        },
    },
    {
        id: "R4",
        severity: "error",
        title: "AutomaticByPlatform needs provisionVMAgent = true",
        docUrl: DOCS.patchModes,
        check(ctx) {
            if (ctx.mode() !== PLATFORM || ctx.vmAgent() !== false) return none();
            return [
                {
                    field: ctx.profile.provisionVMAgent,
                    reason: "patchMode AutomaticByPlatform is orchestrated by Azure through the VM agent, which would not be installed.",
                    allowed: "true",
                    fix: `set ${ctx.name("provisionVMAgent")} to true (or remove it: it defaults to true), or choose ${ctx.name("patchMode")} ${"AutomaticByOS"} (Windows) / ImageDefault (Linux).`,
                },
            ];
        },
    },
    {
        id: "R5",
        severity: "error",
        title: "AutomaticByPlatform needs enableAutomaticUpdates = true",
        docUrl: DOCS.patchModes,
        check(ctx) {
            if (!automaticUpdatesContradict(ctx, PLATFORM)) return none();
            return [
                {
                    field: ctx.profile.enableAutomaticUpdates,
                    reason: "patchMode AutomaticByPlatform needs Windows automatic updates on.",
                    allowed: String(AUTOMATIC_UPDATES_FOR_MODE.AutomaticByPlatform),
                    fix: `set ${ctx.name("enableAutomaticUpdates")} to true (or remove it: it defaults to true), or choose ${ctx.name("patchMode")} Manual. ${ctx.name("enableAutomaticUpdates")} can only be set when the VM is created (R12).`,
                },
            ];
        },
    },
    {
        id: "R6",
        severity: "error",
        title: "assessmentMode AutomaticByPlatform needs provisionVMAgent = true",
        docUrl: DOCS.assessment,
        check(ctx) {
            if (ctx.known(ctx.profile.assessmentMode) !== PLATFORM || ctx.vmAgent() !== false) return none();
            return [
                {
                    field: ctx.profile.provisionVMAgent,
                    reason: "periodic assessment (assessmentMode AutomaticByPlatform) runs through the VM agent, which would not be installed.",
                    allowed: "true",
                    fix: `set ${ctx.name("provisionVMAgent")} to true (or remove it: it defaults to true), or set ${ctx.name("assessmentMode")} to ImageDefault.`,
                },
            ];
        },
    },
    {
        id: "R7",
        severity: "error",
        title: "enableHotpatching needs patchMode AutomaticByPlatform and provisionVMAgent = true",
        docUrl: DOCS.hotpatch,
        check(ctx) {
            const hotpatch = ctx.profile.enableHotpatching;
            if (ctx.known(hotpatch) !== true) return none();
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
    },
    {
        id: "R8",
        severity: "error",
        title: "enableHotpatching only on hotpatch-capable images, never on a custom image",
        docUrl: DOCS.hotpatch,
        check(ctx) {
            const hotpatch = ctx.profile.enableHotpatching;
            if (ctx.known(hotpatch) !== true) return none();
            const image = ctx.known(ctx.profile.image);
            if (ctx.image().hotpatch) return none();
            return [
                {
                    field: hotpatch,
                    reason: `${ctx.imageText()} is not a hotpatch-capable image${image.kind === "custom" ? " (custom images never are)" : ""}.`,
                    allowed:
                        "enableHotpatching true only on Windows Server Azure Edition hotpatch images (for example MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition-core)",
                    fix: `set ${ctx.name("enableHotpatching")} to false, or use a hotpatch-capable image (add it to the image catalog if Microsoft lists it and the catalog does not).`,
                },
            ];
        },
    },
    {
        id: "R9",
        severity: "error",
        title: "a hotpatch-capable image needs patchMode AutomaticByPlatform",
        docUrl: DOCS.hotpatch,
        check(ctx) {
            if (!ctx.image().hotpatch) return none();
            const mode = ctx.mode();
            if (mode === PLATFORM) return none();
            return [
                {
                    field: ctx.profile.patchMode,
                    reason: `${ctx.imageText()} is hotpatch-capable: Azure turns hotpatch on for it, and hotpatch only works with patchMode ${PLATFORM}, so any other mode is refused even when enableHotpatching was never set.`,
                    allowed: PLATFORM,
                    fix: `set ${ctx.name("patchMode")} to ${PLATFORM} (with ${ctx.name("provisionVMAgent")} and ${ctx.name("enableAutomaticUpdates")} true), or use a non-hotpatch image such as 2022-datacenter-azure-edition.`,
                },
            ];
        },
    },
    {
        id: "R10",
        severity: "error",
        title: "hotpatch needs bypassPlatformSafetyChecksOnUserSchedule = false",
        docUrl: DOCS.hotpatch,
        check(ctx) {
            const bypass = ctx.profile.bypassPlatformSafetyChecksOnUserSchedule;
            if (ctx.known(bypass) !== true || !ctx.hotpatchOn()) return none();
            return [
                {
                    field: bypass,
                    reason: "hotpatch relies on the platform's safety checks, which bypassPlatformSafetyChecksOnUserSchedule turns off.",
                    allowed: "false",
                    fix: `set ${ctx.name("bypassPlatformSafetyChecksOnUserSchedule")} to false (or remove it), or turn hotpatch off.`,
                },
            ];
        },
    },
    {
        id: "R11",
        severity: "error",
        title: "rebootSetting and bypassPlatformSafetyChecksOnUserSchedule only with patchMode AutomaticByPlatform",
        docUrl: DOCS.patchModes,
        check(ctx) {
            const reboot = ctx.profile.rebootSetting;
            const bypass = ctx.profile.bypassPlatformSafetyChecksOnUserSchedule;
            const rebootSet = ctx.known(reboot) !== undefined;
            const bypassSet = ctx.known(bypass) === true;
            if (!rebootSet && !bypassSet) return none();
            const mode = ctx.mode();
            if (mode === PLATFORM) return none();
            const fix = `set ${ctx.name("patchMode")} to ${PLATFORM}, or remove the setting (Azure ignores it with ${ctx.name("patchMode")} ${ctx.modeText()}).`;
            const out: Violation[] = [];
            if (rebootSet) {
                out.push({
                    field: reboot,
                    reason: `rebootSetting applies to platform-orchestrated patching only; patchMode is ${ctx.modeText()}.`,
                    allowed: `rebootSetting only with patchMode ${PLATFORM}`,
                    fix,
                });
            }
            if (bypassSet) {
                out.push({
                    field: bypass,
                    reason: `bypassPlatformSafetyChecksOnUserSchedule applies to platform-orchestrated patching only; patchMode is ${ctx.modeText()}.`,
                    allowed: `true only with patchMode ${PLATFORM}; false otherwise`,
                    fix,
                });
            }
            return out;
        },
    },
    {
        id: "R14",
        severity: "error",
        title: "AutomaticByPlatform only on supported platform images",
        docUrl: DOCS.supportedImages,
        check(ctx) {
            if (ctx.mode() !== PLATFORM) return none();
            const image = ctx.known(ctx.profile.image);
            if (ctx.image().automaticByPlatform) return none();
            const why =
                image.kind === "custom"
                    ? "custom images are not supported for VM guest patching"
                    : image.kind === "none"
                      ? "the VM names no image (an attached or specialized OS disk), and only VMs created from a listed publisher, offer and SKU are supported"
                      : `${ctx.imageText()} is not in the catalog of images supported for VM guest patching`;
            return [
                {
                    field: ctx.profile.patchMode,
                    reason: `Azure refuses AutomaticByPlatform here ("The selected VM image is not supported for VM Guest patch operations"): ${why}.`,
                    allowed: "AutomaticByPlatform only on the supported platform images",
                    fix: `use a supported platform image, or choose ${ctx.name("patchMode")} ${ctx.os() === "Linux" ? "ImageDefault" : "AutomaticByOS"}; if Microsoft lists this image as supported and the catalog does not, add it with extendCatalog (or the policy pack's extraSupportedImages).`,
                },
            ];
        },
    },
    {
        id: "R15",
        severity: "error",
        title: "patch settings need a recent enough Compute API version",
        docUrl: DOCS.apiVersions,
        check(ctx) {
            const version = ctx.profile.apiVersion;
            if (version === undefined) return none();
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
    },
    {
        id: "R16",
        severity: "error",
        title: "Uniform scale sets cannot use hotpatch; Flexible scale sets with AutomaticByPlatform need an Application Health extension",
        docUrl: DOCS.flexibleScaleSets,
        check(ctx) {
            const p = ctx.profile;
            if (p.resourceKind !== "scaleSet") return none();
            const orchestration = ctx.known(p.orchestrationMode) ?? "Uniform";
            if (orchestration === "Uniform") {
                if (ctx.known(p.enableHotpatching) !== true) return none();
                return [
                    {
                        field: p.enableHotpatching,
                        reason: "scale sets in Uniform orchestration mode cannot use hotpatch.",
                        allowed: "enableHotpatching false on Uniform scale sets",
                        fix: `set ${ctx.name("enableHotpatching")} to false, or use orchestrationMode Flexible.`,
                    },
                ];
            }
            if (ctx.mode() !== PLATFORM || ctx.known(p.hasApplicationHealthExtension)) return none();
            return [
                {
                    field: p.patchMode,
                    reason: "a Flexible scale set patched by the platform needs the Application Health extension to tell Azure whether an instance is healthy after patching.",
                    allowed:
                        "AutomaticByPlatform with an ApplicationHealthWindows/ApplicationHealthLinux extension (publisher Microsoft.ManagedServices)",
                    fix: "add the Application Health extension to the scale set's extension profile, or choose another patch mode.",
                },
            ];
        },
    },
    {
        id: "W1",
        severity: "warning",
        title: "use AutomaticByPlatform where the image supports it",
        docUrl: DOCS.patchModes,
        check(ctx) {
            // patchMode applies to VMs and Flexible scale sets only (Compute API): a Uniform scale set
            // cannot act on this advice (the classic Uniform shapes have no patchMode at all).
            const p = ctx.profile;
            if (p.resourceKind === "scaleSet" && (ctx.known(p.orchestrationMode) ?? "Uniform") === "Uniform")
                return none();
            const mode = ctx.mode();
            const os = ctx.os();
            // An invalid mode is R1's to report; recommending over it would only repeat R1.
            const valid: readonly string[] = os ? PATCH_MODES[os] : [];
            if (mode === PLATFORM || mode === undefined || !valid.includes(mode)) return none();
            if (!ctx.image().automaticByPlatform) return none();
            return [
                {
                    field: ctx.profile.patchMode,
                    reason: `the image supports availability-first platform patching, but patchMode is ${ctx.modeText()}.`,
                    allowed: `${PLATFORM} (recommended); ${ctx.modeText()} is allowed`,
                    fix: `set ${ctx.name("patchMode")} to ${PLATFORM} (with ${ctx.name("provisionVMAgent")} true${os === "Windows" ? ` and ${ctx.name("enableAutomaticUpdates")} true` : ""}).${mode === "Manual" ? " An existing VM in Manual mode cannot change in place (R13): this applies to new VMs, or to a recreated one." : ""}`,
                },
            ];
        },
    },
    {
        id: "W2",
        severity: "warning",
        title: "enable periodic assessment (assessmentMode AutomaticByPlatform)",
        docUrl: DOCS.assessment,
        check(ctx) {
            const field = ctx.profile.assessmentMode;
            const written = ctx.known(field);
            // A value that is not Azure's (or not a string) is R0's to report; recommending over it would repeat R0.
            if (field.raw !== undefined && !(ASSESSMENT_MODES as readonly unknown[]).includes(written)) return none();
            const mode = written ?? AZURE_DEFAULTS.assessmentMode;
            if (mode === PLATFORM) return none();
            return [
                {
                    field: ctx.profile.assessmentMode,
                    reason: "without periodic assessment, missing patches are only found when someone asks (Azure Policy bd876905).",
                    allowed: `${PLATFORM} (recommended); ImageDefault is allowed`,
                    fix: `set ${ctx.name("assessmentMode")} to ${PLATFORM} (needs ${ctx.name("provisionVMAgent")} true).`,
                },
            ];
        },
    },
    {
        id: "W3",
        severity: "warning",
        title: "turn hotpatch on for hotpatch-capable images",
        docUrl: DOCS.hotpatch,
        check(ctx) {
            if (ctx.known(ctx.profile.enableHotpatching) !== false || !ctx.image().hotpatch) return none();
            return [
                {
                    field: ctx.profile.enableHotpatching,
                    reason: "the image is hotpatch-capable; with hotpatch off, every security update needs a reboot (Azure Policy 6d02d2f7).",
                    allowed: "true (recommended); false is allowed",
                    // Removing it only helps where Azure supplies the default (not where the provider sends false).
                    fix: ctx.profile.enableHotpatching.defaultBy
                        ? `set ${lastSegment(ctx.profile.enableHotpatching.path)} to true (${ctx.profile.enableHotpatching.defaultBy} when it is not set).`
                        : "set enableHotpatching to true (or remove it: Azure turns it on for this image).",
                },
            ];
        },
    },
    {
        id: "W4",
        severity: "warning",
        title: "a VM patched manually says which solution patches it",
        docUrl: DOCS.patchModes,
        check(ctx) {
            if (ctx.mode() !== "Manual") return none();
            const tags = ctx.known(ctx.profile.tags);
            const reason = tags?.[CUSTOM_PATCHING_TAG];
            if (typeof reason === "string" && reason.trim() !== "") return none();
            return [
                {
                    field: ctx.profile.patchMode,
                    reason: "patchMode Manual leaves patching to you; nothing records what does it.",
                    allowed: `Manual with a tag ${CUSTOM_PATCHING_TAG} naming the patching solution`,
                    fix: `add the tag ${CUSTOM_PATCHING_TAG} (for example "WSUS, owned by team-x"), or use ${ctx.name("patchMode")} ${PLATFORM}.`,
                },
            ];
        },
    },
];
