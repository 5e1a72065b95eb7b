/**
 * The transition guard's handlers: the only code that sees a VM's patch settings as they are in the
 * stack (old) next to the settings of this run (new), so it is where R12, R13 and R17 are enforced.
 *
 * They run inside Pulumi's dynamic-provider host, reached through `/provider/host` like every other
 * family's handlers (see dynamic/forwarding-provider.ts): the guard's serialized provider only forwards.
 * Serializing these handlers themselves broke once the package was installed in a stack's node_modules:
 * Pulumi then writes a require of a deep file path of the package for their imports, which `exports` does not allow.
 */
import type { CheckFailure, CheckResult, DiffResult } from "@pulumi/pulumi/dynamic";
import { logToEngine, SPECIAL_SIG_KEY, UNKNOWN_VALUE } from "../engine";
import { digestPassword, isPasswordDigest, type PasswordDigest, sameDigest } from "./password-digest";
import { GUARD_STATE_SCHEMA_VERSION, readStoredGuard } from "./state";

type Props = Record<string, unknown>;

/** The value with secret wrappers removed; true when an unknown, or a secret, is anywhere inside. */
function inspect(value: unknown): { value: unknown; unknown: boolean; secret: boolean } {
    if (value === UNKNOWN_VALUE) return { value, unknown: true, secret: false };
    if (Array.isArray(value)) {
        const items = value.map(inspect);
        return {
            value: items.map((i) => i.value),
            unknown: items.some((i) => i.unknown),
            secret: items.some((i) => i.secret),
        };
    }
    if (value !== null && typeof value === "object") {
        const record = value as Props;
        // How the engine wraps a secret (the guard holds none, but must not misread one).
        if (SPECIAL_SIG_KEY in record) return { ...inspect(record.value), secret: true };
        let unknown = false;
        let secret = false;
        const out: Props = {};
        for (const key of Object.keys(record)) {
            const item = inspect(record[key]);
            unknown = unknown || item.unknown;
            secret = secret || item.secret;
            out[key] = item.value;
        }
        return { value: out, unknown, secret };
    }
    return { value, unknown: false, secret: false };
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
    /** The settings the VM is given: the new ones, with create-time values it keeps (keepCreateTimeSettings). */
    readonly settings: unknown;
    /** The record is of schema version 1, which kept no create-only inputs: only the image was compared. */
    readonly createOnlyUnrecorded?: boolean;
}

/**
 * What a guard whose record is of schema version 1 cannot compare in its first run after the upgrade:
 * version 1 kept the image and the patch settings (provisionVMAgent among them), which are compared,
 * and none of the VM's other create-only inputs, which this run records.
 */
const UNRECORDED_WARNING =
    "PatchTransitionGuard: this VM's record was written by an earlier pulumi-azure-vm-patching (guard state schema 1), which did not record the VM's create-only inputs. This run records them; until it has, the guard cannot tell whether vmName, computerName, adminUsername, adminPassword, zones, the OS disk or the other create-only inputs changed in this run, and such a change would replace the VM (or fail in Azure) without being refused. The image and provisionVMAgent are compared already. What to do: if this preview shows the VM replaced, or you changed any of those inputs together with the upgrade, put them back and run `pulumi up` once with the VM's inputs as they are; from then on every change to them is refused at preview unless allowReplacement is set.";

/** The image as a component's `imageReference` argument names it, from the rule core's ImageRef. */
function imageArgument(image: unknown): unknown {
    const ref = inspect(image).value as Props | null | undefined;
    if (ref?.kind === "platform") {
        const { publisher, offer, sku, version } = ref;
        return version === undefined ? { publisher, offer, sku } : { publisher, offer, sku, version };
    }
    if (ref?.kind === "custom") return { id: ref.id };
    return null;
}

/** What is wrong with one side's os/settings/written, or undefined when it can be read. */
function unreadable(side: Props): string | undefined {
    const os = inspect(side.os).value;
    if (os !== "Windows" && os !== "Linux")
        return `os = ${JSON.stringify(os) ?? "(not set)"}: not "Windows" or "Linux"`;
    const settings = inspect(side.settings).value as Props | undefined;
    if (settings === null || typeof settings !== "object" || Array.isArray(settings)) {
        return `settings = ${JSON.stringify(settings) ?? "(not set)"}: not an object of patch settings`;
    }
    if (settings.os !== os)
        return `settings.os = ${JSON.stringify(settings.os) ?? "(not set)"}: not the guard's os "${os}"`;
    if (typeof settings.patchMode !== "string") return "settings.patchMode is not a string";
    const written = inspect(side.written).value;
    if (written !== undefined && (!Array.isArray(written) || written.some((w) => typeof w !== "string"))) {
        return `written = ${JSON.stringify(written)}: not a list of setting names`;
    }
    const image = inspect(side.image).value;
    if (image === null || typeof image !== "object") return "image is not an image reference";
    const createOnly = inspect(side.createOnly).value;
    if (
        createOnly !== undefined &&
        (createOnly === null || typeof createOnly !== "object" || Array.isArray(createOnly))
    )
        return `createOnly = ${JSON.stringify(createOnly)}: not a record of the VM's create-only inputs`;
    return undefined;
}

/**
 * The admin password of this run as the guard keeps it: its digest, salted like the recorded one so
 * the two compare (a new random salt when none is recorded). undefined when no password is given (a
 * guard made by an older component, a Linux VM with SSH keys only); `given` when it is unknown yet.
 * The `update` and `create` calls get what `check` returned: the digest already.
 */
function passwordOf(recorded: Props, news: Props): PasswordDigest | undefined {
    const given = inspect(news.adminPassword).value;
    if (isPasswordDigest(given)) return given;
    if (typeof given !== "string") return undefined;
    const stored = inspect(recorded.adminPassword).value;
    return digestPassword(given, isPasswordDigest(stored) ? stored.salt : undefined);
}

/** The inputs as the guard stores them: the password replaced by its digest (never stored, never returned). */
function withoutPassword(news: Props, digest: PasswordDigest | undefined): Props {
    if (news.adminPassword === undefined || news.adminPassword === UNKNOWN_VALUE) return news;
    const { adminPassword: _password, ...rest } = news;
    return digest ? { ...rest, adminPassword: digest } : rest;
}

/** True when a stored state holds anything but the provider's text: a VM the guard has seen before. */
function hasRecord(olds: Props): boolean {
    return Object.keys(olds).some((key) => key !== "__provider" && key !== "schemaVersion");
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
    const inputs = inspect([
        news.os,
        news.image,
        news.settings,
        news.written,
        news.createOnly,
        news.existingSettings,
        news.adminPassword,
    ]);
    if (inputs.unknown) return { refused: [], replace: false, undetermined: true, settings: news.settings };
    const wrongInput = unreadable(news);
    if (wrongInput) {
        return {
            refused: [
                `PatchTransitionGuard: its inputs cannot be read (${wrongInput}). The guard is given them by the VM components; when you construct it yourself, pass os, image, settings (as the VM components resolve them) and written (a list of setting names).`,
            ],
            replace: false,
            undetermined: false,
            settings: news.settings,
        };
    }
    if (hasRecord(recorded)) {
        let wrongState = unreadable(recorded);
        const storedPassword = inspect(recorded.adminPassword).value;
        if (
            !wrongState &&
            storedPassword !== undefined &&
            storedPassword !== null &&
            !isPasswordDigest(storedPassword)
        ) {
            wrongState = "adminPassword is not the digest this guard records";
        }
        if (wrongState) {
            // Fail closed: an unreadable record must not let through a change Azure may refuse.
            return {
                refused: [
                    `PatchTransitionGuard: the recorded state of this VM's guard cannot be read (${wrongState}), so it cannot tell whether this change is one Azure refuses, and refuses it rather than guess. Fix: restore the stack's state from an export taken before it was edited (pulumi stack export / pulumi stack import); or, when the VM's settings in Azure are what \`patching\` says now, remove the guard from the state (pulumi state delete <the guard's urn>) so that the next run records them anew.`,
                ],
                replace: false,
                undetermined: false,
                settings: news.settings,
            };
        }
    }
    const olds = earlierSettings(recorded, news);
    if (olds === undefined) return { refused: [], replace: false, undetermined: false, settings: news.settings };
    const wrongExisting = olds === recorded ? undefined : unreadable(olds);
    if (wrongExisting) {
        return {
            refused: [
                `PatchTransitionGuard: the adopted VM's existing settings cannot be read (${wrongExisting}). Fix: give existingPatchSettings as the VM has them in Azure (patchMode, and enableAutomaticUpdates for Windows).`,
            ],
            replace: false,
            undetermined: false,
            settings: news.settings,
        };
    }
    // Loaded on first use: the host loads these handlers for every guard, most of which change nothing.
    const rules: typeof import("../../rules") = require("../../rules");
    type Settings = Parameters<typeof rules.profileOfSettings>[0];
    const writtenOf = (state: Props) => (inspect(state.written).value as string[] | undefined) ?? [];
    const kept = rules.keepCreateTimeSettings(
        inspect(olds.settings).value as Settings,
        inspect(news.settings).value as Settings,
        writtenOf(news),
    );
    const unrecorded = olds === recorded && olds.createOnly === undefined;
    // The password compares by digest, both salted alike; a record without one (older state) has nothing to compare.
    const storedPassword = inspect(olds.adminPassword).value;
    const recordedDigest = isPasswordDigest(storedPassword) ? storedPassword : undefined;
    const newDigest = passwordOf(olds, news);
    const passwordKey = (digest: PasswordDigest | undefined) =>
        digest === undefined || recordedDigest === undefined
            ? {}
            : { adminPassword: sameDigest(digest, recordedDigest) ? "recorded" : "changed" };
    const profile = (state: Props, settings: Settings, password: Record<string, unknown>) => {
        const base = rules.profileOfSettings(
            settings,
            inspect(state.image).value as Parameters<typeof rules.profileOfSettings>[1],
            "patching",
            new Set(writtenOf(state)),
        );
        // Version-1 state recorded no create-only inputs, but it kept the image: compared from both sides' image.
        if (unrecorded) {
            const createOnlyInputs = {
                value: { imageReference: imageArgument(state.image) },
                path: "createOnly",
                pathKeys: ["createOnly"],
                explicit: true,
            };
            return { ...base, createOnlyInputs };
        }
        if (state.createOnly === undefined) return base;
        const recorded = inspect(state.createOnly);
        const createOnlyInputs = {
            value: { ...(recorded.value as Record<string, unknown>), ...password },
            path: "createOnly",
            pathKeys: ["createOnly"],
            explicit: true,
            ...(recorded.secret ? { secret: true } : {}),
            secretKeys: ["adminPassword"],
        };
        return { ...base, createOnlyInputs };
    };
    const allowReplacement = inspect(news.allowReplacement);
    const result = rules.checkTransition(
        profile(olds, inspect(olds.settings).value as Settings, passwordKey(recordedDigest)),
        profile(news, kept, passwordKey(newDigest)),
        { allowReplacement: allowReplacement.value === true },
    );
    const refused = result.findings.filter((f) => f.severity === "error").map((f) => f.message);
    if (refused.length > 0 && allowReplacement.unknown) {
        // Whether the user allows replacement is not known yet: neither refuse nor promise.
        return { refused: [], replace: false, undetermined: true, settings: news.settings };
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
            settings: news.settings,
        };
    }
    return {
        refused,
        replace: result.replace,
        undetermined: result.undetermined.length > 0,
        // A replaced VM is created anew: it takes the new settings as they are.
        settings: result.replace ? news.settings : kept,
        ...(unrecorded ? { createOnlyUnrecorded: true } : {}),
    };
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
        const inputs = withoutPassword(news, passwordOf(stored, news));
        if (verdict.refused.length > 0) {
            const failures: CheckFailure[] = verdict.refused.map((reason) => ({ property: "", reason }));
            return { inputs, failures };
        }
        if (verdict.createOnlyUnrecorded && !verdict.replace) {
            // Not silent: the preview shows, under the VM's component, what this run cannot compare.
            const urn = inspect(news.logUrn).value;
            logToEngine("warning", UNRECORDED_WARNING, typeof urn === "string" ? urn : undefined);
        }
        const previous = generationOf(stored);
        let generation: unknown = previous;
        if (verdict.replace) generation = previous + 1;
        // Unknown settings with replacement allowed: the VM may be replaced; the preview says so.
        else if (verdict.undetermined && inspect(news.allowReplacement).value !== false) generation = UNKNOWN_VALUE;
        return {
            inputs: { ...inputs, settings: verdict.settings, generation, schemaVersion: GUARD_STATE_SCHEMA_VERSION },
        };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
        const stored = readStoredGuard(olds);
        const generation = inspect(news.generation);
        if (generation.unknown || generation.value !== generationOf(stored)) {
            return { changes: true, replaces: ["generation"], deleteBeforeReplace: true };
        }
        const keys = ["os", "image", "settings", "written", "allowReplacement", "createOnly", "adminPassword"];
        const changed = keys.filter((key) => !sameValue(stored[key], news[key]));
        return { changes: changed.length > 0 };
    },

    async create(inputs: Props) {
        const { randomUUID } = require("node:crypto") as typeof import("node:crypto");
        const outs = withoutPassword(stateOf(inputs), passwordOf({}, inputs));
        return { id: randomUUID(), outs: { ...outs, schemaVersion: GUARD_STATE_SCHEMA_VERSION } };
    },

    async update(_id: string, olds: Props, news: Props) {
        // The last line of defence at apply time, should a change reach here without `check`.
        const verdict = assess(readStoredGuard(olds), news);
        if (verdict.refused.length > 0) throw new Error(verdict.refused.join("\n"));
        if (verdict.replace)
            throw new Error("the patch settings change needs a new VM; Pulumi should have replaced it");
        const outs = withoutPassword(stateOf(news), passwordOf(readStoredGuard(olds), news));
        return { outs: { ...outs, settings: verdict.settings, schemaVersion: GUARD_STATE_SCHEMA_VERSION } };
    },

    async read(id: string, props?: Props) {
        // The guard is bookkeeping in the stack only: there is nothing in Azure to read.
        return { id, props: readStoredGuard(stateOf(props ?? {})) };
    },

    async delete() {
        // Nothing to delete in Azure: the VM is a separate resource.
    },
};
