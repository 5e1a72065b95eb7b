/**
 * The stack policy's reports as the schedule tests read them: one AnalyzeStack through the real
 * analyzer, its azure-vm-patch-schedules diagnostics decoded (rule ids, kind) with their URN and level.
 */
import assert from "node:assert/strict";
import type { AnalyzerClient, AnalyzerResource } from "../../../check/engine/analyzer-client";
import { decodeDiagnosticData } from "../../../policies/diagnostic-data";
import { SCHEDULE_POLICY } from "../../../policies/schedule-policy";
import { IMAGES } from "./targets";

/** A URN in the stack the analyzer client builds by default. */
export const urn = (type: string, name: string) => `urn:pulumi:dev::check::${type}::${name}`;

export const NATIVE_VM = "azure-native:compute:VirtualMachine";
export const NATIVE_MC = "azure-native:maintenance:MaintenanceConfiguration";
export const NATIVE_ASSIGNMENT = "azure-native:maintenance:ConfigurationAssignment";
export const NATIVE_SUBSCRIPTION_SCOPE = "azure-native:maintenance:ConfigurationAssignmentsForSubscription";
export const CLASSIC_MC = "azure:maintenance/configuration:Configuration";
export const CLASSIC_DYNAMIC = "azure:maintenance/assignmentDynamicScope:AssignmentDynamicScope";

/**
 * A weekly guest-patch schedule that R19 accepts (Saturdays 22:00 UTC in 2031, three hours, critical
 * Windows updates), as azure-native registers it; `properties` replace its settings.
 */
export function guestSchedule(name: string, properties: Record<string, unknown> = {}): AnalyzerResource {
    return {
        type: NATIVE_MC,
        name,
        urn: urn(NATIVE_MC, name),
        properties: {
            resourceGroupName: "rg",
            maintenanceScope: "InGuestPatch",
            extensionProperties: { InGuestPatchMode: "User" },
            startDateTime: "2031-01-04 22:00",
            duration: "03:00",
            timeZone: "UTC",
            recurEvery: "Week Saturday",
            installPatches: {
                rebootSetting: "IfRequired",
                windowsParameters: { classificationsToInclude: ["Critical"] },
            },
            ...properties,
        },
    };
}

/** A Windows azure-native VM with the given patch mode (default AutomaticByPlatform) and bypass. */
export function nativeVm(
    name: string,
    settings: { mode?: string; bypass?: boolean },
    extra: Record<string, unknown> = {},
): AnalyzerResource {
    const automaticByPlatformSettings =
        settings.bypass === undefined ? undefined : { bypassPlatformSafetyChecksOnUserSchedule: settings.bypass };
    return {
        type: NATIVE_VM,
        name,
        urn: urn(NATIVE_VM, name),
        properties: {
            resourceGroupName: "rg",
            location: "westeurope",
            vmName: name,
            osProfile: {
                computerName: name,
                adminUsername: "azureuser",
                windowsConfiguration: {
                    enableAutomaticUpdates: true,
                    patchSettings: {
                        patchMode: settings.mode ?? "AutomaticByPlatform",
                        ...(automaticByPlatformSettings ? { automaticByPlatformSettings } : {}),
                    },
                },
            },
            storageProfile: { imageReference: { ...IMAGES.windows, version: "latest" } },
            ...extra,
        },
    };
}

/** One report of the stack policy. */
export interface Seen {
    readonly rule: string;
    readonly urn: string;
    readonly level: string;
    readonly kind: string;
    readonly message: string;
}

/** The stack policy's reports for one stack of resources. */
export async function stack(pack: AnalyzerClient, resources: AnalyzerResource[]): Promise<Seen[]> {
    const result = await pack.analyzeStack(resources);
    return result.diagnostics
        .filter((d) => d.policyName === SCHEDULE_POLICY)
        .map((d) => {
            const data = decodeDiagnosticData(d.description);
            assert.ok(data, d.description);
            return {
                rule: data.ruleIds.join(","),
                urn: d.urn,
                level: d.enforcementLevel,
                kind: data.kind,
                message: d.message,
            };
        });
}

/** The reports on one resource, as "rule:kind:level". */
export function reportsOn(seen: readonly Seen[], resourceUrn: string | undefined): string[] {
    return seen.filter((s) => s.urn === resourceUrn).map((s) => `${s.rule}:${s.kind}:${s.level}`);
}
