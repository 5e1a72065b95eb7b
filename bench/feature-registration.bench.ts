/**
 * Feature registration: three preview features with different registration delays (Azure's minutes
 * scaled to 200 ms per minute: 12, 14 and 15 minutes, propagation 1 minute) against the fake ARM server.
 *
 * - parallel: what `pulumi up` does with PreviewFeatureRegistrations: the engine creates the three
 *   FeatureRegistration resources at once through Pulumi's dynamic-provider host (gRPC), then the one
 *   ResourceProviderRegistration.
 * - sequential baseline: what users do by hand today, Microsoft's three az commands for each feature in
 *   turn (`az feature register`, `az feature show` until Registered, `az provider register` and wait),
 *   with the same clients and polling.
 * - ideal: the slowest feature plus the propagation.
 *
 * The parallel and sequential sides run in alternating rounds (parallel, sequential, parallel...); each
 * round's pair gives the ratios, and the verdicts are their medians, with min/median/max printed.
 * The delays are the measurement (wall time of waits, not CPU), so the machine's load matters less than
 * in the other benchmarks; it is printed beside the figures.
 *
 * Targets: parallel <= 1.15x ideal; >= 2.5x faster than sequential (the delays cap what any speedup
 * can show at (12+14+15+3*1)/(15+1) = 2.75x); ARM requests <= 2x the minimum at this polling
 * resolution (per wait: one POST plus one GET per longest polling interval). Exit code 1 when one is
 * missed. BENCH_ROUNDS changes the rounds.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createArmClients, setCredentialFactory, startOperation, type TimeoutsArgs, waitTiming } from "../provider/arm";
import { featureRegistrationProvider, providerRegistrationProvider } from "../provider/features/dynamic-providers";
import {
    ensureFeatureRegistered,
    propagateToResourceProvider,
    readFeatureState,
} from "../provider/features/registration-calls";
import { serializeProvider, startDynamicProviderHost } from "../test/support/dynamic-provider-harness";
import { StaticTokenCredential } from "../test/support/fake-arm/credential";
import { type FakeArm, startFakeArm } from "../test/support/fake-arm/server";
import { alternate, formatSummary, load, machine, pairRatios, summarize, Verdicts } from "./support/rounds";

const MS_PER_MINUTE = 200;
const FEATURES: Record<string, number> = {
    InGuestAutoPatchVMPreview: 12 * MS_PER_MINUTE,
    InGuestPatchVMPreview: 14 * MS_PER_MINUTE,
    InGuestHotPatchVMPreview: 15 * MS_PER_MINUTE,
};
const PROPAGATION_MS = 1 * MS_PER_MINUTE;
/** The default polling (5 s growing to 30 s) at the same scale: 16.7 ms growing to 100 ms. */
const TIMEOUTS: TimeoutsArgs = {
    timeoutSeconds: 30,
    pollSeconds: (5 / 60) * (MS_PER_MINUTE / 1000),
    maxPollSeconds: (30 / 60) * (MS_PER_MINUTE / 1000),
    requestTimeoutSeconds: 5,
};

/** Read once before timing: loading the SDK in the host is a fixed cost that does not scale with the delays. */
const WARM_UP_FEATURE = "WarmUpFeature";

const TARGETS = { idealRatio: 1.15, speedup: 2.5, requestRatio: 2 };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function newFake(): Promise<FakeArm> {
    return startFakeArm({
        features: {
            ...Object.fromEntries(Object.entries(FEATURES).map(([name, delay]) => [name, { registerDelayMs: delay }])),
            [WARM_UP_FEATURE]: { state: "Registered" },
        },
        providerRegisterDelayMs: PROPAGATION_MS,
    });
}

const connectionOf = (fake: FakeArm) => ({
    subscriptionId: fake.subscriptionId,
    endpoint: fake.url,
    caCertificate: fake.certificate,
});

async function parallelThroughHost(): Promise<{ ms: number; requests: number }> {
    const fake = await newFake();
    const host = await startDynamicProviderHost({
        cwd: path.resolve(__dirname, ".."),
        env: {
            NODE_OPTIONS: `--require ${path.resolve(__dirname, "..", "test", "support", "fake-arm", "host-preload.js")}`,
            FAKE_ARM_TOKEN: fake.token,
            LOOPBACK_GUARD_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-guard-")), "violations"),
        },
    });
    try {
        const featureText = await serializeProvider(featureRegistrationProvider);
        const providerText = await serializeProvider(providerRegistrationProvider);
        const warmUp = {
            __provider: featureText,
            connection: connectionOf(fake),
            namespace: "Microsoft.Compute",
            featureName: WARM_UP_FEATURE,
            timeouts: TIMEOUTS,
        };
        await host.read("urn:pulumi:bench::bench::FeatureRegistration::warm-up", "warm-up", warmUp);
        const before = fake.requests.length;
        const started = performance.now();
        const created = await Promise.all(
            Object.keys(FEATURES).map((featureName) =>
                host.create(`urn:pulumi:bench::bench::FeatureRegistration::${featureName}`, {
                    __provider: featureText,
                    connection: connectionOf(fake),
                    namespace: "Microsoft.Compute",
                    featureName,
                    unregisterOnDelete: false,
                    timeouts: TIMEOUTS,
                }),
            ),
        );
        await host.create("urn:pulumi:bench::bench::ResourceProviderRegistration::propagation", {
            __provider: providerText,
            connection: connectionOf(fake),
            namespace: "Microsoft.Compute",
            triggers: created.map((c) => String(c.outs.changedAt)),
            timeouts: TIMEOUTS,
        });
        const ms = performance.now() - started;
        const states = fake.propagations[0]?.featureStates ?? {};
        if (
            fake.propagations.length !== 1 ||
            Object.keys(FEATURES).some((f) => states[`microsoft.compute/${f.toLowerCase()}`] !== "Registered")
        ) {
            throw new Error("bench: propagation did not happen exactly once, after every feature was Registered");
        }
        return { ms, requests: fake.requests.length - before };
    } finally {
        await host.close();
        await fake.close();
    }
}

async function sequentialLikeAzCli(): Promise<{ ms: number; requests: number }> {
    const fake = await newFake();
    setCredentialFactory(() => new StaticTokenCredential(fake.token));
    try {
        // One operation per command, with its own deadline and clients, as the providers run them.
        const operation = () => {
            const ctx = startOperation("bench", fake.subscriptionId, waitTiming(TIMEOUTS), () => {});
            return { ctx, clients: createArmClients(connectionOf(fake), ctx) };
        };
        const started = performance.now();
        for (const featureName of Object.keys(FEATURES)) {
            const register = operation();
            await ensureFeatureRegistered(
                register.clients,
                { namespace: "Microsoft.Compute", featureName },
                register.ctx,
            );
            const propagate = operation();
            await propagateToResourceProvider(propagate.clients, "Microsoft.Compute", propagate.ctx);
        }
        return { ms: performance.now() - started, requests: fake.requests.length };
    } finally {
        setCredentialFactory(undefined);
        await fake.close();
    }
}

async function warmUpInProcess(): Promise<void> {
    const fake = await newFake();
    setCredentialFactory(() => new StaticTokenCredential(fake.token));
    try {
        const ctx = startOperation("warm-up", fake.subscriptionId, waitTiming(TIMEOUTS), () => {});
        await readFeatureState(
            createArmClients(connectionOf(fake), ctx),
            { namespace: "Microsoft.Compute", featureName: WARM_UP_FEATURE },
            ctx,
        );
    } finally {
        setCredentialFactory(undefined);
        await fake.close();
    }
}

/** One POST per wait, plus one GET per longest polling interval until the wait is over. */
function minimumRequests(): number {
    const resolution = (TIMEOUTS.maxPollSeconds ?? 0) * 1000;
    const waits = [...Object.values(FEATURES), PROPAGATION_MS];
    return waits.reduce((sum, delay) => sum + 1 + Math.ceil(delay / resolution), 0);
}

export async function main(): Promise<void> {
    const ideal = Math.max(...Object.values(FEATURES)) + PROPAGATION_MS;
    // Warm-up: loads the SDK in this process once, so the measured sequential run does not pay for it.
    await warmUpInProcess();
    const loadBefore = load();
    const runs = await alternate(ROUNDS, ["parallel", "sequential"] as const, (side) =>
        side === "parallel" ? parallelThroughHost() : sequentialLikeAzCli(),
    );
    const minimum = minimumRequests();
    const parallelMs = runs.parallel.map((r) => r.ms);
    const sequentialMs = runs.sequential.map((r) => r.ms);
    console.log(
        `features ${Object.entries(FEATURES)
            .map(([n, d]) => `${n}=${d}ms`)
            .join(
                ", ",
            )}; propagation ${PROPAGATION_MS}ms; ${ROUNDS} alternating rounds; ${machine()} (at start ${loadBefore})`,
    );
    console.log(`ideal (slowest + propagation)          ${ideal.toFixed(0)} ms`);
    console.log(`parallel (dynamic-provider host)       ${formatSummary(parallelMs, "ms", 0)}`);
    console.log(`sequential (3 az commands per feature) ${formatSummary(sequentialMs, "ms", 0)}`);
    console.log(
        `ARM requests, parallel                 ${formatSummary(
            runs.parallel.map((r) => r.requests),
            "",
            0,
        )}`,
    );
    const idealRatios = parallelMs.map((ms) => ms / ideal);
    const speedups = pairRatios(sequentialMs, parallelMs);
    const requestRatios = runs.parallel.map((r) => r.requests / minimum);
    console.log(`parallel / ideal per round             ${formatSummary(idealRatios, "x", 3)}`);
    console.log(`sequential / parallel per round        ${formatSummary(speedups, "x", 3)}`);
    console.log(`requests / minimum (${minimum}) per round      ${formatSummary(requestRatios, "x", 3)}`);
    const verdicts = new Verdicts();
    verdicts.check("parallel / ideal (median)", summarize(idealRatios).median, "at most", TARGETS.idealRatio);
    verdicts.check("sequential / parallel (median)", summarize(speedups).median, "at least", TARGETS.speedup);
    verdicts.check("requests / minimum (median)", summarize(requestRatios).median, "at most", TARGETS.requestRatio);
    verdicts.finish();
}

if (require.main === module) {
    main().catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
