/**
 * The pack's configuration (`--policy-pack-config`): the JSON schema each policy declares (the CLI
 * validates the user's file against it) and the parser the policies run on what they receive (other
 * clients, such as the offline check, do not validate). Both are built from one description, here.
 */
import { type CatalogImage, DEFAULT_IMAGE_CATALOG, extendCatalog, PATCH_MODES } from "pulumi-azure-vm-patching";
import { z } from "zod";
import type { PolicyConfigJSONSchema, PolicyConfigSchema } from "./sdk";

/** Levels a single rule can be set to (a rule's own "remediate" makes no sense: remediation is per policy). */
export const RULE_LEVELS = ["advisory", "mandatory", "disabled"] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** Levels a rule that cannot be decided during preview is reported at. */
export const UNKNOWN_VALUE_LEVELS = ["advisory", "mandatory"] as const;

const ALL_PATCH_MODES = [...new Set<string>([...PATCH_MODES.Windows, ...PATCH_MODES.Linux])];

/** Azure tag keys cannot hold these characters. */
const tagPattern = "^[^<>%&\\\\?/]{1,512}$";

/** What a policy's configuration holds once parsed. */
export interface PolicyConfig {
    /** Per rule id: its level, overriding the policy's. */
    readonly ruleLevels: Readonly<Record<string, RuleLevel>>;
    /** Level of a rule that cannot be decided because a value is unknown during preview. */
    readonly unknownValues: "advisory" | "mandatory";
    /** The image catalog: the shipped one plus `extraSupportedImages`. */
    readonly catalog: readonly CatalogImage[];
    /** The organisation's subscriptions have InGuestAutoPatchVmssUniformPreview registered (R16). */
    readonly uniformScaleSetAutomaticPatching: boolean;
    readonly exemptions: readonly Exemption[];
    /** Patch modes the organisation allows (recommendations policy only); all modes when absent. */
    readonly allowedPatchModes?: readonly string[];
}

export interface Exemption {
    /** The tag key that marks an exempt resource. */
    readonly tag: string;
    /** When given, the tag must have this value (case-sensitive). */
    readonly value?: string;
    /** The rule ids the exemption covers; "*" for all of the policy's rules. */
    readonly rules: readonly string[];
    /** Why: shown with every exempted finding. */
    readonly reason: string;
}

/** An image to add to the catalog, as a configuration lists it. */
export interface ExtraSupportedImage {
    readonly publisher: string;
    readonly offer: string;
    /** Case-insensitive; `*` matches any run of characters. */
    readonly sku: string;
    readonly os: "Windows" | "Linux";
    /** Supported for AutomaticByPlatform (default true). */
    readonly automaticByPlatform?: boolean;
    /** Hotpatch-capable (default false). */
    readonly hotpatch?: boolean;
    /** Where the fact comes from (shown with findings about the image). */
    readonly source?: string;
}

/**
 * One policy's configuration as written: a `--policy-pack-config` section, or the defaults a pack
 * gives the policy in code (policies/args.ts). A property the pack's configuration sets replaces the
 * default as a whole, as JSON-schema defaults do.
 */
export interface PolicyConfigInput {
    readonly ruleLevels?: Readonly<Record<string, RuleLevel>>;
    readonly unknownValues?: (typeof UNKNOWN_VALUE_LEVELS)[number];
    readonly extraSupportedImages?: readonly ExtraSupportedImage[];
    readonly uniformScaleSetAutomaticPatching?: boolean;
    readonly exemptions?: readonly Exemption[];
    readonly allowedPatchModes?: readonly string[];
}

/** What each policy's options say: whether it has allowedPatchModes, and its defaults in code. */
export interface PolicyConfigOptions {
    readonly allowedModes: boolean;
    readonly defaults?: PolicyConfigInput;
}

/** The JSON schema of one policy's configuration, for `configSchema`. */
export function configSchema(ruleIds: readonly string[], options: PolicyConfigOptions): PolicyConfigSchema {
    const levels: PolicyConfigJSONSchema = { type: "string", enum: [...RULE_LEVELS] };
    const defaults = options.defaults ?? {};
    const schema: PolicyConfigSchema = {
        properties: {
            ruleLevels: {
                type: "object",
                description:
                    "Per rule id, an enforcement level (advisory, mandatory, disabled) that overrides the policy's level for that rule.",
                properties: Object.fromEntries(ruleIds.map((id) => [id, levels])),
                additionalProperties: false,
                default: {},
            },
            unknownValues: {
                type: "string",
                enum: [...UNKNOWN_VALUE_LEVELS],
                default: "advisory",
                description:
                    "How a rule is reported when a value it needs is unknown during preview (computed from another resource). It is checked again with known values at update. Never above the rule's own level.",
            },
            extraSupportedImages: {
                type: "array",
                description:
                    "Platform images to add to the shipped catalog of images supported for AutomaticByPlatform (and hotpatch-capable when hotpatch is true). SKU matching is case-insensitive; * matches any run of characters.",
                items: {
                    type: "object",
                    properties: {
                        publisher: { type: "string", minLength: 1 },
                        offer: { type: "string", minLength: 1 },
                        sku: { type: "string", minLength: 1 },
                        os: { type: "string", enum: ["Windows", "Linux"] },
                        automaticByPlatform: { type: "boolean", default: true },
                        hotpatch: { type: "boolean", default: false },
                        source: { type: "string" },
                    },
                    required: ["publisher", "offer", "sku", "os"],
                    additionalProperties: false,
                },
                default: [],
            },
            uniformScaleSetAutomaticPatching: {
                type: "boolean",
                default: false,
                description:
                    "The organisation's subscriptions have the gated preview feature InGuestAutoPatchVmssUniformPreview registered (approved, not Pending), so patchMode AutomaticByPlatform on Uniform scale sets works there (rule R16). Default false: it is reported.",
            },
            exemptions: {
                type: "array",
                description:
                    "Resources exempt from some rules, chosen by tag, each with the reason. Exempted findings are still reported, as advisory, with the reason.",
                items: {
                    type: "object",
                    properties: {
                        tag: {
                            type: "string",
                            pattern: tagPattern,
                            description: "The tag key that marks exempt resources.",
                        },
                        value: { type: "string", description: "When given, the tag must have this value." },
                        rules: {
                            type: "array",
                            items: { type: "string", enum: [...ruleIds, "*"] },
                            minItems: 1,
                            description: 'Rule ids the exemption covers, or "*" for all of this policy\'s rules.',
                        },
                        reason: { type: "string", minLength: 1, description: "Why the resources are exempt." },
                    },
                    required: ["tag", "rules", "reason"],
                    additionalProperties: false,
                },
                default: [],
            },
            ...(options.allowedModes
                ? {
                      allowedPatchModes: {
                          type: "array",
                          description:
                              "Patch modes the organisation allows (Windows: Manual, AutomaticByOS, AutomaticByPlatform; Linux: ImageDefault, AutomaticByPlatform). A VM whose mode in effect is not listed is reported (rule allowedPatchModes). Absent: every mode.",
                          items: { type: "string", enum: ALL_PATCH_MODES },
                          minItems: 1,
                          uniqueItems: true,
                      },
                  }
                : {}),
        },
    };
    // The defaults in code are what the CLI shows and fills in (pulumi policy validate-config, the console).
    for (const [key, value] of Object.entries(defaults)) {
        const property = schema.properties[key] as { default?: unknown } | undefined;
        if (property && value !== undefined) property.default = structuredClone(value);
    }
    return schema;
}

/** A configuration the pack cannot use: the message says where, what, what is allowed and how to fix it. */
export class PolicyConfigError extends Error {}

function parser(ruleIds: readonly string[], allowedModes: boolean) {
    const ruleId = z.enum([...ruleIds] as [string, ...string[]]);
    return z
        .object({
            ruleLevels: z.partialRecord(ruleId, z.enum(RULE_LEVELS)).default({}),
            unknownValues: z.enum(UNKNOWN_VALUE_LEVELS).default("advisory"),
            extraSupportedImages: z
                .array(
                    z
                        .object({
                            publisher: z.string().min(1),
                            offer: z.string().min(1),
                            sku: z.string().min(1),
                            os: z.enum(["Windows", "Linux"]),
                            automaticByPlatform: z.boolean().default(true),
                            hotpatch: z.boolean().default(false),
                            source: z.string().optional(),
                        })
                        .strict(),
                )
                .default([]),
            uniformScaleSetAutomaticPatching: z.boolean().default(false),
            exemptions: z
                .array(
                    z
                        .object({
                            tag: z.string().regex(new RegExp(tagPattern)),
                            value: z.string().optional(),
                            rules: z.array(z.union([ruleId, z.literal("*")])).min(1),
                            reason: z.string().trim().min(1),
                        })
                        .strict(),
                )
                .default([]),
            ...(allowedModes
                ? {
                      allowedPatchModes: z
                          .array(z.enum(ALL_PATCH_MODES as [string, ...string[]]))
                          .min(1)
                          .optional(),
                  }
                : {}),
        })
        .strict();
}

/**
 * The catalogs made from `extraSupportedImages`, by content: both policies are usually configured with
 * the same images, and one catalog object lets them share each VM's assessment (checks.ts keys it on
 * the catalog) and the catalog's image lookups.
 */
const CATALOGS = new Map<string, readonly CatalogImage[]>();

function catalogWith(
    extra: readonly (Pick<CatalogImage, "publisher" | "offer" | "sku" | "os"> & Partial<CatalogImage>)[],
) {
    if (extra.length === 0) return DEFAULT_IMAGE_CATALOG;
    const key = JSON.stringify(extra);
    let catalog = CATALOGS.get(key);
    if (!catalog) {
        catalog = extendCatalog(extra.map((e) => ({ ...e, source: e.source ?? "policy-pack config" })));
        CATALOGS.set(key, catalog);
    }
    return catalog;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
    const path = issue.path.map(String).join(".") || "(config)";
    let value: unknown = input;
    for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
    const shown = value === undefined ? "(not set)" : JSON.stringify(value);
    return `${path} = ${shown}: ${issue.message}`;
}

/** The configuration received, with the defaults in code for the properties it does not set. */
function withDefaults(raw: unknown, defaults: PolicyConfigInput): unknown {
    if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw))) return raw;
    const given = (raw ?? {}) as Record<string, unknown>;
    const merged: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(defaults)) if (v !== undefined && !(k in given)) merged[k] = v;
    return Object.keys(merged).length === 0 ? given : { ...merged, ...given };
}

/**
 * What is wrong with a policy's configuration (defaults in code included), one problem per item:
 * property path, value, and what the parser expects. Empty when it can be used.
 */
export function configProblems(ruleIds: readonly string[], options: PolicyConfigOptions, raw: unknown): string[] {
    const given = withDefaults(raw, options.defaults ?? {});
    const parsed = parser(ruleIds, options.allowedModes).safeParse(given);
    return parsed.success ? [] : parsed.error.issues.map((i) => describeIssue(i, given));
}

/**
 * Parses and checks a policy's configuration. Throws {@link PolicyConfigError} naming every problem.
 * The result is cached by content: the engine hands the same configuration for every resource. The
 * policy SDK's `getConfig()` returns a new object each time, a shallow copy of the configuration it
 * received (@pulumi/policy server.ts, makeGetConfigFun): the same values, so the same entries are
 * recognised without writing the configuration out as JSON for every resource and policy.
 */
export function makeConfigParser(
    policyName: string,
    ruleIds: readonly string[],
    options: PolicyConfigOptions,
): (raw: unknown) => PolicyConfig {
    const schema = parser(ruleIds, options.allowedModes);
    const defaults = options.defaults ?? {};
    let lastKey: string | undefined;
    let lastRaw: unknown;
    let last: PolicyConfig | undefined;
    return (raw) => {
        if (last && sameEntries(raw, lastRaw)) return last;
        const key = JSON.stringify(raw ?? {});
        if (key === lastKey && last) {
            lastRaw = raw;
            return last;
        }
        const given = withDefaults(raw, defaults);
        const parsed = schema.safeParse(given);
        if (!parsed.success) {
            const problems = parsed.error.issues.map((i) => describeIssue(i, given)).join("; ");
            throw new PolicyConfigError(
                `policy-pack configuration of ${policyName} is invalid: ${problems}. Allowed: see the policy's config schema (docs/policy-pack.md). Fix: correct the --policy-pack-config file.`,
            );
        }
        const c = parsed.data as z.infer<ReturnType<typeof parser>> & { allowedPatchModes?: string[] };
        last = {
            ruleLevels: c.ruleLevels as Record<string, RuleLevel>,
            unknownValues: c.unknownValues,
            catalog: catalogWith(c.extraSupportedImages),
            uniformScaleSetAutomaticPatching: c.uniformScaleSetAutomaticPatching,
            exemptions: c.exemptions,
            ...(c.allowedPatchModes ? { allowedPatchModes: c.allowedPatchModes } : {}),
        };
        lastKey = key;
        lastRaw = raw;
        return last;
    };
}

/** Two configurations with the same own entries, each value the very same (a shallow copy of one another). */
function sameEntries(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
    if (Array.isArray(a) || Array.isArray(b)) return false;
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    let count = 0;
    for (const k in left) {
        if (!Object.hasOwn(left, k)) continue;
        if (!Object.hasOwn(right, k) || left[k] !== right[k]) return false;
        count++;
    }
    // Every entry of the left is on the right; the right has no other.
    for (const k in right) if (Object.hasOwn(right, k) && --count < 0) return false;
    return true;
}
