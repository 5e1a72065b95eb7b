/**
 * Why a scale-set component takes no `schedule`: Azure Update Manager lists Virtual Machine Scale Sets
 * as an unsupported workload (https://learn.microsoft.com/azure/update-manager/unsupported-workloads),
 * so a guest-patch schedule assigned to one never patches its instances. A `schedule` (or
 * `scheduleAssignedElsewhere`) that reaches the component anyway, from JavaScript or through a cast, is
 * refused with the rule core's R18 finding for a scale set with a guest schedule: the finding the
 * policy pack's stack policy reports for the same scale set and assignment.
 */
import {
    evaluateScheduleAssignment,
    type Finding,
    type OrchestrationMode,
    type OsType,
    readAzureNativeScaleSet,
    type ScheduleFacts,
} from "../../rules";

/** The schedule arguments the VM components take, as a scale-set component may still be handed them. */
export interface GivenScheduleArgs {
    readonly schedule?: unknown;
    readonly scheduleAssignedElsewhere?: unknown;
}

/** What this component does instead, added to the rule core's message (the finding itself is R18's). */
const INSTEAD =
    "This component patches a scale set without a schedule: on a Flexible scale set (the default) it sets patchMode AutomaticByPlatform and adds the Application Health extension. To patch machines on a schedule of your own, create them with PatchedWindowsVirtualMachine or PatchedLinuxVirtualMachine and give those `schedule`.";

/** Who assigns the schedule, as R18's message names it; undefined when the arguments assign none. */
function assignedBy(args: GivenScheduleArgs): string | undefined {
    // null is "not set", as everywhere in the components' arguments.
    if (args.schedule !== undefined && args.schedule !== null) return "the component's `schedule`";
    if (args.scheduleAssignedElsewhere !== undefined && args.scheduleAssignedElsewhere !== null)
        return "the component's `scheduleAssignedElsewhere`";
    return undefined;
}

/**
 * R18 on a scale set whose arguments assign it a guest-patch schedule, read as the pack reads the
 * scale set (resource kind, orchestration mode); undefined when they assign none. Nothing else of the
 * scale set decides it, so it is known before any Output resolves.
 */
export function scaleSetScheduleRefusal(
    os: OsType,
    orchestrationMode: OrchestrationMode,
    args: GivenScheduleArgs,
): { readonly message: string; readonly findings: readonly Finding[] } | undefined {
    const by = assignedBy(args);
    if (by === undefined) return undefined;
    const configuration = os === "Windows" ? "windowsConfiguration" : "linuxConfiguration";
    const profile = readAzureNativeScaleSet({
        orchestrationMode,
        virtualMachineProfile: { osProfile: { [configuration]: {} } },
    });
    const facts: ScheduleFacts = { assignment: "assigned", assignedBy: by };
    const findings = evaluateScheduleAssignment(profile, facts).findings.filter((f) => f.severity === "error");
    if (findings.length === 0) return undefined;
    return { message: `${findings.map((f) => f.message).join("\n")}\n${INSTEAD}`, findings };
}
