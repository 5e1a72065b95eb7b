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
    createArmClients,
    Deadline,
    setCredentialFactory,
    type TimeoutsArgs,
    type WaitContext,
    waitTiming,
} from "../../provider/arm";
import { type DynamicProviderHost, startDynamicProviderHost } from "../support/dynamic-provider-harness";
import { StaticTokenCredential } from "../support/fake-arm/credential";
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

export function clientsFor(fake: FakeArm) {
    return createArmClients(connectionTo(fake));
}

export function testContext(fake: FakeArm, timeouts: TimeoutsArgs = FAST): WaitContext & { messages: string[] } {
    const timing = waitTiming(timeouts);
    const messages: string[] = [];
    return {
        what: "testing",
        subscriptionId: fake.subscriptionId,
        timing,
        deadline: new Deadline(timing.timeoutMs),
        progress: (m) => messages.push(m),
        messages,
    };
}

/** Options for startDynamicProviderHost: run in the repo (its node_modules links this package) with the test token. */
function hostOptions(fake: FakeArm, guardFile: string) {
    return {
        cwd: path.resolve(__dirname, "..", "..", ".."),
        env: {
            NODE_OPTIONS: `--require ${path.resolve(__dirname, "..", "support", "fake-arm", "host-preload.js")}`,
            FAKE_ARM_TOKEN: fake.token,
            LOOPBACK_GUARD_FILE: guardFile,
        },
    };
}

/** A fake ARM server and Pulumi's dynamic-provider host that reaches it with the test token. */
export interface HostedFakeArm {
    readonly fake: FakeArm;
    readonly host: DynamicProviderHost;
    /** Stops both, and fails if the host connected anywhere but the loopback. */
    close(): Promise<void>;
}

export async function startHostWithFakeArm(options: FakeArmOptions): Promise<HostedFakeArm> {
    const fake = await startFakeArm(options);
    const guardFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "guard-")), "violations");
    const host = await startDynamicProviderHost(hostOptions(fake, guardFile));
    return {
        fake,
        host,
        async close() {
            await host.close();
            await fake.close();
            const violations = fs.existsSync(guardFile) ? fs.readFileSync(guardFile, "utf8") : "";
            assert.equal(violations, "", "the provider host connected outside the loopback");
        },
    };
}
