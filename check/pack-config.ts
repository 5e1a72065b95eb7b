/**
 * The `--policy-pack-config` file: read, then checked against the schema each policy declares (as
 * `pulumi preview --policy-pack-config` checks it before it runs anything), so a bad value is a usage
 * error naming the key, the value and what is allowed, not a violation reported on every resource.
 */
import * as fs from "node:fs";
import Ajv, { type ErrorObject } from "ajv";
import type { AnalyzerInfo, PolicyPackConfig } from "./engine/analyzer-client";
import { UsageError } from "./errors";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

export function readPackConfig(file: string, shownAs = file): PolicyPackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new UsageError(
            `--policy-pack-config ${shownAs}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error}).`,
        );
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new UsageError(`--policy-pack-config ${shownAs} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new UsageError(
            `--policy-pack-config ${shownAs}: expected an object of policy name to level or settings, e.g. {"all": "mandatory"}.`,
        );
    }
    return parsed as PolicyPackConfig;
}

function describe(policy: string, error: ErrorObject): string {
    const keys = error.instancePath.split("/").filter(Boolean).map(decodeURIComponent);
    const params = error.params as Record<string, unknown>;
    if (error.keyword === "additionalProperty" || params.additionalProperty !== undefined) {
        const parent = [policy, ...keys].join(".");
        return `${parent}.${String(params.additionalProperty)} is not a setting of this policy`;
    }
    const allowed = Array.isArray(params.allowedValues)
        ? `; allowed: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`
        : "";
    return `${[policy, ...keys].join(".")} ${error.message ?? "is not valid"}${allowed}`;
}

/**
 * Checks the file against the pack: policy names, levels, and each policy's settings against the JSON
 * schema the policy declares. Throws a UsageError listing every problem with its key.
 */
export function validatePackConfig(config: PolicyPackConfig, info: AnalyzerInfo, shownAs: string): void {
    const problems: string[] = [];
    const policies = new Map(info.policies.map((p) => [p.name, p]));
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const [name, entry] of Object.entries(config)) {
        const policy = policies.get(name);
        if (name !== "all" && !policy) {
            problems.push(
                `"${name}" is not a policy of ${info.name}; allowed: all, ${[...policies.keys()].join(", ")}`,
            );
            continue;
        }
        const level = typeof entry === "string" ? entry : (entry as { enforcementLevel?: unknown })?.enforcementLevel;
        if (level !== undefined && !LEVELS.includes(level as string)) {
            problems.push(
                `${name}${typeof entry === "string" ? "" : ".enforcementLevel"} = ${JSON.stringify(level)}; allowed: ${LEVELS.join(", ")}`,
            );
        }
        if (typeof entry === "string" || name === "all") continue;
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            problems.push(`${name} = ${JSON.stringify(entry)}; expected a level or an object of settings`);
            continue;
        }
        const { enforcementLevel: _level, ...settings } = entry as Record<string, unknown>;
        const schema = policy?.configSchema;
        if (!schema) continue;
        const validate = ajv.compile({
            type: "object",
            properties: schema.properties,
            required: [...schema.required],
        });
        if (!validate(settings)) for (const error of validate.errors ?? []) problems.push(describe(name, error));
    }
    if (problems.length > 0) {
        throw new UsageError(
            `--policy-pack-config ${shownAs} does not fit policy pack ${info.name} ${info.version}:\n` +
                problems.map((p) => `  - ${p}`).join("\n") +
                "\nFix: correct these keys (the policies' settings are described in docs/policy-pack.md).",
        );
    }
}
