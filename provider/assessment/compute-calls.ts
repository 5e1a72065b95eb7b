/**
 * On-demand patch assessment (POST .../assessPatches, a long-running operation) and a VM's patch status
 * from its instance view, through the Azure Compute SDK. Results are plain JSON (dates as ISO strings)
 * so they can be stored in state and printed by scripts.
 */
import { type ArmClients, awaitLongRunning, callArm, type WaitContext } from "../arm";
import { assessmentResult } from "./assessment-result";
import { definedOnly, iso } from "./plain-json";

export interface VmRef {
    readonly resourceGroupName: string;
    readonly vmName: string;
}

export interface AssessedPatch {
    name?: string;
    kbId?: string;
    version?: string;
    classifications?: string[];
    rebootBehavior?: string;
}

/** The result of one assessment (the assessPatches response), as stored in outputs. */
export interface PatchAssessmentResult {
    status: string;
    assessmentActivityId?: string;
    rebootPending?: boolean;
    criticalAndSecurityPatchCount?: number;
    otherPatchCount?: number;
    startDateTime?: string;
    availablePatches: AssessedPatch[];
}

export interface PatchSummary {
    status?: string;
    assessmentActivityId?: string;
    rebootPending?: boolean;
    criticalAndSecurityPatchCount?: number;
    otherPatchCount?: number;
    startTime?: string;
    lastModifiedTime?: string;
    error?: string;
}

export interface PatchInstallationSummary {
    status?: string;
    installationActivityId?: string;
    maintenanceWindowExceeded?: boolean;
    installedPatchCount?: number;
    pendingPatchCount?: number;
    failedPatchCount?: number;
    excludedPatchCount?: number;
    notSelectedPatchCount?: number;
    startTime?: string;
    lastModifiedTime?: string;
    error?: string;
}

/** A VM's patch status from its instance view; a summary is absent until Azure has one. */
export interface VmPatchStatus {
    availablePatchSummary?: PatchSummary;
    lastPatchInstallationSummary?: PatchInstallationSummary;
}

function vmNotFound(
    vm: VmRef,
    subscriptionId: string,
    failure: { status?: number; code?: string; reason: string },
): string | undefined {
    const { status, code, reason } = failure;
    // A subscription ARM does not know is named as such by adviceFor, not as a missing VM.
    if (status !== 404 || code === "SubscriptionNotFound") return undefined;
    return `VM "${vm.vmName}" in resource group "${vm.resourceGroupName}" (subscription ${subscriptionId}) was not found (${reason}). Check the names, or make the assessment depend on the VM so it runs after the VM exists.`;
}

/**
 * Run an assessment (a long-running operation) and wait for its result within the deadline; anything
 * that is not a result is an error (assessment-result.ts).
 */
export async function assessPatches(clients: ArmClients, vm: VmRef, ctx: WaitContext): Promise<PatchAssessmentResult> {
    const compute = clients.compute();
    const { restorePoller } = require("@azure/arm-compute") as typeof import("@azure/arm-compute");
    const raw = await awaitLongRunning(
        {
            request: `assessPatches on ${vm.vmName}`,
            subject: `Patch assessment of VM "${vm.vmName}"`,
            start: () => compute.virtualMachines.assessPatches(vm.resourceGroupName, vm.vmName),
            restore: (state) => restorePoller(compute, state, compute.virtualMachines.assessPatches),
            answers: clients.answers,
        },
        ctx,
        (f) => vmNotFound(vm, ctx.subscriptionId, f),
    );
    return assessmentResult(raw, vm, clients.answers, ctx);
}

/** Read a VM's patch status from its instance view. */
export async function readPatchStatus(clients: ArmClients, vm: VmRef, ctx: WaitContext): Promise<VmPatchStatus> {
    const view = await callArm(
        `GET instanceView of ${vm.vmName}`,
        (abortSignal) =>
            clients.compute().virtualMachines.instanceView(vm.resourceGroupName, vm.vmName, { abortSignal }),
        ctx,
        (f) => vmNotFound(vm, ctx.subscriptionId, f),
    );
    const status = view.patchStatus;
    const result: VmPatchStatus = {};
    const a = status?.availablePatchSummary;
    if (a !== undefined) {
        result.availablePatchSummary = definedOnly({
            status: a.status,
            assessmentActivityId: a.assessmentActivityId,
            rebootPending: a.rebootPending,
            criticalAndSecurityPatchCount: a.criticalAndSecurityPatchCount,
            otherPatchCount: a.otherPatchCount,
            startTime: iso(a.startTime),
            lastModifiedTime: iso(a.lastModifiedTime),
            error: a.error?.message,
        });
    }
    const l = status?.lastPatchInstallationSummary;
    if (l !== undefined) {
        result.lastPatchInstallationSummary = definedOnly({
            status: l.status,
            installationActivityId: l.installationActivityId,
            maintenanceWindowExceeded: l.maintenanceWindowExceeded,
            installedPatchCount: l.installedPatchCount,
            pendingPatchCount: l.pendingPatchCount,
            failedPatchCount: l.failedPatchCount,
            excludedPatchCount: l.excludedPatchCount,
            notSelectedPatchCount: l.notSelectedPatchCount,
            startTime: iso(l.startTime),
            lastModifiedTime: iso(l.lastModifiedTime),
            error: l.error?.message,
        });
    }
    return result;
}
