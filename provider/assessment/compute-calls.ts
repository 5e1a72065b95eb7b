/**
 * On-demand patch assessment (POST .../assessPatches, a long-running operation) and a VM's patch status
 * from its instance view, through the Azure Compute SDK. Results are plain JSON (dates as ISO strings)
 * so they can be stored in state and printed by scripts.
 */
import { type ArmClients, ArmOperationError, callArm, type WaitContext } from "../arm";

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

const iso = (d: Date | undefined) => (d === undefined ? undefined : d.toISOString());

function definedOnly<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function vmNotFound(vm: VmRef, subscriptionId: string, status: number | undefined, reason: string): string | undefined {
    if (status !== 404) return undefined;
    return `VM "${vm.vmName}" in resource group "${vm.resourceGroupName}" (subscription ${subscriptionId}) was not found (${reason}). Check the names, or make the assessment depend on the VM so it runs after the VM exists.`;
}

/**
 * Run an assessment and wait for its result. A result with status Failed is an error (nothing to
 * record); CompletedWithWarnings is a result, with a progress message.
 */
export async function assessPatches(
    clients: ArmClients,
    vm: VmRef,
    ctx: WaitContext,
    pollIntervalMs: number,
): Promise<PatchAssessmentResult> {
    const raw = await callArm(
        `assessPatches on ${vm.vmName}`,
        async () => {
            // The whole long-running operation shares the deadline; each poll is one request.
            const abortSignal = AbortSignal.timeout(Math.max(1, ctx.deadline.remainingMs()));
            return await clients.compute().virtualMachines.assessPatches(vm.resourceGroupName, vm.vmName, {
                abortSignal,
                updateIntervalInMs: pollIntervalMs,
            });
        },
        ctx,
        (f) => vmNotFound(vm, ctx.subscriptionId, f.status, f.reason),
    );
    if (raw.status === "Failed") {
        throw new ArmOperationError(
            `Patch assessment of VM "${vm.vmName}" failed: ${raw.error?.message ?? "Azure gave no reason"}${raw.assessmentActivityId ? ` (activity ${raw.assessmentActivityId})` : ""}. Check that the VM is running and its VM agent is ready, then run \`pulumi up\` again.`,
        );
    }
    if (raw.status === "CompletedWithWarnings") {
        ctx.progress(
            `Patch assessment of VM "${vm.vmName}" completed with warnings: ${raw.error?.message ?? "no details"}`,
        );
    }
    return definedOnly({
        status: raw.status ?? "Unknown",
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

/** Read a VM's patch status from its instance view. */
export async function readPatchStatus(clients: ArmClients, vm: VmRef, ctx: WaitContext): Promise<VmPatchStatus> {
    const view = await callArm(
        `GET instanceView of ${vm.vmName}`,
        (abortSignal) =>
            clients.compute().virtualMachines.instanceView(vm.resourceGroupName, vm.vmName, { abortSignal }),
        ctx,
        (f) => vmNotFound(vm, ctx.subscriptionId, f.status, f.reason),
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
