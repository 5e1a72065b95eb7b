/**
 * The stack policy finds the assignments that can cover a VM through AssignmentIndex instead of
 * comparing every VM with every assignment. Whatever the program holds, every assignment the index
 * leaves out must be one `matchAssignment` answers "no" for (else a schedule would be missed and W5
 * raised on an assigned VM), and the candidates keep the program's order.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
    AssignmentIndex,
    type AssignmentTargetFacts,
    matchAssignment,
    type ScheduleAssignmentResource,
    UNKNOWN,
} from "../../../rules";

/** Few distinct names, in two cases, so that generated assignments often name generated VMs. */
const text = fc.constantFrom("vm-a", "VM-A", "vm-b", "rg-1", "RG-1", "rg-2");
const maybe = fc.oneof(text, fc.constant(undefined), fc.constant(UNKNOWN));
const urn = fc.constantFrom("urn:a", "urn:b", "urn:c");
const id = fc.oneof(
    fc.constantFrom("/subscriptions/s/resourceGroups/rg-1/providers/Microsoft.Compute/virtualMachines/vm-a"),
    fc.constantFrom("/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG-1/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM-A"),
    fc.constant(undefined),
    fc.constant(UNKNOWN),
);

const staticAssignment: fc.Arbitrary<ScheduleAssignmentResource> = fc.record({
    kind: fc.constant("static" as const),
    source: fc.constant("azure-native ConfigurationAssignment"),
    maintenanceConfigurationId: fc.constant("/mc"),
    targetKind: fc.constantFrom("virtualMachine" as const, "scaleSet" as const, UNKNOWN),
    targetId: id,
    resourceGroupName: maybe,
    resourceName: maybe,
    targetProperties: fc.constant(["resourceName"]),
});

const dynamicAssignment: fc.Arbitrary<ScheduleAssignmentResource> = fc.record({
    kind: fc.constant("dynamic" as const),
    source: fc.constant("azure-native ConfigurationAssignmentsForSubscription"),
    shape: fc.constant("native" as const),
    maintenanceConfigurationId: fc.constant("/mc"),
    resourceGroupName: maybe,
    filter: fc.constant({ tagOperator: "Any" as const }),
});

const target: fc.Arbitrary<AssignmentTargetFacts> = fc.record({
    kind: fc.constantFrom("virtualMachine" as const, "scaleSet" as const),
    id,
    name: maybe,
    resourceGroupName: maybe,
    os: fc.constantFrom("Windows" as const, "Linux" as const),
    location: fc.constant("westeurope"),
    tags: fc.constant(undefined),
});

describe("AssignmentIndex: the stack policy's join without comparing every VM with every assignment", () => {
    it("leaves out only assignments matchAssignment rules out, and keeps the program's order", () => {
        fc.assert(
            fc.property(
                fc.array(
                    fc.record({
                        assignment: fc.oneof({ weight: 4, arbitrary: staticAssignment }, dynamicAssignment),
                        references: fc.uniqueArray(urn, { maxLength: 2 }),
                    }),
                    { maxLength: 12 },
                ),
                target,
                fc.option(urn, { nil: undefined }),
                (program, vm, vmUrn) => {
                    const assignments = program.map((p) => p.assignment);
                    const references = program.map((p) => new Set(p.references));
                    const candidates = new AssignmentIndex(assignments, references).candidates(vm, vmUrn);
                    assert.deepEqual(
                        candidates,
                        [...candidates].sort((a, b) => a - b),
                    );
                    assignments.forEach((a, i) => {
                        if (candidates.includes(i)) return;
                        const reference =
                            vmUrn !== undefined && references[i].has(vmUrn)
                                ? "target"
                                : references[i].size > 0
                                  ? "other"
                                  : undefined;
                        assert.equal(matchAssignment(a, vm, reference), "no", JSON.stringify({ a, vm, reference }));
                        assert.equal(matchAssignment(a, vm, undefined), "no", JSON.stringify({ a, vm }));
                    });
                },
            ),
            { numRuns: 3000 },
        );
    });

    it("finds an assignment by the VM's id or by its resource group and name, in any case", () => {
        const byName: ScheduleAssignmentResource = {
            kind: "static",
            source: "azure:maintenance/assignmentVirtualMachine:AssignmentVirtualMachine",
            maintenanceConfigurationId: "/mc",
            targetKind: "virtualMachine",
            targetId: undefined,
            resourceGroupName: "RG-1",
            resourceName: "VM-A",
            targetProperties: ["resourceName"],
        };
        const other = { ...byName, resourceName: "vm-b" };
        const index = new AssignmentIndex([other, byName], [new Set(), new Set()]);
        const vm: AssignmentTargetFacts = {
            kind: "virtualMachine",
            id: "/x",
            name: "vm-a",
            resourceGroupName: "rg-1",
            os: "Windows",
            location: "westeurope",
            tags: undefined,
        };
        assert.deepEqual(index.candidates(vm), [1]);
        assert.deepEqual(index.candidates({ ...vm, name: UNKNOWN }), [0, 1], "unknown name: every assignment");
    });
});
