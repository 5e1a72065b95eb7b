/**
 * The public sources of the scheduled-patching rules (R18, R19, W5): Azure Update Manager's
 * documentation, the Maintenance REST API specification and the Terraform azurerm provider's
 * maintenance validations. Kept beside the rules that cite them; rules/sources.ts has the Compute ones.
 */
import type { RuleSource } from "../sources";

/** The Azure documentation a schedule finding links to. */
export const SCHEDULE_DOCS = {
    prerequisites: "https://learn.microsoft.com/azure/update-manager/prerequsite-for-schedule-patching",
    scheduledPatching: "https://learn.microsoft.com/azure/update-manager/scheduled-patching",
    maintenanceConfigurations: "https://learn.microsoft.com/azure/virtual-machines/maintenance-configurations",
    programmatic: "https://learn.microsoft.com/azure/update-manager/manage-vms-programmatically",
    dynamicScope: "https://learn.microsoft.com/azure/update-manager/dynamic-scope-overview",
} as const;

const MAINTENANCE_SPEC =
    "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/maintenance/resource-manager/Microsoft.Maintenance/stable/2023-04-01/Maintenance.json";
const AZURERM_MAINTENANCE =
    "https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/maintenance";

/** Every source a schedule rule (or one of R19's constraints) cites, by name. */
export const SCHEDULE_SOURCES = {
    prerequisites: {
        title: "Microsoft: Update Manager, configure schedule patching prerequisites (user scenarios table)",
        url: SCHEDULE_DOCS.prerequisites,
    },
    scheduledPatching: {
        title: "Microsoft: Update Manager, schedule recurring updates (window limits, timeline, recommended service limits)",
        url: SCHEDULE_DOCS.scheduledPatching,
    },
    maintenanceConfigurations: {
        title: "Microsoft: maintenance configurations (guest scope: window 1h30 to 3h55, repeat of at least 6 hours, supported resources)",
        url: SCHEDULE_DOCS.maintenanceConfigurations,
    },
    programmatic: {
        title: "Microsoft: Update Manager programmatically (InGuestPatchMode User, installPatches, assignments)",
        url: SCHEDULE_DOCS.programmatic,
    },
    dynamicScope: {
        title: "Microsoft: Update Manager dynamic scoping (filters, same prerequisites, recommended limits per dynamic scope)",
        url: SCHEDULE_DOCS.dynamicScope,
    },
    unsupportedWorkloads: {
        title: "Microsoft: Update Manager unsupported workloads (virtual machine scale sets)",
        url: "https://learn.microsoft.com/azure/update-manager/unsupported-workloads",
    },
    maintenanceSpec: {
        title: "Maintenance REST API spec (2023-04-01): MaintenanceWindow, InputPatchConfiguration, RebootOptions",
        url: MAINTENANCE_SPEC,
    },
    azurermMaintenanceValidate: {
        title: "Terraform azurerm: maintenance validate/maintenance.go (duration pattern, time-zone list)",
        url: `${AZURERM_MAINTENANCE}/validate/maintenance.go`,
    },
    azurermMaintenanceConfiguration: {
        title: "Terraform azurerm: maintenance_configuration_resource.go (InGuestPatch needs window, install_patches, InGuestPatchMode; classification and reboot enums)",
        url: `${AZURERM_MAINTENANCE}/maintenance_configuration_resource.go`,
    },
    monthlyWindowIssue: {
        title: "azurerm issue 29348: the service refuses a monthly recurrence without day of month or week of month (InvalidMaintenanceWindow)",
        url: "https://github.com/hashicorp/terraform-provider-azurerm/issues/29348",
    },
} as const satisfies Record<string, RuleSource>;
