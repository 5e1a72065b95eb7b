/**
 * Where the fault scenarios run: one fake ARM server (and a second one on another origin), Pulumi's
 * dynamic-provider host with a scripted clock, the serialized providers, and the calls a scenario makes
 * as the engine (or a program, or a script) would. Everything the scenarios produce is kept, for the
 * secret sweep at the end.
 */
import {
    type ArmConnection,
    type ArmConnectionArgs,
    resolveArmConnection,
    setCredentialFactory,
    type TimeoutsArgs,
} from "../../../provider/arm";
import { patchAssessmentProvider } from "../../../provider/assessment/dynamic-provider";
import { getVmPatchStatus } from "../../../provider/assessment/patch-status";
import {
    featureRegistrationProvider,
    providerRegistrationProvider,
} from "../../../provider/features/dynamic-providers";
import { dynamicUrn, serializeProvider } from "../../support/dynamic-provider-harness";
import { credentialFor } from "../../support/fake-arm/credential";
import { installProcessClock, ScriptedClock } from "../../support/fake-arm/scripted-clock";
import { type FakeArm, type FakeArmOptions, startFakeArm } from "../../support/fake-arm/server";
import { connectionTo, FAST, type HostedFakeArm, startHostWithFakeArm } from "../fake-arm-fixture";

type Props = Record<string, unknown>;

/** The provider tests' quick timeouts; every wait runs on the scripted clock, so only requests take real time. */
export const TIMEOUTS: TimeoutsArgs = FAST;

/** What a scenario's call produced. */
export interface Outcome {
    /** The outputs (state) create or read returned, or the result of a function. */
    readonly outs?: Props;
    /** The check failures. */
    readonly failures?: readonly { property: string; reason: string }[];
    /** The error the engine (or the caller) got. */
    readonly error?: Error;
    /** Every wait the operation made, in ms. */
    readonly sleeps: readonly number[];
    /** Progress the operation sent to the engine. */
    readonly logs: readonly string[];
    readonly fake: FakeArm;
    /** The server on another origin. */
    readonly other: FakeArm;
}

type Call = { outs?: Props; failures?: readonly { property: string; reason: string }[] };

export class World {
    private readonly texts: string[] = [];
    private hosted!: HostedFakeArm;
    other!: FakeArm;
    private featureText = "";
    private providerText = "";
    private assessmentText = "";

    get fake(): FakeArm {
        return this.hosted.fake;
    }

    async start(): Promise<void> {
        this.featureText = await serializeProvider(featureRegistrationProvider);
        this.providerText = await serializeProvider(providerRegistrationProvider);
        this.assessmentText = await serializeProvider(patchAssessmentProvider);
        this.hosted = await startHostWithFakeArm({}, { scriptedClock: true });
        this.other = await startFakeArm({});
    }

    /** Every text the scenarios produced: messages, engine logs, outputs, check failures, the host's stderr. */
    producedTexts(): string[] {
        return [...this.texts, this.hosted.host.stderr()];
    }

    async stop(): Promise<void> {
        await this.other?.close();
        await this.hosted?.close();
    }

    connection(extra: Partial<ArmConnection> = {}): ArmConnection {
        return { ...connectionTo(this.fake), ...extra };
    }

    /** Run one call and record what it produced. */
    async run(call: (world: World) => Promise<Call>): Promise<Outcome> {
        const sleepsBefore = this.hosted.sleeps().length;
        const logsBefore = this.hosted.host.logs.length;
        let result: Call = {};
        let error: Error | undefined;
        try {
            result = await call(this);
        } catch (e) {
            error = e as Error;
        }
        // Logs travel on their own channel; give the last ones a moment to arrive.
        await new Promise((resolve) => setTimeout(resolve, 20));
        const logs = this.hosted.host.logs.slice(logsBefore).map((l) => l.message);
        const outcome: Outcome = {
            ...result,
            ...(error === undefined ? {} : { error }),
            sleeps: [...this.hosted.sleeps().slice(sleepsBefore), ...this.inProcessSleeps.splice(0)],
            logs,
            fake: this.fake,
            other: this.other,
        };
        this.texts.push(
            error?.message ?? "",
            JSON.stringify(result.outs ?? {}),
            JSON.stringify(result.failures ?? []),
            ...logs,
        );
        return outcome;
    }

    // ---- the calls, as the engine makes them through the host ----

    private featureInputs(featureName: string, extra: Props): Props {
        return {
            __provider: this.featureText,
            connection: this.connection(),
            namespace: "Microsoft.Compute",
            featureName,
            unregisterOnDelete: false,
            timeouts: TIMEOUTS,
            ...extra,
        };
    }

    async createFeature(featureName: string, extra: Props = {}): Promise<Call> {
        const urn = dynamicUrn("FeatureRegistration", featureName);
        const { outs } = await this.hosted.host.create(urn, this.featureInputs(featureName, extra));
        return { outs };
    }

    /** A FeatureRegistration's state as version 1 stored it after a create. */
    private storedFeature(featureName: string, extra: Props): Props {
        return { ...this.featureInputs(featureName, extra), schemaVersion: 1, featureId: "id", state: "Registered" };
    }

    async readFeature(featureName: string, extra: Props = {}): Promise<Call> {
        const urn = dynamicUrn("FeatureRegistration", featureName);
        const { props } = await this.hosted.host.read(urn, "id", this.storedFeature(featureName, extra));
        return { outs: props };
    }

    async deleteFeature(featureName: string, extra: Props = {}): Promise<Call> {
        const urn = dynamicUrn("FeatureRegistration", featureName);
        await this.hosted.host.delete(urn, "id", this.storedFeature(featureName, extra));
        return {};
    }

    async checkFeature(extra: Props): Promise<Call> {
        const urn = dynamicUrn("FeatureRegistration", "checked");
        const { failures } = await this.hosted.host.check(urn, {}, this.featureInputs("InGuestPatchVMPreview", extra));
        return { failures };
    }

    async createProvider(extra: Props = {}): Promise<Call> {
        const urn = dynamicUrn("ResourceProviderRegistration", "propagation");
        const { outs } = await this.hosted.host.create(urn, {
            __provider: this.providerText,
            connection: this.connection(),
            namespace: "Microsoft.Compute",
            triggers: ["a"],
            timeouts: TIMEOUTS,
            ...extra,
        });
        return { outs };
    }

    async assess(vmName: string, extra: Props = {}): Promise<Call> {
        const urn = dynamicUrn("PatchAssessment", vmName);
        const { outs } = await this.hosted.host.create(urn, {
            __provider: this.assessmentText,
            connection: this.connection(),
            resourceGroupName: "rg",
            vmName,
            triggers: {},
            timeouts: TIMEOUTS,
            ...extra,
        });
        return { outs };
    }

    // ---- what runs in the user's own process ----

    private readonly inProcessSleeps: number[] = [];

    /** getVmPatchStatus from a script: in this process, on a scripted clock, with the fake's token. */
    async patchStatus(vmName: string): Promise<Call> {
        const clock = new ScriptedClock((ms) => this.inProcessSleeps.push(ms));
        installProcessClock(clock);
        setCredentialFactory((connection) => credentialFor(connection, this.fake.token));
        try {
            const status = await getVmPatchStatus({
                subscriptionId: this.fake.subscriptionId,
                endpoint: this.fake.url,
                caCertificate: this.fake.certificate,
                resourceGroupName: "rg",
                vmName,
                timeouts: TIMEOUTS,
            });
            return { outs: status as Props };
        } finally {
            setCredentialFactory(undefined);
            installProcessClock(undefined);
        }
    }

    /** What a resource's constructor does with the connection arguments, in the program. */
    async resolve(args: ArmConnectionArgs): Promise<Call> {
        const connection = resolveArmConnection(
            { subscriptionId: this.fake.subscriptionId, ...args },
            { azureNativeConfig: () => undefined, env: {} },
        );
        return { outs: connection as unknown as Props };
    }
}

export type { FakeArmOptions };
