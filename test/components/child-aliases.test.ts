/**
 * The components drop azure-native's API-version type aliases from the resources they create
 * (components/child-aliases.ts): none can address a resource a component ever registered, and each cost
 * the SDK an Output chain per child. The user's own aliases must survive: they are how an existing VM
 * is brought under a component (docs/adoption.md).
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { PatchedWindowsVirtualMachine } from "../../components";
import { withoutVersionedTypeAliases } from "../../components/child-aliases";
import { registrationOf, runProgram } from "../support/mock-program";
import { NIC_TYPE, VM_TYPE, windowsArgs } from "./vm/support/fixtures";

describe("component children: azure-native's API-version type aliases dropped, the user's aliases kept", function () {
    this.timeout(60_000);

    it("the VM and NIC carry the user's alias and none of azure-native's versioned type aliases", async () => {
        const run = await runProgram(
            () =>
                new PatchedWindowsVirtualMachine(
                    "web",
                    windowsArgs({
                        virtualMachineOptions: { aliases: [{ name: "old-web", parent: pulumi.rootStackResource }] },
                        networkInterfaceOptions: {
                            aliases: [{ name: "old-web-nic", parent: pulumi.rootStackResource }],
                        },
                    }),
                ).vmId,
            { resolveAliases: true },
        );
        assert.equal(run.error, undefined, String(run.error));
        for (const [type, name, old] of [
            [VM_TYPE, "web", `urn:pulumi:stack::project::${VM_TYPE}::old-web`],
            [NIC_TYPE, "web-nic", `urn:pulumi:stack::project::${NIC_TYPE}::old-web-nic`],
        ]) {
            const registration = registrationOf(run, type, name);
            assert.deepEqual(registration.aliasUrns, [old], `${name}'s aliases`);
        }
    });

    it("keeps every alias but a versioned type alias azure-native added, even a user's naming a versioned type", () => {
        const users = [{ type: "azure-native:compute/v20230301:VirtualMachine" }, { name: "old" }];
        const added = [
            { type: "azure-native:compute/v20150615:VirtualMachine" },
            { type: "azure-native:compute:VirtualMachine" },
        ];
        const result = withoutVersionedTypeAliases(users)({
            resource: undefined as never,
            type: "azure-native:compute:VirtualMachine",
            name: "web",
            props: {},
            opts: { aliases: [...users, ...added] },
        });
        assert.deepEqual(result?.opts.aliases, [...users, { type: "azure-native:compute:VirtualMachine" }]);
    });
});
