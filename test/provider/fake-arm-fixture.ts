/**
 * Shared setup of the provider tests: a fake ARM server per test, the connection and clients that
 * reach it with the test credential, fast timeouts, a context that records progress, and the
 * dynamic-provider host that reaches a fake server.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    type ArmConnection,
    type Clock,
    createArmClients,
    Deadline,
    setCredentialFactory,
    systemClock,
    type TimeoutsArgs,
    type WaitContext,
    waitTiming,
} from "../../provider/arm";
import { type DynamicProviderHost, startDynamicProviderHost } from "../support/dynamic-provider-harness";
import { StaticTokenCredential } from "../support/fake-arm/credential";
import { sleepsLoggedIn } from "../support/fake-arm/scripted-clock";
import { type FakeArm, type FakeArmOptions, startFakeArm } from "../support/fake-arm/server";

/** Small delays keep the suite fast; the backoff still grows (10ms, 15ms, ... up to 40ms). */
export const FAST: TimeoutsArgs = {
    timeoutSeconds: 5,
    pollSeconds: 0.01,
    maxPollSeconds: 0.04,
    requestTimeoutSeconds: 1,
};

const tokens = new Map<string, StaticTokenCredential>();

/** In this process, each fake's endpoint gets that fake's token. */
export function installTestCredentials(): void {
    setCredentialFactory((connection) => {
        const credential = tokens.get(connection.endpoint);
        if (credential === undefined) throw new Error(`test: no fake ARM server at ${connection.endpoint}`);
        return credential;
    });
}

export async function fakeArm(options: FakeArmOptions = {}): Promise<FakeArm> {
    const fake = await startFakeArm(options);
    tokens.set(fake.url, new StaticTokenCredential(fake.token));
    return fake;
}

export function credentialOf(fake: FakeArm): StaticTokenCredential {
    return tokens.get(fake.url)!;
}

export function connectionTo(fake: FakeArm): ArmConnection {
    return { subscriptionId: fake.subscriptionId, endpoint: fake.url, caCertificate: fake.certificate };
}

/** The clients of one operation (the context's deadline bounds their requests). */
export function clientsFor(fake: FakeArm, ctx: WaitContext) {
    return createArmClients(connectionTo(fake), ctx);
}

/** The context of one operation against a fake server; progress is kept in `messages`. */
export function testContext(
    fake: FakeArm,
    timeouts: TimeoutsArgs = FAST,
    clock: Clock = systemClock,
): WaitContext & { messages: string[] } {
    const timing = waitTiming(timeouts);
    const messages: string[] = [];
    return {
        what: "testing",
        subscriptionId: fake.subscriptionId,
        timing,
        deadline: new Deadline(timing.timeoutMs, () => clock.now()),
        progress: (m) => messages.push(m),
        clock,
        messages,
    };
}

/** A context and the clients of one operation against a fake server. */
export function operationOn(fake: FakeArm, timeouts: TimeoutsArgs = FAST, clock: Clock = systemClock) {
    const ctx = testContext(fake, timeouts, clock);
    return { ctx, clients: clientsFor(fake, ctx) };
}

/**
 * Options for startDynamicProviderHost: run in the repo (its node_modules links this package) with the
 * test token, and with the clock scripted when `clockLog` names the file its waits go to.
 */
function hostOptions(fake: FakeArm, guardFile: string, clockLog: string | undefined) {
    return {
        cwd: path.resolve(__dirname, "..", "..", ".."),
        env: {
            NODE_OPTIONS: `--require ${path.resolve(__dirname, "..", "support", "fake-arm", "host-preload.js")}`,
            FAKE_ARM_TOKEN: fake.token,
            LOOPBACK_GUARD_FILE: guardFile,
            ...(clockLog === undefined ? {} : { FAKE_ARM_CLOCK_LOG: clockLog }),
        },
    };
}

/** A fake ARM server and Pulumi's dynamic-provider host that reaches it with the test token. */
export interface HostedFakeArm {
    readonly fake: FakeArm;
    readonly host: DynamicProviderHost;
    /** Every wait the host made so far, in ms (only with a scripted clock; empty otherwise). */
    sleeps(): number[];
    /** Stops both, and fails if the host connected anywhere but the loopback. */
    close(): Promise<void>;
}

/** @param scriptedClock run the host's waits on a scripted clock (no real waiting; see sleeps()). */
export async function startHostWithFakeArm(
    options: FakeArmOptions,
    { scriptedClock = false }: { scriptedClock?: boolean } = {},
): Promise<HostedFakeArm> {
    const fake = await startFakeArm(options);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-arm-host-"));
    const guardFile = path.join(dir, "violations");
    const clockLog = scriptedClock ? path.join(dir, "sleeps") : undefined;
    const host = await startDynamicProviderHost(hostOptions(fake, guardFile, clockLog));
    return {
        fake,
        host,
        sleeps: () => (clockLog === undefined ? [] : sleepsLoggedIn(clockLog)),
        async close() {
            await host.close();
            await fake.close();
            const violations = fs.existsSync(guardFile) ? fs.readFileSync(guardFile, "utf8") : "";
            assert.equal(violations, "", "the provider host connected outside the loopback");
        },
    };
}
