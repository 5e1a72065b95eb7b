/**
 * What an assessment must return to count as a result. The resource promises the counts and the list
 * of patches; an answer without them (an operation that ends "Succeeded" with no result body, or with
 * the operation-status body in its place) is not "no patches", so it is an error that quotes what came
 * back, and nothing is recorded.
 */
import type { VirtualMachineAssessPatchesResult } from "@azure/arm-compute";
import { type ArmAnswers, ArmOperationError, describeBody, type WaitContext } from "../arm";
import type { PatchAssessmentResult, VmRef } from "./compute-calls";
import { definedOnly, iso } from "./plain-json";

/** Statuses of a finished assessment that carry a result (Failed is an error; Unknown, InProgress are not finished). */
const RESULT_STATUSES = new Set(["Succeeded", "CompletedWithWarnings"]);

const isCount = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0;

/** What the result was read from, as messages quote it. */
function cameBack(answers: ArmAnswers): string {
    const last = answers.last;
    return last === undefined
        ? "no answer was kept"
        : `${last.request} answered ${last.status} with ${describeBody(last.excerpt)}`;
}

/** The fields a result promises that this one lacks. */
function missingFields(raw: VirtualMachineAssessPatchesResult): string[] {
    const missing: string[] = [];
    if (typeof raw.status !== "string") missing.push("status");
    if (!isCount(raw.criticalAndSecurityPatchCount)) missing.push("criticalAndSecurityPatchCount");
    if (!isCount(raw.otherPatchCount)) missing.push("otherPatchCount");
    const counted = (raw.criticalAndSecurityPatchCount ?? 0) + (raw.otherPatchCount ?? 0);
    if (raw.availablePatches === undefined ? counted > 0 : !Array.isArray(raw.availablePatches)) {
        missing.push("availablePatches");
    }
    return missing;
}

/**
 * The stored result of a finished assessment, or an ArmOperationError: Failed (Azure's reason), not
 * finished, or without the fields a result promises. CompletedWithWarnings is a result, with a progress
 * message.
 */
export function assessmentResult(
    raw: VirtualMachineAssessPatchesResult | undefined,
    vm: VmRef,
    answers: ArmAnswers,
    ctx: WaitContext,
): PatchAssessmentResult {
    const subject = `Patch assessment of VM "${vm.vmName}"`;
    const retry =
        "Nothing was recorded; run `pulumi up` again, and if this repeats, read the VM's patch status with getVmPatchStatus or in the portal.";
    if (raw === undefined || raw === null) {
        throw new ArmOperationError(`${subject} ended without a result (${cameBack(answers)}). ${retry}`);
    }
    if (raw.status === "Failed") {
        throw new ArmOperationError(
            `${subject} failed: ${raw.error?.message ?? "Azure gave no reason"}${raw.assessmentActivityId ? ` (activity ${raw.assessmentActivityId})` : ""}. Check that the VM is running and its VM agent is ready, then run \`pulumi up\` again.`,
        );
    }
    const missing = missingFields(raw);
    if (missing.length > 0) {
        throw new ArmOperationError(
            `${subject} was reported finished, but its result has no ${missing.join(", ")} (${cameBack(answers)}): without them it is not an all-clear. ${retry}`,
        );
    }
    if (!RESULT_STATUSES.has(raw.status as string)) {
        throw new ArmOperationError(
            `${subject} ended with status ${raw.status}, which is not a result (${cameBack(answers)}). ${retry}`,
        );
    }
    if (raw.status === "CompletedWithWarnings") {
        ctx.progress(`${subject} completed with warnings: ${raw.error?.message ?? "no details"}`);
    }
    return definedOnly({
        status: raw.status as string,
        assessmentActivityId: raw.assessmentActivityId,
        rebootPending: raw.rebootPending,
        criticalAndSecurityPatchCount: raw.criticalAndSecurityPatchCount,
        otherPatchCount: raw.otherPatchCount,
        startDateTime: iso(raw.startDateTime),
        availablePatches: (raw.availablePatches ?? []).map((p) =>
            definedOnly({
                name: p.name,
                kbId: p.kbId,
                version: p.version,
                classifications: p.classifications,
                rebootBehavior: p.rebootBehavior,
            }),
        ),
    });
}
