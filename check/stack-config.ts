/**
 * Builds the stack configuration a program sees under the offline check, from the same sources the
 * Pulumi CLI reads, lowest precedence first: Pulumi.yaml's `config:` defaults, stack settings files
 * (Pulumi.<stack>.yaml, `--config-file`), then `--config key=value`.
 *
 * Values are stored as the CLI passes them to a program (PULUMI_CONFIG): strings, with structured values
 * as JSON text. Encrypted values (`secure:`) cannot be decrypted without the stack's secrets provider, so
 * they become a placeholder secret and a note tells the user which keys were affected.
 */
import { UsageError } from "./errors";

export interface StackConfig {
    /** Fully qualified key (`project:key`, `azure-native:location`) to value, as PULUMI_CONFIG holds them. */
    readonly values: Readonly<Record<string, string>>;
    /** Keys whose values are secrets (the program reads them as secret Outputs). */
    readonly secretKeys: readonly string[];
    /** Things the user should know about the config used (encrypted values replaced...). */
    readonly notes: readonly string[];
}

export interface StackConfigSources {
    readonly projectName: string;
    /** Pulumi.yaml's `config:` section. */
    readonly projectConfig?: Readonly<Record<string, unknown>>;
    /** Parsed stack settings files, in order (later ones win). */
    readonly files?: readonly { readonly file: string; readonly content: unknown }[];
    /** `--config` arguments, `key=value`, in order (later ones win). */
    readonly pairs?: readonly string[];
}

/**
 * What an encrypted (`secure:`) value becomes. It is not a real password; it is long and mixed enough to
 * pass the usual complexity checks, so a program that validates its password still runs.
 */
export const ENCRYPTED_PLACEHOLDER = "Offline-check-placeholder-0!";

/** Settings that describe a project config entry rather than being its value (Pulumi.yaml schema). */
const SCHEMA_KEYS = ["type", "default", "value", "description", "secret", "items"];

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `key` -> `project:key`; keys that already name a namespace are kept. Empty parts are an error. */
export function qualifyKey(key: string, projectName: string, where: string): string {
    const trimmed = key.trim();
    const parts = trimmed.split(":");
    if (trimmed === "" || parts.some((p) => p === "")) {
        throw new UsageError(
            `${where}: config key ${JSON.stringify(key)} is not valid; use "name" or "namespace:name" (e.g. "azure-native:location").`,
        );
    }
    return parts.length === 1 ? `${projectName}:${trimmed}` : trimmed;
}

function encode(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Replaces `secure:` entries anywhere in a value by the placeholder; reports whether it found any. */
function replaceSecure(value: unknown): { value: unknown; secure: boolean } {
    if (Array.isArray(value)) {
        const items = value.map(replaceSecure);
        return { value: items.map((i) => i.value), secure: items.some((i) => i.secure) };
    }
    if (isRecord(value)) {
        const keys = Object.keys(value);
        if (keys.length === 1 && keys[0] === "secure") return { value: ENCRYPTED_PLACEHOLDER, secure: true };
        let secure = false;
        const out: Record<string, unknown> = {};
        for (const k of keys) {
            const inner = replaceSecure(value[k]);
            out[k] = inner.value;
            secure ||= inner.secure;
        }
        return { value: out, secure };
    }
    return { value, secure: false };
}

export function buildStackConfig(sources: StackConfigSources): StackConfig {
    const values: Record<string, string> = {};
    const secret = new Set<string>();
    const notes: string[] = [];
    const set = (key: string, value: unknown, isSecret: boolean) => {
        values[key] = encode(value);
        if (isSecret) secret.add(key);
        else secret.delete(key);
    };

    for (const [key, entry] of Object.entries(sources.projectConfig ?? {})) {
        const qualified = qualifyKey(key, sources.projectName, "Pulumi.yaml config");
        const isSchema = isRecord(entry) && Object.keys(entry).some((k) => SCHEMA_KEYS.includes(k));
        const value = isSchema ? (entry.value ?? entry.default) : entry;
        if (value !== undefined && value !== null) set(qualified, value, isSchema && entry.secret === true);
    }

    for (const { file, content } of sources.files ?? []) {
        if (content === undefined || content === null) continue;
        if (!isRecord(content))
            throw new UsageError(`${file}: expected a Pulumi stack settings file (a mapping with "config:").`);
        const config = content.config;
        if (config === undefined || config === null) continue;
        if (!isRecord(config)) throw new UsageError(`${file}: "config" must be a mapping of keys to values.`);
        for (const [key, raw] of Object.entries(config)) {
            const qualified = qualifyKey(key, sources.projectName, file);
            const { value, secure } = replaceSecure(raw);
            if (secure) {
                notes.push(
                    `${qualified} is encrypted in ${file}; the offline check cannot decrypt it and uses a placeholder secret ` +
                        `(set a value with --config ${key}=...).`,
                );
            }
            set(qualified, value, secure);
        }
    }

    for (const pair of sources.pairs ?? []) {
        const eq = pair.indexOf("=");
        if (eq <= 0) {
            throw new UsageError(
                `--config ${JSON.stringify(pair)}: expected key=value, e.g. --config location=westeurope or --config azure-native:location=westeurope.`,
            );
        }
        set(qualifyKey(pair.slice(0, eq), sources.projectName, "--config"), pair.slice(eq + 1), false);
    }

    return { values, secretKeys: [...secret].sort(), notes };
}
