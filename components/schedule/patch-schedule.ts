/**
 * PatchSchedule: one guest-patch maintenance configuration (Azure Update Manager's customer-managed
 * schedule: scope InGuestPatch, InGuestPatchMode User, the window, what to install) and its
 * assignments: to VMs by id, and to dynamic scopes (the subscription, or a resource group, filtered by
 * resource group, location, OS and tags). The arguments are checked by the rule core (R19) before
 * anything is created.
 */
import * as maintenance from "@pulumi/azure-native/maintenance";
import * as pulumi from "@pulumi/pulumi";
import { refusalCollector } from "../refusal-collector";
import { ComponentArgumentError } from "../vm/patched-virtual-machine";
import type { DynamicScope, PatchScheduleArgs } from "./args";
import { configurationProperties, scheduleFindings, scheduleWarnings } from "./configuration";

export const PATCH_SCHEDULE_TYPE = "azure-vm-patching:schedule:PatchSchedule";

/** A dynamic scope's filter in the Maintenance API's shape. */
function filterOf(scope: DynamicScope) {
    return {
        resourceTypes: ["Microsoft.Compute/virtualMachines"],
        ...(scope.resourceGroups !== undefined ? { resourceGroups: scope.resourceGroups } : {}),
        ...(scope.locations !== undefined ? { locations: scope.locations } : {}),
        ...(scope.osTypes !== undefined ? { osTypes: [...scope.osTypes] } : {}),
        ...(scope.tags !== undefined
            ? {
                  tagSettings: {
                      tags: Object.fromEntries(Object.entries(scope.tags).map(([k, v]) => [k, [...v]])),
                      filterOperator: scope.tagOperator ?? "Any",
                  },
              }
            : {}),
    };
}

export class PatchSchedule extends pulumi.ComponentResource {
    /** The azure-native maintenance configuration. */
    public readonly configuration: maintenance.MaintenanceConfiguration;
    /** Its Azure resource id: what an assignment (or a VM component's `schedule`) refers to. */
    public readonly configurationId: pulumi.Output<string>;
    /** The assignments to `virtualMachineIds`, in order. */
    public readonly virtualMachineAssignments: maintenance.ConfigurationAssignment[] = [];
    /** The dynamic scopes, in order (subscription- or resource-group-level assignments). */
    public readonly dynamicScopeAssignments: (
        | maintenance.ConfigurationAssignmentsForSubscription
        | maintenance.ConfigurationAssignmentsForResourceGroup
    )[] = [];

    constructor(name: string, args: PatchScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
        super(PATCH_SCHEDULE_TYPE, name, {}, opts);
        let refused: ComponentArgumentError | undefined;
        try {
            this.checkArgs(args);
        } catch (error) {
            if (!(error instanceof ComponentArgumentError) || !refusalCollector()) throw error;
            refused = error;
        }
        for (const warning of scheduleWarnings(args, Date.now(), pulumi.runtime.isDryRun()))
            void pulumi.log.warn(warning.message, this);
        // A refused schedule under the offline check: nothing built on it registers (its inputs fail).
        const held = <T>(value: T): pulumi.Input<T> =>
            refused ? (pulumi.output(Promise.reject(refused)) as pulumi.Output<T>) : value;
        const props = configurationProperties(args);
        this.configuration = new maintenance.MaintenanceConfiguration(
            name,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                resourceName: args.configurationName,
                namespace: "Microsoft.Maintenance",
                visibility: "Custom",
                maintenanceScope: held(props.maintenanceScope),
                extensionProperties: props.extensionProperties,
                startDateTime: props.startDateTime,
                duration: props.duration,
                timeZone: props.timeZone,
                recurEvery: props.recurEvery,
                expirationDateTime: props.expirationDateTime,
                installPatches: props.installPatches,
                tags: args.tags,
            },
            { parent: this },
        );
        this.configurationId = this.configuration.id;

        for (const [i, vmId] of (args.virtualMachineIds ?? []).entries()) {
            const parts = pulumi.output(vmId).apply(parseVmId);
            this.virtualMachineAssignments.push(
                new maintenance.ConfigurationAssignment(
                    `${name}-vm-${i}`,
                    {
                        providerName: "Microsoft.Compute",
                        resourceType: "virtualMachines",
                        resourceGroupName: parts.resourceGroupName,
                        resourceName: parts.name,
                        resourceId: vmId,
                        maintenanceConfigurationId: this.configurationId,
                        location: args.location,
                    },
                    { parent: this },
                ),
            );
        }
        for (const [i, scope] of (args.dynamicScopes ?? []).entries()) {
            const common = {
                maintenanceConfigurationId: this.configurationId,
                filter: filterOf(scope),
                location: args.location,
            };
            this.dynamicScopeAssignments.push(
                scope.resourceGroupName !== undefined
                    ? new maintenance.ConfigurationAssignmentsForResourceGroup(
                          `${name}-scope-${i}`,
                          { ...common, resourceGroupName: scope.resourceGroupName },
                          { parent: this },
                      )
                    : new maintenance.ConfigurationAssignmentsForSubscription(`${name}-scope-${i}`, common, {
                          parent: this,
                      }),
            );
        }
        this.registerOutputs({ configuration: this.configuration, configurationId: this.configurationId });
    }

    /** The rule core's R19 on the arguments, and the scopes' own needs; refused with every finding. */
    private checkArgs(args: PatchScheduleArgs): void {
        const findings = scheduleFindings(args).filter((f) => f.severity === "error");
        const problems = findings.map((f) => f.message);
        for (const [i, scope] of (args.dynamicScopes ?? []).entries()) {
            const filters = [scope.resourceGroups, scope.locations, scope.osTypes, scope.tags];
            if (scope.resourceGroupName === undefined && filters.every((f) => f === undefined)) {
                problems.push(
                    `dynamicScopes[${i}] = (no filter): a subscription-wide dynamic scope without a filter would patch every VM of the subscription. Allowed: at least one of resourceGroups, locations, osTypes, tags (azurerm requires one), or resourceGroupName. Fix: add the filter that selects the VMs to patch.`,
                );
            }
        }
        if (problems.length === 0) return;
        const error = new ComponentArgumentError(problems.join("\n"), this);
        refusalCollector()?.({ error, resource: this, findings, message: error.message });
        throw error;
    }
}

/** The resource group and name of a VM id ("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"). */
function parseVmId(id: string): { resourceGroupName: string; name: string } {
    const match = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)$/i.exec(id);
    if (!match) {
        throw new Error(
            `PatchSchedule: virtualMachineIds has ${JSON.stringify(id)}, which is not a VM's resource id. Allowed: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>. Fix: pass the VM's id output (vm.id).`,
        );
    }
    return { resourceGroupName: match[1], name: match[2] };
}
