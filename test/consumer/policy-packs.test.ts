/**
 * The policies in packs outside this repository, driven through the Analyzer protocol as the Pulumi
 * CLI drives them: a team's own pack composed from `pulumi-azure-vm-patching/policies` next to its own
 * policy, and the standalone pack as `pulumi policy publish` uploads it, installed in an empty directory
 * from what it names. Both must judge the fleet example as the repository's pack does.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fleetVerdictsWith, repositoryFleetVerdicts, verdictsOf } from "./support/verdicts";
import { appProject, publishedPack, startInstalls, USER_POLICY_NAME } from "./support/workspace";

// The installs start as soon as mocha loads this file, so they run beside the suites before it.
startInstalls();
describe("consumer: the policies in packs of their own", function () {
    this.timeout(600_000);

    it("a team's pack composed from the export gives the fleet the repository pack's verdicts, and runs its own policy", async () => {
        const pack = path.join((await appProject()).dir, "policy");
        const violations = await fleetVerdictsWith(pack);
        const reference = await repositoryFleetVerdicts();
        assert.ok(reference.length >= 4, "the fleet has four deliberate violations at least");
        assert.deepEqual(verdictsOf(violations), reference);
        // Its own policy ran too, on the raw VMs without an owner tag.
        assert.ok(violations.some((v) => v.policy === USER_POLICY_NAME && v.name === "legacy-sql-win"));
    });

    it("the published pack, installed in an empty directory, gives the fleet the same verdicts", async () => {
        const { dir, stdout } = await publishedPack();
        assert.equal(stdout.trim(), "azure-vm-patching-policies-0.1.0.tgz", "npm pack printed more than the name");
        // What the enforcing machine has: the pack's files and what npm installed, no clone around it.
        assert.ok(fs.existsSync(path.join(dir, "node_modules", "pulumi-azure-vm-patching", "dist", "policies")));
        assert.deepEqual(verdictsOf(await fleetVerdictsWith(dir)), await repositoryFleetVerdicts());
    });
});
