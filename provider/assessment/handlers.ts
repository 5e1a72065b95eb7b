/**
 * What the PatchAssessment dynamic provider does for each engine call: assess on create and whenever a
 * trigger (or the VM) changes; refresh keeps the stored result (an assessment is a point-in-time fact).
 */
import type * as pulumi from "@pulumi/pulumi";
import { createArmClients, engineProgress, startOperation, waitTiming } from "../arm";
import { readStoredVersion } from "../dynamic";
import { checkAssessmentInputs } from "./check-inputs";
import { assessPatches } from "./compute-calls";
import { diffAssessment } from "./diff";
import { ASSESSMENT_STATE_SCHEMA_VERSION, type PatchAssessmentInputs, type PatchAssessmentState } from "./state";

type Props = Record<string, unknown>;

/** Assessments can take several minutes on a busy VM: a longer default than feature registration. */
export const DEFAULT_ASSESSMENT_TIMEOUT_SECONDS = 1800;

async function assess(inputs: PatchAssessmentInputs): Promise<PatchAssessmentState> {
    const timing = waitTiming({ timeoutSeconds: DEFAULT_ASSESSMENT_TIMEOUT_SECONDS, ...inputs.timeouts });
    const ctx = startOperation(
        `assessing patches on VM ${inputs.vmName}`,
        inputs.connection.subscriptionId,
        timing,
        engineProgress(inputs.progressUrn),
    );
    const result = await assessPatches(createArmClients(inputs.connection, ctx), inputs, ctx);
    return {
        ...inputs,
        ...result,
        schemaVersion: ASSESSMENT_STATE_SCHEMA_VERSION,
        vmId: `/subscriptions/${inputs.connection.subscriptionId}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Compute/virtualMachines/${inputs.vmName}`,
        assessedAt: new Date().toISOString(),
    };
}

export const patchAssessmentHandlers = {
    async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
        return { inputs: news, failures: checkAssessmentInputs(news) };
    },
    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
        readStoredVersion(olds, "PatchAssessment", ASSESSMENT_STATE_SCHEMA_VERSION);
        return { ...diffAssessment(olds, news), deleteBeforeReplace: false };
    },
    async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
        const outs = await assess(inputs as unknown as PatchAssessmentInputs);
        return { id: `${outs.vmId}/patchAssessment`, outs };
    },
    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
        readStoredVersion(props, "PatchAssessment", ASSESSMENT_STATE_SCHEMA_VERSION);
        return { id, props };
    },
    async update(_id: string, _olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: await assess(news as unknown as PatchAssessmentInputs) };
    },
    // An assessment installs nothing and leaves nothing behind in Azure.
    async delete(): Promise<void> {},
};
