/**
 * The transition guard through Pulumi's real dynamic-provider host, as `pulumi preview`/`up` drive it:
 * the serialized provider (what the state stores in `__provider`) is evaluated in a fresh process that
 * resolves the rule core by package name, and every transition of the documented table is checked.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { patchGuardProvider } from "../../../provider/guard/transition-guard";
import {
    checkTransition,
    type ImageRef,
    type OsType,
    profileOfSettings,
    type ResolvedPatchSettings,
    resolvePatchSettings,
} from "../../../rules";
import {
    type DynamicProviderHost,
    dynamicUrn,
    serializeProvider,
    startDynamicProviderHost,
    UNKNOWN_VALUE,
} from "../../support/dynamic-provider-harness";
import { platformRef, TEST_CATALOG, TEST_IMAGES } from "../../support/images";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const URN = dynamicUrn("azure-vm-patching:PatchTransitionGuard", "web-patch-guard");

const WINDOWS_IMAGE: ImageRef = platformRef(TEST_IMAGES.windowsSupported);
const LINUX_IMAGE: ImageRef = platformRef(TEST_IMAGES.linuxTestCatalog);
const LINUX_CATALOG = TEST_CATALOG;

/**
 * Microsoft's guest patching article, note under "Patch orchestration modes" (R13): a row is the mode
 * in the stack and the enableAutomaticUpdates the VM was created with, a column the new mode.
 */
const WINDOWS_ROWS: { from: string; created: boolean; to: Record<string, "ok" | "not supported"> }[] = [
    { from: "Manual", created: false, to: { Manual: "ok", AutomaticByOS: "not supported", AutomaticByPlatform: "ok" } },
    {
        from: "AutomaticByOS",
        created: true,
        to: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
    },
    {
        from: "AutomaticByPlatform",
        created: true,
        to: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
    },
    {
        from: "AutomaticByPlatform",
        created: false,
        to: { Manual: "ok", AutomaticByOS: "not supported", AutomaticByPlatform: "ok" },
    },
];

/** The settings a component gives the guard for a mode: the rule core's own resolution. */
function settingsFor(os: OsType, patchMode: string): ResolvedPatchSettings {
    const result = resolvePatchSettings(
        { patchMode, ...(patchMode === "Manual" ? { customPatchingSolution: "WSUS" } : {}) },
        {
            os,
            image: os === "Windows" ? WINDOWS_IMAGE : LINUX_IMAGE,
            catalog: os === "Linux" ? LINUX_CATALOG : undefined,
        },
    );
    assert.ok(result.ok, `fixture ${os} ${patchMode} must be valid`);
    return result.settings;
}

type Props = Record<string, unknown>;

describe("transition guard through the dynamic-provider host", function () {
    this.timeout(60_000);
    let host: DynamicProviderHost;
    let provider: string;

    before(async () => {
        provider = await serializeProvider(patchGuardProvider);
        host = await startDynamicProviderHost({ cwd: REPO_ROOT });
    });
    after(async () => host?.close());

    /** The VM's create-only inputs as a component records them (R17). */
    const CREATE_ONLY: Props = { computerName: "web01", adminUsername: "azureuser", zones: ["1"], "osDisk.name": null };

    const inputs = (os: OsType, mode: string, allowReplacement = false, createOnly: Props = CREATE_ONLY): Props => ({
        __provider: provider,
        os,
        image: os === "Windows" ? WINDOWS_IMAGE : LINUX_IMAGE,
        settings: settingsFor(os, mode),
        written: ["patchMode"],
        allowReplacement,
        createOnly,
    });

    /** The state after a first `pulumi up` with this mode: check, then create, as the engine does. */
    async function created(os: OsType, mode: string): Promise<Props> {
        const checked = await host.check(URN, {}, inputs(os, mode));
        assert.deepEqual(checked.failures, []);
        const { id, outs } = await host.create(URN, checked.inputs);
        assert.ok(id.length > 0, "the guard has an id");
        return { ...outs, id };
    }

    it("serializes small, without the rule core in it, and forwards to the handlers of /provider/host by name", () => {
        const bytes = Buffer.byteLength(provider, "utf8");
        assert.ok(
            bytes < 16 * 1024,
            `serialized provider is ${bytes} bytes; it is stored once per VM and must stay under 16 KB`,
        );
        // Only the exported host entry: a deep path into the package fails once it is installed in node_modules.
        assert.match(provider, /require\("pulumi-azure-vm-patching\/provider\/host"\)/);
        assert.match(provider, /patchGuardHandlers/);
        assert.doesNotMatch(provider, /require\("pulumi-azure-vm-patching\/(?!provider\/host")/);
        for (const ruleCoreCode of [
            "WINDOWS_MODE_TRANSITIONS",
            "resolvePatchSettings",
            "DEFAULT_IMAGE_CATALOG",
            "zod",
            "readStoredGuard",
        ]) {
            assert.ok(!provider.includes(ruleCoreCode), `the serialized provider must not carry ${ruleCoreCode}`);
        }
    });

    it("create: records the settings with generation 0 and the state's schema version", async () => {
        const state = await created("Windows", "AutomaticByPlatform");
        assert.equal(state.generation, 0);
        assert.equal(state.schemaVersion, 2);
        assert.deepEqual(state.createOnly, CREATE_ONLY, "the create-only inputs are recorded (R17)");
        assert.deepEqual(state.settings, settingsFor("Windows", "AutomaticByPlatform"));
        assert.equal(state.__provider, provider, "the host keeps the provider text in the state");
    });

    /** A VM in `mode` created with `createdWith`: AutomaticByPlatform created false was created in Manual. */
    async function existing(mode: string, createdWith: boolean): Promise<Props> {
        const born =
            createdWith === false && mode !== "Manual"
                ? await created("Windows", "Manual")
                : await created("Windows", mode);
        if (born.settings && (born.settings as Props).patchMode === mode) return born;
        const checked = await host.check(URN, born, inputs("Windows", mode));
        assert.deepEqual(checked.failures, []);
        const { outs } = await host.update(URN, String(born.id), born, checked.inputs);
        return { ...outs, id: born.id };
    }

    for (const { from, created: createdWith, to: row } of WINDOWS_ROWS) {
        for (const [to, verdict] of Object.entries(row)) {
            it(`Windows ${from} (created with enableAutomaticUpdates = ${createdWith}) -> ${to}: ${verdict}`, async () => {
                const state = await existing(from, createdWith);
                assert.equal(
                    (state.settings as Props).enableAutomaticUpdates,
                    createdWith,
                    "the create-time value is recorded",
                );
                const checked = await host.check(URN, state, inputs("Windows", to));
                if (verdict === "ok") {
                    assert.deepEqual(checked.failures, []);
                    assert.equal(checked.inputs.generation, 0, "an allowed change never replaces the VM");
                    const given = checked.inputs.settings as Props;
                    assert.equal(given.patchMode, to);
                    assert.equal(
                        given.enableAutomaticUpdates,
                        createdWith,
                        "enableAutomaticUpdates keeps its create-time value",
                    );
                    const diff = await host.diff(URN, String(state.id), state, checked.inputs);
                    assert.deepEqual(diff.replaces, []);
                    assert.equal(diff.changes, from === to ? "none" : "some");
                    const { outs } = await host.update(URN, String(state.id), state, checked.inputs);
                    assert.deepEqual(outs.settings, {
                        ...settingsFor("Windows", to),
                        enableAutomaticUpdates: createdWith,
                    });
                    return;
                }
                // Refused at preview, with the rule core's own message (what, why, the way out).
                const expected = checkTransition(
                    profileOfSettings(
                        state.settings as ResolvedPatchSettings,
                        WINDOWS_IMAGE,
                        "patching",
                        new Set(["patchMode"]),
                    ),
                    profileOfSettings(settingsFor("Windows", to), WINDOWS_IMAGE, "patching", new Set(["patchMode"])),
                ).findings.map((f) => f.message);
                assert.deepEqual(
                    checked.failures.map((f) => f.reason),
                    expected,
                );
                assert.match(checked.failures[0].reason, /^\[R13\] patching\.patchMode = "/);
                assert.match(checked.failures[0].reason, /allowReplacement: true/);

                // Opted in: check raises the generation, diff asks for a delete-before-create replacement.
                const allowed = await host.check(URN, state, inputs("Windows", to, true));
                assert.deepEqual(allowed.failures, []);
                assert.equal(allowed.inputs.generation, 1);
                const diff = await host.diff(URN, String(state.id), state, allowed.inputs);
                assert.deepEqual(diff.replaces, ["generation"]);
                assert.equal(diff.deleteBeforeReplace, true);
                const { outs } = await host.create(URN, allowed.inputs);
                assert.equal(outs.generation, 1);
                assert.deepEqual(outs.settings, settingsFor("Windows", to));

                // Should a refused change reach update without check, it still fails with the rule's message.
                await assert.rejects(host.update(URN, String(state.id), state, inputs("Windows", to)), /\[R13\]/);
            });
        }
    }

    for (const from of ["ImageDefault", "AutomaticByPlatform"]) {
        for (const to of ["ImageDefault", "AutomaticByPlatform"]) {
            it(`Linux ${from} -> ${to}: ok`, async () => {
                const state = await created("Linux", from);
                const checked = await host.check(URN, state, inputs("Linux", to));
                assert.deepEqual(checked.failures, []);
                assert.equal(checked.inputs.generation, 0);
                const diff = await host.diff(URN, String(state.id), state, checked.inputs);
                assert.deepEqual(diff.replaces, []);
                assert.equal(diff.changes, from === to ? "none" : "some");
                const { outs } = await host.update(URN, String(state.id), state, checked.inputs);
                assert.deepEqual(outs.settings, settingsFor("Linux", to));
            });
        }
    }

    describe("R17: create-only inputs of an existing VM (provisionVMAgent, computerName, adminUsername, ...)", () => {
        const withAgent = (os: OsType, provisionVMAgent: boolean, allowReplacement = false): Props => {
            const resolved = resolvePatchSettings(
                { patchMode: os === "Windows" ? "AutomaticByOS" : "ImageDefault", provisionVMAgent },
                { os, image: os === "Windows" ? WINDOWS_IMAGE : LINUX_IMAGE, catalog: LINUX_CATALOG },
            );
            assert.ok(resolved.ok, "fixture must be valid");
            return {
                ...inputs(os, os === "Windows" ? "AutomaticByOS" : "ImageDefault", allowReplacement),
                settings: resolved.settings,
                written: ["patchMode", "provisionVMAgent"],
            };
        };
        for (const os of ["Windows", "Linux"] as const) {
            it(`${os}: a provisionVMAgent change is refused at preview; with allowReplacement the preview shows the replacement`, async () => {
                const first = await host.check(URN, {}, withAgent(os, true));
                const state: Props = { ...(await host.create(URN, first.inputs)).outs, id: "vm" };
                const refused = await host.check(URN, state, withAgent(os, false));
                assert.equal(refused.failures.length, 1);
                assert.match(refused.failures[0].reason, /^\[R17\] patching\.provisionVMAgent = false: /);
                assert.match(refused.failures[0].reason, /PropertyChangeNotAllowed/);
                assert.match(refused.failures[0].reason, /allowReplacement: true/);
                await assert.rejects(host.update(URN, "vm", state, withAgent(os, false)), /\[R17\]/);

                const allowed = await host.check(URN, state, withAgent(os, false, true));
                assert.deepEqual(allowed.failures, []);
                assert.equal(allowed.inputs.generation, 1, "the VM's replacementTrigger changes");
                const diff = await host.diff(URN, "vm", state, allowed.inputs);
                assert.deepEqual(diff.replaces, ["generation"]);
                assert.equal(diff.deleteBeforeReplace, true);
            });
        }
        const changes: [string, Props][] = [
            ["computerName", { ...CREATE_ONLY, computerName: "web02" }],
            ["adminUsername", { ...CREATE_ONLY, adminUsername: "admin2" }],
            ["zones", { ...CREATE_ONLY, zones: ["2"] }],
            ["osDisk.name", { ...CREATE_ONLY, "osDisk.name": "disk-2" }],
        ];
        for (const [key, createOnly] of changes) {
            it(`a change of ${key} is refused at preview, and replaces the VM only with allowReplacement`, async () => {
                const state = await created("Windows", "AutomaticByPlatform");
                const refused = await host.check(
                    URN,
                    state,
                    inputs("Windows", "AutomaticByPlatform", false, createOnly),
                );
                assert.equal(refused.failures.length, 1);
                assert.ok(refused.failures[0].reason.startsWith(`[R17] ${key} = `), refused.failures[0].reason);
                assert.match(refused.failures[0].reason, /can only be set when the VM is created/);
                const allowed = await host.check(
                    URN,
                    state,
                    inputs("Windows", "AutomaticByPlatform", true, createOnly),
                );
                assert.deepEqual(allowed.failures, []);
                assert.equal(allowed.inputs.generation, 1);
                const diff = await host.diff(URN, String(state.id), state, allowed.inputs);
                assert.deepEqual(diff.replaces, ["generation"]);
            });
        }
        it("a secret create-only input is never shown in the message", async () => {
            const state = await created("Windows", "AutomaticByPlatform");
            const secret = {
                "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                value: { ...CREATE_ONLY, adminUsername: "s3cr3t-admin" },
            };
            const refused = await host.check(URN, state, {
                ...inputs("Windows", "AutomaticByPlatform"),
                createOnly: secret,
            });
            assert.equal(refused.failures.length, 1);
            assert.doesNotMatch(refused.failures[0].reason, /s3cr3t-admin|azureuser/);
            assert.match(refused.failures[0].reason, /\[secret\]/);
        });
        it("unchanged create-only inputs and in-place changes (tags are not recorded) pass", async () => {
            const state = await created("Windows", "AutomaticByPlatform");
            const checked = await host.check(URN, state, inputs("Windows", "AutomaticByOS"));
            assert.deepEqual(checked.failures, []);
            assert.equal(checked.inputs.generation, 0);
        });
    });

    describe("R17: the admin password, compared by a salted digest only", () => {
        const FIRST = "Tr0ub4dor&3-first-P@ss";
        const SECOND = "C0rrect-H0rse-second-P@ss";
        const withPassword = (password: unknown, allowReplacement = false): Props => ({
            ...inputs("Windows", "AutomaticByPlatform", allowReplacement),
            adminPassword: password,
        });
        /** Fails when a password, or the stored digest or salt, shows in any of these texts. */
        const expectHidden = (texts: readonly unknown[], digest?: Props) => {
            const all = texts.map((t) => (typeof t === "string" ? t : JSON.stringify(t))).join("\n");
            for (const secret of [FIRST, SECOND]) assert.ok(!all.includes(secret), "a password shows");
            if (digest) {
                assert.ok(!all.includes(String(digest.digest)), "the digest shows");
                assert.ok(!all.includes(String(digest.salt)), "the salt shows");
            }
        };
        async function createdWith(password: unknown): Promise<Props> {
            const checked = await host.check(URN, {}, withPassword(password));
            assert.deepEqual(checked.failures, []);
            const { id, outs } = await host.create(URN, checked.inputs);
            return { ...outs, id };
        }

        it("check stores a salted digest in the password's place; the same password again changes nothing", async () => {
            const first = await host.check(URN, {}, withPassword(FIRST));
            const digest = first.inputs.adminPassword as Props;
            assert.equal(digest.algorithm, "HMAC-SHA256");
            assert.equal(Buffer.from(String(digest.salt), "base64").length, 16, "16 random bytes of salt");
            assert.equal(Buffer.from(String(digest.digest), "base64").length, 32);
            expectHidden([first.inputs]);
            const { id, outs } = await host.create(URN, first.inputs);
            assert.deepEqual(outs.adminPassword, digest, "the state keeps the digest, not the password");
            expectHidden([outs]);
            const state = { ...outs, id };

            const again = await host.check(URN, state, withPassword(FIRST));
            assert.deepEqual(again.failures, []);
            assert.deepEqual(again.inputs.adminPassword, digest, "the same salt and digest: no diff");
            assert.equal((await host.diff(URN, id, state, again.inputs)).changes, "none");
            const other = await createdWith(FIRST);
            assert.notEqual((other.adminPassword as Props).salt, digest.salt, "each VM has its own salt");
        });

        it("a changed password is refused at preview naming only the property; with allowReplacement the VM is replaced", async () => {
            const state = await createdWith(FIRST);
            const stored = state.adminPassword as Props;
            const refused = await host.check(URN, state, withPassword(SECOND));
            assert.equal(refused.failures.length, 1);
            const reason = refused.failures[0].reason;
            assert.ok(reason.startsWith("[R17] adminPassword = [secret]: "), reason);
            assert.match(reason, /can only be set when the VM is created/);
            assert.match(reason, /allowReplacement: true/);
            expectHidden([reason], stored);
            expectHidden([refused.inputs]);
            const update = await host.update(URN, String(state.id), state, withPassword(SECOND)).then(
                () => assert.fail("update must refuse a password change"),
                (error: unknown) => String(error),
            );
            assert.match(update, /\[R17\] adminPassword = \[secret\]/);
            expectHidden([update], stored);

            const allowed = await host.check(URN, state, withPassword(SECOND, true));
            assert.deepEqual(allowed.failures, []);
            assert.equal(allowed.inputs.generation, 1, "the VM's replacementTrigger changes");
            assert.notDeepEqual(allowed.inputs.adminPassword, stored, "the new password's digest is recorded");
            expectHidden([allowed.inputs]);
            const diff = await host.diff(URN, String(state.id), state, allowed.inputs);
            assert.deepEqual(diff.replaces, ["generation"]);
            const replaced = await host.create(URN, allowed.inputs);
            expectHidden([replaced.outs]);
            expectHidden([host.stderr(), host.logs]);
        });

        it("a password the engine marks secret is compared the same way", async () => {
            const secret = (value: string) => ({
                "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                value,
            });
            const state = await createdWith(secret(FIRST));
            assert.deepEqual((await host.check(URN, state, withPassword(secret(FIRST)))).failures, []);
            const refused = await host.check(URN, state, withPassword(secret(SECOND)));
            assert.equal(refused.failures.length, 1);
            expectHidden([refused.failures[0].reason], state.adminPassword as Props);
            expectHidden([refused.inputs]);
        });

        it("a record without a password digest (written before it was recorded) records one without refusing", async () => {
            const state = await created("Windows", "AutomaticByPlatform");
            assert.equal(state.adminPassword, undefined);
            const checked = await host.check(URN, state, withPassword(SECOND));
            assert.deepEqual(checked.failures, []);
            assert.equal((checked.inputs.adminPassword as Props).algorithm, "HMAC-SHA256");
            expectHidden([checked.inputs]);
        });

        it("a stored password that is not a digest fails closed, without showing it", async () => {
            const state = { ...(await createdWith(FIRST)), adminPassword: FIRST };
            const refused = await host.check(URN, state, withPassword(FIRST));
            assert.equal(refused.failures.length, 1);
            assert.match(refused.failures[0].reason, /adminPassword is not the digest this guard records/);
            expectHidden([refused.failures[0].reason]);
        });
    });

    it("a later generation is kept by allowed changes and raised again by the next replacement", async () => {
        const first = await created("Windows", "Manual");
        const replaced = await host.check(URN, first, inputs("Windows", "AutomaticByOS", true));
        const second: Props = { ...(await host.create(URN, replaced.inputs)).outs, id: "second" };
        assert.equal(second.generation, 1);
        const same = await host.check(URN, second, inputs("Windows", "AutomaticByPlatform", true));
        assert.equal(same.inputs.generation, 1, "an allowed change keeps the generation: no replacement");
        const back = await host.check(URN, second, inputs("Windows", "Manual", true));
        assert.equal(back.inputs.generation, 2);
    });

    describe("preview with unknown settings", () => {
        it("without allowReplacement: decides nothing, refuses nothing, keeps the generation", async () => {
            const state = await created("Windows", "Manual");
            const news = { ...inputs("Windows", "Manual"), settings: UNKNOWN_VALUE };
            const checked = await host.check(URN, state, news);
            assert.deepEqual(checked.failures, []);
            assert.equal(checked.inputs.generation, 0);
            const diff = await host.diff(URN, String(state.id), state, checked.inputs);
            assert.deepEqual(diff.replaces, []);
        });

        it("with allowReplacement: the generation is unknown, so the preview shows a possible replacement", async () => {
            const state = await created("Windows", "Manual");
            const news = {
                ...inputs("Windows", "Manual", true),
                settings: { ...settingsFor("Windows", "Manual"), patchMode: UNKNOWN_VALUE },
            };
            const checked = await host.check(URN, state, news);
            assert.deepEqual(checked.failures, []);
            assert.equal(checked.inputs.generation, UNKNOWN_VALUE);
            const diff = await host.diff(URN, String(state.id), state, checked.inputs);
            assert.deepEqual(diff.replaces, ["generation"]);
        });

        it("an unknown allowReplacement on a refused change: neither refuses nor promises a replacement", async () => {
            const state = await created("Windows", "Manual");
            const news = { ...inputs("Windows", "AutomaticByOS"), allowReplacement: UNKNOWN_VALUE };
            const checked = await host.check(URN, state, news);
            assert.deepEqual(checked.failures, []);
            assert.equal(checked.inputs.generation, UNKNOWN_VALUE);
        });
    });

    describe("unreadable state or inputs: fail closed, saying what to do", () => {
        const cases: [string, (state: Props) => Props][] = [
            ["settings not an object", (state) => ({ ...state, settings: "Manual" })],
            ["os missing", ({ os: _os, ...state }) => state],
            ["os mis-cased", (state) => ({ ...state, os: "windows" })],
            [
                "settings.os mis-cased",
                (state) => ({ ...state, settings: { ...(state.settings as Props), os: "windows" } }),
            ],
            ["written not a list", (state) => ({ ...state, written: 7 })],
            ["createOnly not a record", (state) => ({ ...state, createOnly: "web01" })],
        ];
        for (const [name, corrupt] of cases) {
            it(`stored state with ${name}: a change Azure refuses is still refused`, async () => {
                const state = corrupt(await created("Windows", "Manual"));
                const checked = await host.check(URN, state, inputs("Windows", "AutomaticByOS"));
                assert.equal(checked.failures.length, 1);
                assert.match(checked.failures[0].reason, /recorded state of this VM's guard cannot be read/);
                assert.match(checked.failures[0].reason, /Fix: restore the stack's state/);
                await assert.rejects(
                    host.update(URN, String(state.id), state, inputs("Windows", "AutomaticByOS")),
                    /cannot be read/,
                );
            });
        }
        it("inputs with a non-iterable written: a clear failure, no TypeError", async () => {
            const state = await created("Windows", "Manual");
            const checked = await host.check(URN, state, { ...inputs("Windows", "Manual"), written: 42 });
            assert.match(
                checked.failures[0]?.reason ?? "",
                /its inputs cannot be read \(written = 42: not a list of setting names\)/,
            );
            assert.ok(!/TypeError/.test(checked.failures[0].reason));
        });
    });

    it("read and delete need nothing from Azure", async () => {
        const state = await created("Linux", "AutomaticByPlatform");
        const read = await host.read(URN, String(state.id), state);
        assert.equal(read.id, state.id);
        assert.deepEqual(read.props.settings, state.settings);
        await host.delete(URN, String(state.id), state);
        assert.equal(host.stderr().includes("Error"), false, host.stderr());
    });
});
