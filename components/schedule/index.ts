/**
 * Patch schedules (Azure Update Manager's customer-managed schedules): the PatchSchedule component and
 * what the VM components do with a `schedule`.
 */
export type {
    DynamicScope,
    LinuxClassification,
    LinuxPatches,
    PatchScheduleArgs,
    Recurrence,
    Weekday,
    WeekOfMonth,
    WindowsClassification,
    WindowsPatches,
} from "./args";
export { recurEveryOf } from "./configuration";
export { PATCH_SCHEDULE_TYPE, PatchSchedule } from "./patch-schedule";
export type { VmSchedule, VmScheduleArgs } from "./vm-schedule";
