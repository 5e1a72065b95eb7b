/**
 * On-demand assessment through the dynamic-provider host (the assessPatches long-running operation,
 * re-run when a trigger changes) and the patch status read from the instance view.
 */
import * as assert from "node:assert/strict";
import { getVmPatchStatus } from "../../../provider";
import { patchAssessmentProvider } from "../../../provider/assessment/dynamic-provider";
import { type DynamicProviderHost, dynamicUrn, serializeProvider } from "../../support/dynamic-provider-harness";
import { installLoopbackGuard, violations } from "../../support/fake-arm/loopback-guard";
import type { FakeArm } from "../../support/fake-arm/server";
import {
    connectionTo,
    credentialOf,
    FAST,
    fakeArm,
    type HostedFakeArm,
    installTestCredentials,
    startHostWithFakeArm,
} from "../fake-arm-fixture";

type Props = Record<string, unknown>;

const ASSESSMENT = {
    status: "Succeeded",
    assessmentActivityId: "68f8b292-dfc2-4646-9781-33cc88631968",
    rebootPending: true,
    criticalAndSecurityPatchCount: 3,
    otherPatchCount: 7,
    startDateTime: "2026-11-22T01:00:00.000Z",
    availablePatches: [
        {
            patchId: "a",
            name: "2026-11 Cumulative Update for Windows Server 2022",
            version: "",
            kbId: "5046000",
            classifications: ["Security"],
            rebootBehavior: "CanRequestReboot",
            assessmentState: "Available",
        },
    ],
};

describe("patch assessment through the dynamic-provider host (gRPC)", function () {
    this.timeout(60_000);
    let hosted: HostedFakeArm;
    let fake: FakeArm;
    let host: DynamicProviderHost;
    let text: string;
    const urn = dynamicUrn("PatchAssessment", "web-assessment");

    before(async () => {
        text = await serializeProvider(patchAssessmentProvider);
        hosted = await startHostWithFakeArm(
            {
                vms: {
                    "rg-web/web-1": { assessmentDelayMs: 80, assessment: ASSESSMENT },
                    "rg-web/broken": {
                        assessment: {
                            status: "Failed",
                            error: { code: "VMAgentNotReady", message: "agent not ready" },
                        },
                    },
                },
            },
            { scriptedClock: true },
        );
        ({ fake, host } = hosted);
    });
    after(async () => hosted?.close());

    const inputs = (vmName: string, triggers: Record<string, string> = {}): Props => ({
        __provider: text,
        connection: connectionTo(fake),
        resourceGroupName: "rg-web",
        vmName,
        triggers,
        timeouts: FAST,
    });

    it("create runs assessPatches as a long-running operation and exposes the result", async () => {
        const { id, outs } = await host.create(urn, inputs("web-1", { week: "47" }));
        assert.match(
            id,
            /\/resourceGroups\/rg-web\/providers\/Microsoft.Compute\/virtualMachines\/web-1\/patchAssessment$/,
        );
        assert.equal(outs.status, "Succeeded");
        assert.equal(outs.criticalAndSecurityPatchCount, 3);
        assert.equal(outs.otherPatchCount, 7);
        assert.equal(outs.rebootPending, true);
        assert.equal(outs.startDateTime, "2026-11-22T01:00:00.000Z");
        assert.equal(outs.assessmentActivityId, ASSESSMENT.assessmentActivityId);
        assert.deepEqual(outs.availablePatches, [
            {
                name: "2026-11 Cumulative Update for Windows Server 2022",
                kbId: "5046000",
                version: "",
                classifications: ["Security"],
                rebootBehavior: "CanRequestReboot",
            },
        ]);
        const kinds = fake.requests.map(
            (r) =>
                `${r.method} ${r.path.split("/").slice(-2).join("/")}${r.query.includes("monitor") ? "?monitor" : ""}`,
        );
        assert.match(kinds[0], /^POST web-1\/assessPatches$/);
        assert.ok(
            kinds.some((k) => /^GET operations\/[^?]+$/.test(k)),
            "polled the Azure-AsyncOperation",
        );
        assert.ok(
            kinds.some((k) => /\?monitor$/.test(k)),
            "read the result from Location",
        );
    });

    it("runs again only when a trigger changes", async () => {
        const { id, outs } = await host.create(urn, inputs("web-1", { week: "47" }));
        const posts = () => fake.requestsMatching("POST", "/assessPatches").length;
        assert.equal((await host.diff(urn, id, outs, inputs("web-1", { week: "47" }))).changes, "none");
        const changed = await host.diff(urn, id, outs, inputs("web-1", { week: "48" }));
        assert.equal(changed.changes, "some");
        assert.deepEqual(changed.replaces, []);
        const before = posts();
        const updated = await host.update(urn, id, outs, inputs("web-1", { week: "48" }));
        assert.equal(posts(), before + 1);
        assert.deepEqual(updated.outs.triggers, { week: "48" });
        assert.deepEqual((await host.diff(urn, id, outs, inputs("web-2"))).replaces, ["vmName"]);
        // Refresh keeps the point-in-time result; delete leaves nothing to remove in Azure.
        const requests = fake.requests.length;
        const refreshed = await host.read(urn, id, updated.outs);
        assert.deepEqual(refreshed.props, updated.outs);
        await host.delete(urn, id, updated.outs);
        assert.equal(fake.requests.length, requests, "neither read nor delete calls ARM");
    });

    it("retries a 5xx on assessPatches, and a reset while polling by polling the same operation again", async () => {
        fake.addFault({ method: "POST", path: "/assessPatches", action: { kind: "status", status: 503 } });
        fake.addFault({ method: "GET", path: "/operations/", action: { kind: "reset" } });
        const before = fake.requests.length;
        const { outs } = await host.create(urn, inputs("web-1", { week: "49" }));
        assert.equal(outs.criticalAndSecurityPatchCount, 3);
        const requests = fake.requests.slice(before);
        assert.deepEqual(
            requests.filter((r) => r.outcome === 503 || r.outcome === "reset").map((r) => r.outcome),
            [503, "reset"],
            "both faults were hit and survived",
        );
        assert.equal(requests.filter((r) => r.method === "POST" && r.outcome === 202).length, 1, "one assessment");
    });

    it("a hung poll of the long-running operation is abandoned at the request timeout and polled again", async () => {
        fake.addFault({ method: "GET", path: "/operations/", action: { kind: "hang" } });
        const before = { requests: fake.requests.length, sleeps: hosted.sleeps().length };
        const { outs } = await host.create(urn, {
            ...inputs("web-1", { week: "50" }),
            timeouts: { ...FAST, requestTimeoutSeconds: 0.3 },
        });
        // Had the hung poll lasted until the 5 s deadline, create would have failed.
        assert.equal(outs.status, "Succeeded");
        const requests = fake.requests.slice(before.requests);
        assert.ok(requests.some((r) => r.outcome === "hang"));
        assert.equal(requests.filter((r) => r.method === "POST").length, 1, "the same assessment, polled again");
        const sleeps = hosted.sleeps().slice(before.sleeps);
        assert.ok(
            sleeps.every((ms) => ms <= 40),
            `only polling backoff was waited: ${JSON.stringify(sleeps)}`,
        );
    });

    it("a failed assessment or a missing VM fails create with a clear error", async () => {
        await assert.rejects(host.create(urn, inputs("broken")), (e: Error) =>
            /Patch assessment of VM "broken" failed: agent not ready/.test(e.message),
        );
        await assert.rejects(host.create(urn, inputs("ghost")), (e: Error) =>
            /VM "ghost" in resource group "rg-web" .* was not found/.test(e.message),
        );
    });
});

describe("getVmPatchStatus", () => {
    let fake: FakeArm;
    before(() => {
        installLoopbackGuard();
        installTestCredentials();
    });
    afterEach(async () => fake?.close());
    after(() => assert.deepEqual(violations, []));

    it("reads availablePatchSummary and lastPatchInstallationSummary from the instance view", async () => {
        fake = await fakeArm({
            vms: {
                "rg/vm1": {
                    patchStatus: {
                        availablePatchSummary: {
                            status: "Succeeded",
                            criticalAndSecurityPatchCount: 1,
                            otherPatchCount: 2,
                            rebootPending: false,
                            lastModifiedTime: "2026-11-21T10:00:00Z",
                        },
                        lastPatchInstallationSummary: {
                            status: "CompletedWithWarnings",
                            installedPatchCount: 4,
                            pendingPatchCount: 1,
                            failedPatchCount: 1,
                            excludedPatchCount: 0,
                            notSelectedPatchCount: 2,
                            error: { code: "x", message: "one patch failed" },
                        },
                    },
                },
                "rg/fresh": {},
            },
        });
        const args = { subscriptionId: fake.subscriptionId, endpoint: fake.url, caCertificate: fake.certificate };
        const status = await getVmPatchStatus({ ...args, resourceGroupName: "rg", vmName: "vm1" });
        assert.deepEqual(status, {
            availablePatchSummary: {
                status: "Succeeded",
                criticalAndSecurityPatchCount: 1,
                otherPatchCount: 2,
                rebootPending: false,
                lastModifiedTime: "2026-11-21T10:00:00.000Z",
            },
            lastPatchInstallationSummary: {
                status: "CompletedWithWarnings",
                installedPatchCount: 4,
                pendingPatchCount: 1,
                failedPatchCount: 1,
                excludedPatchCount: 0,
                notSelectedPatchCount: 2,
                error: "one patch failed",
            },
        });
        assert.deepEqual(await getVmPatchStatus({ ...args, resourceGroupName: "rg", vmName: "fresh" }), {});
        await assert.rejects(
            getVmPatchStatus({ ...args, resourceGroupName: "rg", vmName: "nope" }),
            /VM "nope" .* was not found/,
        );
        // The compute client asks for a token for this endpoint's audience, as sovereign clouds need.
        assert.deepEqual([...new Set(credentialOf(fake).scopes)], [`${fake.url}/.default`]);
    });
});
