/**
 * What the PatchAssessment dynamic provider does for each engine call: assess on create and whenever a
 * trigger (or the VM) changes; refresh keeps the stored result (an assessment is a point-in-time fact).
 */
import type * as pulumi from "@pulumi/pulumi";
import { createArmClients } from "../arm/clients";
import type { ArmConnection } from "../arm/connection";
import { engineProgress } from "../arm/progress";
import { Deadline, type TimeoutsArgs, timeoutsProblems, waitTiming } from "../arm/wait";
import {
    type CheckFailure,
    connectionProblems,
    FEATURE_STATE_SCHEMA_VERSION,
    readStoredVersion,
    UNKNOWN,
} from "../features/state";
import { assessPatches, type PatchAssessmentResult } from "./compute-calls";

type Props = Record<string, unknown>;

export interface PatchAssessmentInputs {
    connection: ArmConnection;
    resourceGroupName: string;
    vmName: string;
    /** Any change of these values runs a new assessment. */
    triggers?: Record<string, string>;
    timeouts?: TimeoutsArgs;
    progressUrn?: string;
}

export interface PatchAssessmentState extends PatchAssessmentInputs, PatchAssessmentResult {
    schemaVersion: number;
    vmId: string;
    /** When this provider ran the assessment (ISO 8601). */
    assessedAt: string;
}

/** Assessments can take several minutes on a busy VM: a longer default than feature registration. */
export const DEFAULT_ASSESSMENT_TIMEOUT_SECONDS = 1800;

const RESOURCE_NAME = /^[-\w._()]{1,90}$/;

export function checkAssessmentInputs(news: Props): CheckFailure[] {
    const failures = connectionProblems(news.connection);
    for (const key of ["resourceGroupName", "vmName"] as const) {
        const v = news[key];
        if (v !== UNKNOWN && !(typeof v === "string" && RESOURCE_NAME.test(v))) {
            failures.push({ property: key, reason: `${JSON.stringify(v)} is not an Azure resource name` });
        }
    }
    const t = news.triggers;
    if (t !== undefined && t !== UNKNOWN && (typeof t !== "object" || t === null || Array.isArray(t))) {
        failures.push({ property: "triggers", reason: "must be a map of names to strings" });
    }
    failures.push(...timeoutsProblems(news.timeouts).map(([property, reason]) => ({ property, reason })));
    return failures;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const sameName = (a: unknown, b: unknown) => String(a ?? "").toLowerCase() === String(b ?? "").toLowerCase();

export function diffAssessment(olds: Props, news: Props): { changes: boolean; replaces: string[] } {
    const o = olds as Partial<PatchAssessmentState>;
    const n = news as Partial<PatchAssessmentInputs>;
    const replaces: string[] = [];
    if (!sameName(o.connection?.subscriptionId, n.connection?.subscriptionId))
        replaces.push("connection.subscriptionId");
    if (!sameName(o.resourceGroupName, n.resourceGroupName)) replaces.push("resourceGroupName");
    if (!sameName(o.vmName, n.vmName)) replaces.push("vmName");
    const changes =
        replaces.length > 0 || !same(o.triggers ?? {}, n.triggers ?? {}) || !same(o.connection, n.connection);
    return { changes, replaces };
}

async function assess(inputs: PatchAssessmentInputs): Promise<PatchAssessmentState> {
    const timing = waitTiming({ timeoutSeconds: DEFAULT_ASSESSMENT_TIMEOUT_SECONDS, ...inputs.timeouts });
    const ctx = {
        what: `assessing patches on VM ${inputs.vmName}`,
        subscriptionId: inputs.connection.subscriptionId,
        timing,
        deadline: new Deadline(timing.timeoutMs),
        progress: engineProgress(inputs.progressUrn),
    };
    const clients = createArmClients(inputs.connection, timing.requestTimeoutMs);
    const result = await assessPatches(clients, inputs, ctx, timing.pollMs);
    return {
        ...inputs,
        ...result,
        schemaVersion: FEATURE_STATE_SCHEMA_VERSION,
        vmId: `/subscriptions/${inputs.connection.subscriptionId}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Compute/virtualMachines/${inputs.vmName}`,
        assessedAt: new Date().toISOString(),
    };
}

export const patchAssessmentHandlers = {
    async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
        return { inputs: news, failures: checkAssessmentInputs(news) };
    },
    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
        readStoredVersion(olds, "PatchAssessment");
        return { ...diffAssessment(olds, news), deleteBeforeReplace: false };
    },
    async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
        const outs = await assess(inputs as unknown as PatchAssessmentInputs);
        return { id: `${outs.vmId}/patchAssessment`, outs };
    },
    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
        readStoredVersion(props, "PatchAssessment");
        return { id, props };
    },
    async update(_id: string, _olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: await assess(news as unknown as PatchAssessmentInputs) };
    },
    // An assessment installs nothing and leaves nothing behind in Azure.
    async delete(): Promise<void> {},
};
