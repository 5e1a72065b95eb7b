/**
 * The transition guard's stored state across versions, through Pulumi's real dynamic-provider host: a
 * guard stored before it recorded a schemaVersion (a fixture captured from that version, with its own
 * provider text) keeps working under this package, is read as version 1, and state from a newer version
 * is refused instead of misread.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { GUARD_STATE_SCHEMA_VERSION } from "../../../provider/guard/state";
import { patchGuardProvider } from "../../../provider/guard/transition-guard";
import { type ImageRef, resolvePatchSettings } from "../../../rules";
import {
    type DynamicProviderHost,
    dynamicUrn,
    serializeProvider,
    startDynamicProviderHost,
} from "../../support/dynamic-provider-harness";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const URN = dynamicUrn("azure-vm-patching:PatchTransitionGuard", "web-patch-guard");

type Props = Record<string, unknown>;

/** A guard's state as the version before schema versions stored it (Windows, Manual, generation 0). */
const FIXTURE: { id: string; outputs: Props } = JSON.parse(
    fs.readFileSync(
        path.join(REPO_ROOT, "test", "provider", "guard", "fixtures", "guard-state-before-schema-version.json"),
        "utf8",
    ),
);

describe("transition guard: state stored before schema versions (fixture)", function () {
    this.timeout(60_000);
    let host: DynamicProviderHost;
    let provider: string;
    const stored = FIXTURE.outputs;

    before(async () => {
        provider = await serializeProvider(patchGuardProvider);
        host = await startDynamicProviderHost({ cwd: REPO_ROOT });
    });
    after(async () => host?.close());

    /** This run's inputs for the fixture's VM, with this package's provider text. */
    const news = (settings: unknown = stored.settings): Props => ({
        __provider: provider,
        os: stored.os,
        image: stored.image,
        settings,
        written: stored.written,
        allowReplacement: false,
    });

    it("has no schemaVersion: it is the shape this test is about", () => {
        assert.equal(stored.schemaVersion, undefined);
        assert.notEqual(stored.__provider, provider, "the fixture carries the older provider text");
    });

    it("refresh and destroy still run with the provider text stored in it", async () => {
        const read = await host.read(URN, FIXTURE.id, stored);
        assert.deepEqual(read.props.settings, stored.settings);
        await host.delete(URN, FIXTURE.id, stored);
        assert.equal(host.stderr().includes("Error"), false, host.stderr());
    });

    it("the same settings again: no failure, no change, generation kept, and the inputs now carry the current version", async () => {
        const checked = await host.check(URN, stored, news());
        assert.deepEqual(checked.failures, []);
        assert.equal(checked.inputs.generation, stored.generation);
        assert.equal(checked.inputs.schemaVersion, GUARD_STATE_SCHEMA_VERSION);
        const diff = await host.diff(URN, FIXTURE.id, stored, checked.inputs);
        assert.equal(diff.changes, "none", "upgrading the package alone changes no guard");
        assert.deepEqual(diff.replaces, []);
    });

    it("a change Azure refuses from the stored settings is still refused, with the rule's message", async () => {
        const image = stored.image as ImageRef;
        const automaticByOs = resolvePatchSettings({ patchMode: "AutomaticByOS" }, { os: "Windows", image });
        assert.ok(automaticByOs.ok);
        const checked = await host.check(URN, stored, news(automaticByOs.settings));
        assert.match(checked.failures[0]?.reason ?? "", /^\[R13\] patching\.patchMode = "AutomaticByOS"/);
        await assert.rejects(host.update(URN, FIXTURE.id, stored, news(automaticByOs.settings)), /\[R13\]/);
    });

    it("an allowed update and a refresh by this package write the current version", async () => {
        const checked = await host.check(URN, stored, news());
        const { outs } = await host.update(URN, FIXTURE.id, stored, checked.inputs);
        assert.equal(outs.schemaVersion, GUARD_STATE_SCHEMA_VERSION);
        assert.deepEqual(outs.settings, stored.settings);
        const read = await host.read(URN, FIXTURE.id, { ...stored, __provider: provider });
        assert.equal(read.props.schemaVersion, GUARD_STATE_SCHEMA_VERSION);
        assert.deepEqual(read.props.settings, stored.settings);
        assert.equal(read.props.generation, stored.generation);
    });

    it("refuses state written by a newer version, saying to upgrade the package", async () => {
        const newer = { ...stored, schemaVersion: GUARD_STATE_SCHEMA_VERSION + 1 };
        const upgrade = new RegExp(
            `PatchTransitionGuard: the state was written by a newer pulumi-azure-vm-patching \\(schema version ${GUARD_STATE_SCHEMA_VERSION + 1}; this one reads up to ${GUARD_STATE_SCHEMA_VERSION}\\)\\. Upgrade the package`,
        );
        await assert.rejects(host.check(URN, newer, news()), upgrade);
        await assert.rejects(host.diff(URN, FIXTURE.id, newer, news()), upgrade);
        await assert.rejects(host.read(URN, FIXTURE.id, { ...newer, __provider: provider }), upgrade);
    });
});

/** A guard's state as schema version 1 stored it (Windows, created in Manual, generation 0). */
const FIXTURE_V1: { id: string; outputs: Props } = JSON.parse(
    fs.readFileSync(
        path.join(REPO_ROOT, "test", "provider", "guard", "fixtures", "guard-state-schema-version-1.json"),
        "utf8",
    ),
);

describe("transition guard: state stored at schema version 1 (fixture)", function () {
    this.timeout(60_000);
    let host: DynamicProviderHost;
    let provider: string;
    const stored = FIXTURE_V1.outputs;
    const image = stored.image as ImageRef;

    before(async () => {
        provider = await serializeProvider(patchGuardProvider);
        host = await startDynamicProviderHost({ cwd: REPO_ROOT });
    });
    after(async () => host?.close());

    const news = (patchMode: string): Props => {
        const resolved = resolvePatchSettings({ patchMode }, { os: "Windows", image });
        assert.ok(resolved.ok);
        return {
            __provider: provider,
            os: "Windows",
            image,
            settings: resolved.settings,
            written: ["patchMode"],
            allowReplacement: false,
        };
    };

    it("is version 1 with the provider text of its time", () => {
        assert.equal(stored.schemaVersion, 1);
        assert.notEqual(stored.__provider, provider);
    });

    it("Manual -> AutomaticByPlatform now switches in place, keeping enableAutomaticUpdates false", async () => {
        const checked = await host.check(URN, stored, news("AutomaticByPlatform"));
        assert.deepEqual(checked.failures, []);
        assert.equal(checked.inputs.generation, 0);
        assert.equal((checked.inputs.settings as Props).enableAutomaticUpdates, false);
        const diff = await host.diff(URN, FIXTURE_V1.id, stored, checked.inputs);
        assert.deepEqual(diff.replaces, []);
        const { outs } = await host.update(URN, FIXTURE_V1.id, stored, checked.inputs);
        assert.equal((outs.settings as Props).patchMode, "AutomaticByPlatform");
        assert.equal((outs.settings as Props).enableAutomaticUpdates, false);
    });

    it("migrates to version 2: the create-only inputs are recorded from the next run on, and then guarded (R17)", async () => {
        const createOnly = { computerName: "web01", adminUsername: "azureuser" };
        const checked = await host.check(URN, stored, { ...news("Manual"), createOnly });
        assert.deepEqual(checked.failures, [], "version 1 recorded none: nothing to compare yet");
        assert.equal(checked.inputs.schemaVersion, 2);
        const diff = await host.diff(URN, FIXTURE_V1.id, stored, checked.inputs);
        assert.equal(diff.changes, "some", "the record is written by an in-place update");
        assert.deepEqual(diff.replaces, []);
        const { outs } = await host.update(URN, FIXTURE_V1.id, stored, checked.inputs);
        assert.equal(outs.schemaVersion, 2);
        assert.deepEqual(outs.createOnly, createOnly);
        const state = { ...outs, __provider: provider };
        const renamed = await host.check(URN, state, {
            ...news("Manual"),
            createOnly: { ...createOnly, computerName: "web02" },
        });
        assert.match(renamed.failures[0]?.reason ?? "", /^\[R17\] computerName = "web02"/);
    });

    describe("the first run after the upgrade: what version 1 kept is compared, the rest is said", () => {
        const COMPONENT_URN = "urn:pulumi:stack::project::azure-vm-patching:compute:PatchedWindowsVirtualMachine::web";
        const createOnly = { computerName: "web01", adminUsername: "azureuser" };
        const upgraded = (patchMode: string, over: Props = {}): Props => ({
            ...news(patchMode),
            createOnly,
            logUrn: COMPONENT_URN,
            ...over,
        });
        const otherImage: ImageRef = { ...(image as Extract<ImageRef, { kind: "platform" }>), sku: "2022-datacenter" };
        const warningsSince = (from: number) =>
            host.logs.slice(from).filter((l) => l.severity === "warning" && l.message.includes("guard state schema 1"));

        it("an image change is caught from the image version 1 kept: refused at preview, replaced with allowReplacement", async () => {
            const refused = await host.check(URN, stored, upgraded("Manual", { image: otherImage }));
            assert.equal(refused.failures.length, 1);
            const reason = refused.failures[0].reason;
            assert.ok(reason.startsWith("[R17] imageReference = "), reason);
            assert.match(reason, /2019-Datacenter/, "names the image the VM was created from");
            const allowed = await host.check(
                URN,
                stored,
                upgraded("Manual", { image: otherImage, allowReplacement: true }),
            );
            assert.deepEqual(allowed.failures, []);
            assert.equal(allowed.inputs.generation, 1, "the VM's replacementTrigger changes");
        });

        it("what version 1 did not keep is not allowed silently: the preview warns under the component, saying what to do", async () => {
            const before = host.logs.length;
            const checked = await host.check(URN, stored, upgraded("Manual"));
            assert.deepEqual(checked.failures, []);
            // The engine's Log call is asynchronous: wait for it to arrive.
            for (let i = 0; i < 50 && warningsSince(before).length === 0; i++)
                await new Promise((r) => setTimeout(r, 20));
            const [warning] = warningsSince(before);
            assert.ok(warning, "the first run after the upgrade warns");
            assert.equal(warning.urn, COMPONENT_URN, "shown under the VM's component");
            for (const input of ["computerName", "adminUsername", "adminPassword", "zones"]) {
                assert.ok(warning.message.includes(input), `names ${input}`);
            }
            assert.match(warning.message, /run `pulumi up` once with the VM's inputs as they are/);

            // Once the record is written (version 2), nothing is left uncompared: no warning.
            const { outs } = await host.update(URN, FIXTURE_V1.id, stored, checked.inputs);
            const after = host.logs.length;
            const next = await host.check(URN, { ...outs, __provider: provider }, upgraded("Manual"));
            assert.deepEqual(next.failures, []);
            await new Promise((r) => setTimeout(r, 200));
            assert.deepEqual(warningsSince(after), []);
        });
    });

    it("Manual -> AutomaticByOS is still refused (R13), and refresh keeps working with the stored text", async () => {
        const checked = await host.check(URN, stored, news("AutomaticByOS"));
        assert.match(checked.failures[0]?.reason ?? "", /^\[R13\]/);
        const read = await host.read(URN, FIXTURE_V1.id, stored);
        assert.deepEqual(read.props.settings, stored.settings);
    });
});
