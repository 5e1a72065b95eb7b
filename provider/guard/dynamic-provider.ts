/**
 * The transition guard's handlers: the only code that sees a VM's patch settings as they are in the
 * stack (old) next to the settings of this run (new), so it is where R12 and R13 are enforced.
 *
 * They run inside Pulumi's dynamic-provider host, reached through `/provider/host` like every other
 * family's handlers (see dynamic/forwarding-provider.ts): the guard's serialized provider only forwards.
 * Serializing these handlers themselves broke once the package was installed in a stack's node_modules:
 * Pulumi then writes a require of a deep file path of the package for their imports, which `exports` does not allow.
 */
import type { CheckFailure, CheckResult, DiffResult } from "@pulumi/pulumi/dynamic";
import { SPECIAL_SIG_KEY, UNKNOWN_VALUE } from "../engine";
import { GUARD_STATE_SCHEMA_VERSION, readStoredGuard } from "./state";

type Props = Record<string, unknown>;

/** The value with secret wrappers removed; true when an unknown is anywhere inside. */
function inspect(value: unknown): { value: unknown; unknown: boolean } {
    if (value === UNKNOWN_VALUE) return { value, unknown: true };
    if (Array.isArray(value)) {
        const items = value.map(inspect);
        return { value: items.map((i) => i.value), unknown: items.some((i) => i.unknown) };
    }
    if (value !== null && typeof value === "object") {
        const record = value as Props;
        // How the engine wraps a secret (the guard holds none, but must not misread one).
        if (SPECIAL_SIG_KEY in record) return inspect(record.value);
        let unknown = false;
        const out: Props = {};
        for (const key of Object.keys(record)) {
            const item = inspect(record[key]);
            unknown = unknown || item.unknown;
            out[key] = item.value;
        }
        return { value: out, unknown };
    }
    return { value, unknown: false };
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(inspect(a).value) === JSON.stringify(inspect(b).value);
}

interface Assessment {
    /** The rule core's messages for a change Azure refuses (empty when allowed or replaced). */
    readonly refused: readonly string[];
    /** True when the change needs a new VM and the user allowed it. */
    readonly replace: boolean;
    /** True when the settings are not known yet (preview): nothing is decided. */
    readonly undetermined: boolean;
}

/**
 * What the new settings are compared with: the guard's record, or, before it has one, the settings an
 * adopted VM has in Azure (`existingSettings`, given by the component). undefined for a new VM.
 */
function earlierSettings(olds: Props, news: Props): Props | undefined {
    if (olds.settings !== undefined && olds.settings !== null) return olds;
    if (news.existingSettings === undefined || news.existingSettings === null) return undefined;
    return { os: news.os, image: news.image, settings: news.existingSettings, written: [] };
}

/** Compares the settings in the stack with the new ones through the rule core's checkTransition. */
function assess(recorded: Props, news: Props): Assessment {
    const settings = inspect([news.os, news.image, news.settings, news.written, news.existingSettings]);
    if (settings.unknown) return { refused: [], replace: false, undetermined: true };
    const olds = earlierSettings(recorded, news);
    if (olds === undefined) return { refused: [], replace: false, undetermined: false };
    // Loaded on first use: the host loads these handlers for every guard, most of which change nothing.
    const rules: typeof import("../../rules") = require("../../rules");
    const profile = (state: Props) =>
        rules.profileOfSettings(
            inspect(state.settings).value as Parameters<typeof rules.profileOfSettings>[0],
            inspect(state.image).value as Parameters<typeof rules.profileOfSettings>[1],
            "patching",
            new Set((inspect(state.written).value as string[] | undefined) ?? []),
        );
    const allowReplacement = inspect(news.allowReplacement);
    const result = rules.checkTransition(profile(olds), profile(news), {
        allowReplacement: allowReplacement.value === true,
    });
    const refused = result.findings.filter((f) => f.severity === "error").map((f) => f.message);
    if (refused.length > 0 && allowReplacement.unknown) {
        // Whether the user allows replacement is not known yet: neither refuse nor promise.
        return { refused: [], replace: false, undetermined: true };
    }
    if (result.replace && olds !== recorded) {
        // The adopted VM has no replacement trigger in the stack yet, so raising one would not replace it
        // (Pulumi replaces on a trigger's change, not on its first value): Azure would refuse the update.
        return {
            refused: [
                ...refused,
                "This change needs a new VM, and the VM was only now brought under the component (existingPatchSettings), so Pulumi cannot replace it in the same run. Fix: run `pulumi up` once with the patch settings the VM has now (existingPatchSettings), then make this change with allowReplacement: true.",
            ],
            replace: false,
            undetermined: false,
        };
    }
    return { refused, replace: result.replace, undetermined: result.undetermined.length > 0 };
}

function generationOf(state: Props): number {
    const generation = inspect(state.generation).value;
    return typeof generation === "number" ? generation : 0;
}

/** The guard's inputs and state without the provider's own text. */
function stateOf(props: Props): Props {
    const { __provider: _provider, ...rest } = props;
    return rest;
}

/** The guard's engine calls, as the dynamic-provider host makes them. */
export const patchGuardHandlers = {
    async check(olds: Props, news: Props): Promise<CheckResult> {
        const stored = readStoredGuard(olds ?? {});
        const verdict = assess(stored, news);
        if (verdict.refused.length > 0) {
            const failures: CheckFailure[] = verdict.refused.map((reason) => ({ property: "", reason }));
            return { inputs: news, failures };
        }
        const previous = generationOf(stored);
        let generation: unknown = previous;
        if (verdict.replace) generation = previous + 1;
        // Unknown settings with replacement allowed: the VM may be replaced; the preview says so.
        else if (verdict.undetermined && inspect(news.allowReplacement).value !== false) generation = UNKNOWN_VALUE;
        return { inputs: { ...news, generation, schemaVersion: GUARD_STATE_SCHEMA_VERSION } };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
        const stored = readStoredGuard(olds);
        const generation = inspect(news.generation);
        if (generation.unknown || generation.value !== generationOf(stored)) {
            return { changes: true, replaces: ["generation"], deleteBeforeReplace: true };
        }
        const keys = ["os", "image", "settings", "written", "allowReplacement"];
        const changed = keys.filter((key) => !sameValue(stored[key], news[key]));
        return { changes: changed.length > 0 };
    },

    async create(inputs: Props) {
        const { randomUUID } = require("node:crypto") as typeof import("node:crypto");
        return { id: randomUUID(), outs: { ...stateOf(inputs), schemaVersion: GUARD_STATE_SCHEMA_VERSION } };
    },

    async update(_id: string, olds: Props, news: Props) {
        // The last line of defence at apply time, should a change reach here without `check`.
        const verdict = assess(readStoredGuard(olds), news);
        if (verdict.refused.length > 0) throw new Error(verdict.refused.join("\n"));
        if (verdict.replace)
            throw new Error("the patch settings change needs a new VM; Pulumi should have replaced it");
        return { outs: { ...stateOf(news), schemaVersion: GUARD_STATE_SCHEMA_VERSION } };
    },

    async read(id: string, props?: Props) {
        // The guard is bookkeeping in the stack only: there is nothing in Azure to read.
        return { id, props: readStoredGuard(stateOf(props ?? {})) };
    },

    async delete() {
        // Nothing to delete in Azure: the VM is a separate resource.
    },
};
