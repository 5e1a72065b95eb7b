/**
 * What a VM component does with a schedule: patch settings that let Update Manager run it
 * (AutomaticByPlatform + bypassPlatformSafetyChecksOnUserSchedule = true, R18), the assignment of the
 * schedule to the VM, and, without a schedule, W5 raised to an error unless the user says where the VM
 * is assigned. The rules are the rule core's (evaluateScheduleAssignment); only the level is the
 * component's.
 */
import * as maintenance from "@pulumi/azure-native/maintenance";
import type * as pulumi from "@pulumi/pulumi";
import {
    evaluateScheduleAssignment,
    type Finding,
    hotpatchNeedsSafetyChecks,
    type ImageRef,
    type OsType,
    profileOfSettings,
    type ResolvedPatchSettings,
    type ScheduleFacts,
} from "../../rules";
import { PatchSchedule } from "./patch-schedule";

/** A schedule for a VM: a PatchSchedule of the program, or the id of an existing maintenance configuration. */
export type VmSchedule = PatchSchedule | pulumi.Input<string>;

/** The schedule arguments of the VM components. */
export interface VmScheduleArgs {
    /**
     * Patch the VM on this schedule (a PatchSchedule, or the resource id of a guest-patch maintenance
     * configuration). The component then sets patchMode AutomaticByPlatform and
     * bypassPlatformSafetyChecksOnUserSchedule = true (unless written otherwise, which is refused: R18),
     * and assigns the schedule to the VM.
     */
    readonly schedule?: VmSchedule;
    /**
     * Where the VM's schedule is assigned when not by this component: a dynamic scope or another stack.
     * Without it (or `schedule`), bypassPlatformSafetyChecksOnUserSchedule = true is refused (W5): such a
     * VM is never patched. Write where, for the next reader: "dynamic scope 'prod-weekly' in stack ops".
     */
    readonly scheduleAssignedElsewhere?: string;
}

/** The settings a schedule needs, where the user wrote none: R18 still judges what was written. */
export function withSchedulePatching(patching: unknown, args: VmScheduleArgs): unknown {
    if (args.schedule === undefined) return patching;
    const given = patching !== null && typeof patching === "object" ? (patching as Record<string, unknown>) : {};
    return {
        patchMode: "AutomaticByPlatform",
        bypassPlatformSafetyChecksOnUserSchedule: true,
        ...given,
    };
}

/** Where the schedule came from, for messages. */
function scheduleFacts(args: VmScheduleArgs): ScheduleFacts {
    if (args.schedule !== undefined) return { assignment: "assigned", assignedBy: "the component's `schedule`" };
    const elsewhere =
        typeof args.scheduleAssignedElsewhere === "string" && args.scheduleAssignedElsewhere.trim() !== "";
    return { assignment: "unassigned", ...(elsewhere ? { assignedElsewhere: true } : {}) };
}

const WAYS_OUT =
    "In this component: give `schedule` (a PatchSchedule or a maintenance configuration's id) and it assigns the schedule to the VM, or, when the VM is assigned elsewhere (a dynamic scope, another stack), say where with `scheduleAssignedElsewhere`.";

/**
 * The schedule rules on the validated settings: R18 (a schedule the settings cannot run) and W5 (no
 * schedule for bypass = true) raised to an error. undefined when there is nothing to refuse.
 */
export function scheduleRefusal(
    settings: ResolvedPatchSettings,
    image: ImageRef,
    written: readonly string[],
    args: VmScheduleArgs,
): { readonly message: string; readonly findings: readonly Finding[] } | undefined {
    const profile = profileOfSettings(settings, image, "patching", new Set(written));
    const { findings } = evaluateScheduleAssignment(profile, scheduleFacts(args));
    if (findings.length === 0) return undefined;
    const message = findings.map((f) => (f.severity === "warning" ? `${f.message} ${WAYS_OUT}` : f.message)).join("\n");
    return { message, findings };
}

/**
 * A note for a refusal of hotpatch (R10) on a VM with a schedule: a schedule needs the safety checks
 * bypassed, which hotpatch does not allow.
 */
export function scheduleHotpatchNote(findings: readonly Finding[], args: VmScheduleArgs): string | undefined {
    if (args.schedule === undefined) return undefined;
    // Findings are data: the rule's id says it, not the wording of its message.
    if (!findings.some((f) => f.ruleId === hotpatchNeedsSafetyChecks.id)) return undefined;
    return `A schedule needs bypassPlatformSafetyChecksOnUserSchedule = true, which hotpatch refuses (${hotpatchNeedsSafetyChecks.id}): on this hotpatch-capable image, set patching.enableHotpatching to false to patch the VM on the schedule, or remove \`schedule\` to keep hotpatch (Azure then patches it with its own safety checks).`;
}

/** The maintenance configuration id of a schedule. */
function configurationId(schedule: VmSchedule): pulumi.Input<string> {
    return schedule instanceof PatchSchedule ? schedule.configurationId : schedule;
}

/** Assigns the VM's schedule to the VM (azure-native ConfigurationAssignment), when it has one. */
export function assignSchedule(
    name: string,
    args: VmScheduleArgs & {
        readonly resourceGroupName: pulumi.Input<string>;
        readonly location?: pulumi.Input<string>;
    },
    vm: { readonly name: pulumi.Output<string> },
    parent: pulumi.Resource,
    dependsOn: pulumi.Input<pulumi.Resource[]>,
): maintenance.ConfigurationAssignment | undefined {
    if (args.schedule === undefined) return undefined;
    return new maintenance.ConfigurationAssignment(
        `${name}-schedule`,
        {
            providerName: "Microsoft.Compute",
            resourceType: "virtualMachines",
            resourceGroupName: args.resourceGroupName,
            resourceName: vm.name,
            maintenanceConfigurationId: configurationId(args.schedule),
            location: args.location,
        },
        { parent, dependsOn },
    );
}

export type { OsType };
