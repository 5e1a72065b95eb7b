/**
 * The offline policy check: runs a Pulumi program under mocks (run-program.ts), then sends every
 * resource it registered to a CrossGuard policy pack through the Analyzer protocol, as the Pulumi CLI
 * does during a preview (engine/analyzer-client.ts), and returns the violations. No cloud, no credentials, no
 * Pulumi CLI.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { CollectedRefusal, CollectedResource, SourceLocation } from "./collected-resource";
import {
    type AnalyzeResult,
    type AnalyzerClient,
    type AnalyzerDiagnostic,
    type AnalyzerInfo,
    type AnalyzerResource,
    type EnforcementLevel,
    type PolicyPackConfig,
    type PolicySeverity,
    startAnalyzer,
} from "./engine/analyzer-client";
import { type EngineLogEntry, type EngineLogServer, startEngineLogServer } from "./engine/engine-log-server";
import { LimitError, PolicyPackError, ProgramError, UsageError } from "./errors";
import { readPackConfig, validatePackConfig } from "./pack-config";
import { locateProgram, readYamlFile } from "./project";
import { describeChanges, type PropertyChange, propertyChanges } from "./remediation-preview";
import { type ViolationData, violationData } from "./report";
import { runProgram } from "./run-program";
import { withParentSources } from "./source-location";
import { buildStackConfig } from "./stack-config";

export interface OfflineCheckOptions {
    /** The program: a Pulumi project directory or a .ts/.js file. */
    readonly program: string;
    /** Where relative paths are resolved from (default: process.cwd()). */
    readonly cwd?: string;
    /** Stack name the program sees (pulumi.getStack()); Pulumi.<stack>.yaml is read when it exists. */
    readonly stack?: string;
    /** `--config key=value` pairs. */
    readonly configPairs?: readonly string[];
    /** Stack settings files to read instead of Pulumi.<stack>.yaml. */
    readonly configFiles?: readonly string[];
    /** The policy pack's directory (PulumiPolicy.yaml); default: the pack shipped with this package. */
    readonly policyPackDir?: string;
    /** A `--policy-pack-config` JSON file. */
    readonly policyPackConfigFile?: string;
    /** Run as a preview: outputs the mocks do not return are unknown. */
    readonly preview?: boolean;
    /** Progress and notes for the user (the CLI writes them to stderr). */
    readonly onProgress?: (message: string) => void;
    /** What the program and the pack log as warnings or errors, with the resource they concern. */
    readonly onLog?: (entry: ProgramLogEntry) => void;
    /**
     * Seconds the check may go without progress (no batch of resources registered or analysed) before it
     * stops (default {@link DEFAULT_TIMEOUT_SECONDS}; 0: no limit).
     */
    readonly timeoutSeconds?: number;
    /** Stops the check (the program and the pack are ended) and rejects with the signal's reason. */
    readonly signal?: AbortSignal;
}

/** A warning or error the program (or the pack) logged, with the resource it is about. */
export interface ProgramLogEntry {
    readonly severity: "warning" | "error";
    readonly message: string;
    /** The resource's URN, type and name ("" when the message concerns none). */
    readonly urn: string;
    readonly type: string;
    readonly name: string;
}

/** One policy violation, tied to the resource it is about. */
export interface Violation extends ViolationData {
    readonly urn: string;
    /** The resource's logical name and type token ("" when the pack reported no resource). */
    readonly name: string;
    readonly type: string;
    readonly policyPack: string;
    readonly policyPackVersion: string;
    readonly policy: string;
    readonly level: EnforcementLevel;
    readonly severity: PolicySeverity;
    /** What people read: the pack's message as it wrote it. */
    readonly message: string;
    /** The line of the user's code that created the resource (relative to projectDir), when known. */
    readonly source?: SourceLocation;
    /** Level "remediate": what the pack's remediation writes (a preview with the pack applies it). */
    readonly remediation?: { readonly changes: readonly PropertyChange[] };
}

export interface OfflineCheckResult {
    readonly program: string;
    /** The project's directory (absolute): violations' source files are relative to it. */
    readonly projectDir: string;
    readonly project: string;
    readonly stack: string;
    readonly policyPack: { readonly name: string; readonly version: string; readonly policies: number };
    /** Every resource the program registered (no properties: they may hold secrets). */
    readonly resources: readonly { readonly urn: string; readonly type: string; readonly name: string }[];
    /** Mandatory first, then by resource and policy. */
    readonly violations: readonly Violation[];
    /** What the user should know about this run (encrypted config replaced...). */
    readonly notes: readonly string[];
    /** Warnings and errors the program logged (a component's recommendations, with its name). */
    readonly logs: readonly ProgramLogEntry[];
}

/** The stack name used when none is given. */
export const DEFAULT_STACK = "dev";

/**
 * How long a check may go without progress by default (s): a program whose promise never settles
 * should not hold a CI job for its whole time limit, and a large program reports progress every few
 * hundred registrations (a 5,000-VM program takes a few minutes on a 2-core machine, docs/offline-check.md).
 */
export const DEFAULT_TIMEOUT_SECONDS = 900;

/** The policy the check reports a component's refusal of its arguments under. */
export const COMPONENT_ARGUMENTS_POLICY = "component-arguments";

/**
 * The subscription id a program sees when none is configured. Components that manage subscription-wide
 * settings need one to be constructed; offline nothing reaches Azure, so any id is as good.
 */
export const PLACEHOLDER_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";

/**
 * The policy pack shipped with this package: the package's policies/ directory (from dist/check, two
 * levels up). @pulumi/policy reads the pack's own package.json, so the pack runs from there; its
 * main.js builds the pack from `pulumi-azure-vm-patching/policies`, this package's own build.
 */
export const SHIPPED_POLICY_PACK_DIR = path.join(__dirname, "..", "..", "policies");

/** gRPC status UNIMPLEMENTED: the pack does not offer a call. */
const GRPC_UNIMPLEMENTED = 12;

/** Resources sent per progress report while analysing. */
const ANALYZE_BATCH = 250;

/** Analyze requests in flight at once, as the engine steps resources in parallel. */
export const ANALYZE_CONCURRENCY = 8;

const LEVEL_ORDER: Record<EnforcementLevel, number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

/** What the engine sends Analyze for a collected resource. */
export function toAnalyzerResource(resource: CollectedResource): AnalyzerResource {
    return {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        properties: resource.properties,
        options: {
            protect: resource.options.protect,
            ignoreChanges: resource.options.ignoreChanges,
            ...(resource.parent ? { parent: resource.parent } : {}),
        },
        dependencies: resource.dependencies,
        propertyDependencies: resource.propertyDependencies,
    };
}

export function sortViolations(violations: readonly Violation[]): Violation[] {
    return [...violations].sort(
        (a, b) =>
            LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
            a.name.localeCompare(b.name) ||
            a.urn.localeCompare(b.urn) ||
            a.policy.localeCompare(b.policy),
    );
}

/** A pack directory that is not a built pack fails with a clear way out, before anything runs. */
function checkPackDir(dir: string): void {
    if (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) {
        throw new UsageError(
            `${dir} is not a policy pack (no PulumiPolicy.yaml); pass a policy pack's directory with --policy-pack.`,
        );
    }
    const pkgFile = path.join(dir, "package.json");
    if (!fs.existsSync(pkgFile))
        throw new UsageError(`policy pack ${dir} has no package.json (@pulumi/policy needs it).`);
    const main = (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: string }).main ?? "index.js";
    const entry = path.resolve(dir, main);
    if (![entry, `${entry}.js`, path.join(entry, "index.js")].some((f) => fs.existsSync(f))) {
        throw new UsageError(
            `policy pack ${dir} is not built: its main module ${main} does not exist. Build it (npm run build in ` +
                "this package, or npx tsc -p <pack dir>) and run the check again.",
        );
    }
}

async function startPack(dir: string, engine: EngineLogServer, signal: AbortSignal): Promise<AnalyzerClient> {
    try {
        return await startAnalyzer({ packDir: dir, engine, signal });
    } catch (error) {
        if (signal.aborted) throw signal.reason;
        // The pack's own stderr is part of the message (its error); colour codes would garble a CI log.
        const message = stripVTControlCharacters((error as Error).message);
        throw new PolicyPackError(`the policy pack in ${dir} could not be started: ${message}`);
    }
}

/** The URN's type (its last) and name: `urn:pulumi:stack::project::parent$type::name`. */
export function typeAndNameOf(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    if (parts.length < 4) return { type: "", name: "" };
    return { type: parts[2].split("$").at(-1) ?? "", name: parts.slice(3).join("::") };
}

/** Whether a stack config or the environment names an Azure subscription. */
function subscriptionGiven(config: Readonly<Record<string, string>>): boolean {
    return (
        config["azure-native:subscriptionId"] !== undefined ||
        config["azure:subscriptionId"] !== undefined ||
        !!process.env.ARM_SUBSCRIPTION_ID ||
        !!process.env.AZURE_SUBSCRIPTION_ID
    );
}

function toViolation(d: AnalyzerDiagnostic, resource: CollectedResource): Violation {
    return {
        urn: d.urn || resource.urn,
        name: resource.name,
        type: resource.type,
        policyPack: d.policyPackName,
        policyPackVersion: d.policyPackVersion,
        policy: d.policyName,
        level: d.enforcementLevel,
        severity: d.severity,
        message: d.message,
        ...violationData(d.description),
        ...(resource.source ? { source: resource.source } : {}),
    };
}

/** A component's refusal as violations: one per rule finding (or one for a plain argument error). */
export function refusalViolations(refusal: CollectedRefusal): Violation[] {
    const base = {
        urn: refusal.urn,
        name: refusal.name,
        type: refusal.type,
        policyPack: "",
        policyPackVersion: "",
        policy: COMPONENT_ARGUMENTS_POLICY,
        level: "mandatory" as const,
        severity: "high" as const,
        description: "The component refused its arguments before registering anything: a preview stops here.",
        ...(refusal.source ? { source: refusal.source } : {}),
    };
    if (refusal.findings.length === 0)
        return [{ ...base, ruleIds: [], message: `${refusal.type} "${refusal.name}": ${refusal.message}` }];
    return refusal.findings.map((f) => ({
        ...base,
        ruleId: f.ruleId,
        ruleIds: [f.ruleId],
        message: `${refusal.type} "${refusal.name}": ${f.message}`,
    }));
}

/** The levels in effect per policy once the config is applied (what decides whether remediation runs). */
function levelsInEffect(info: AnalyzerInfo, config: PolicyPackConfig | undefined): Map<string, EnforcementLevel> {
    const levelOf = (entry: unknown): EnforcementLevel | undefined =>
        typeof entry === "string"
            ? (entry as EnforcementLevel)
            : ((entry as { enforcementLevel?: EnforcementLevel } | undefined)?.enforcementLevel ?? undefined);
    return new Map(
        info.policies.map((p) => [p.name, levelOf(config?.[p.name]) ?? levelOf(config?.all) ?? p.enforcementLevel]),
    );
}

/** Runs `work` unless the check is stopped; a stop rejects with its reason at once. */
function unlessStopped<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        work.then(
            (value) => {
                signal.removeEventListener("abort", onAbort);
                resolve(value);
            },
            (error) => {
                signal.removeEventListener("abort", onAbort);
                reject(error);
            },
        );
    });
}

/**
 * Analyses every resource as the engine does in a preview: remediations first (when a policy is at
 * level "remediate"), then Analyze on the remediated inputs. A remediated resource's findings that the
 * remediation fixed are reported at level "remediate", with the properties it writes.
 */
async function analyse(
    analyzer: AnalyzerClient,
    resources: readonly CollectedResource[],
    remediating: ReadonlySet<string>,
    progress: (message: string) => void,
    stillMoving: () => void,
): Promise<Violation[]> {
    const violations: Violation[] = [];
    const failed = (e: Error & { details?: string }) => {
        throw new PolicyPackError(
            `the policy pack failed while analysing: ${e.details ?? e.message}\n${analyzer.stderr().slice(-2000)}`,
        );
    };
    for (let start = 0; start < resources.length; start += ANALYZE_BATCH) {
        const batch = resources.slice(start, start + ANALYZE_BATCH);
        const requests = batch.map(toAnalyzerResource);
        const changes: (PropertyChange[] | undefined)[] = new Array(batch.length);
        if (remediating.size > 0) {
            const remediations = await Promise.all(requests.map((r) => analyzer.remediate(r))).catch(failed);
            remediations.forEach((results, i) => {
                const last = results.filter((r) => r.properties).at(-1);
                if (!last?.properties) return;
                const diff = propertyChanges(requests[i].properties, last.properties);
                if (diff.length === 0) return;
                changes[i] = diff;
                requests[i] = { ...requests[i], properties: last.properties };
            });
        }
        const results = await analyzer.analyzeAll(requests, ANALYZE_CONCURRENCY).catch(failed);
        const originals = new Map<number, AnalyzeResult>();
        for (const [i, diff] of changes.entries()) {
            if (diff) originals.set(i, await analyzer.analyze(toAnalyzerResource(batch[i])).catch(failed));
        }
        results.forEach((result, i) => {
            for (const d of result.diagnostics) violations.push(toViolation(d, batch[i]));
            const diff = changes[i];
            if (!diff) return;
            const remaining = new Set(result.diagnostics.map((d) => d.message));
            const fixed = (originals.get(i)?.diagnostics ?? []).filter(
                (d) => remediating.has(d.policyName) && !remaining.has(d.message),
            );
            const written = describeChanges(diff);
            for (const d of fixed.length > 0 ? fixed : []) {
                violations.push({
                    ...toViolation(d, batch[i]),
                    level: "remediate",
                    message: `${d.message}\nRemediated: a preview with this pack writes ${written}.`,
                    remediation: { changes: diff },
                });
            }
            if (fixed.length === 0) {
                const policy = [...remediating][0] ?? "";
                violations.push({
                    urn: batch[i].urn,
                    name: batch[i].name,
                    type: batch[i].type,
                    policyPack: "",
                    policyPackVersion: "",
                    policy,
                    ruleIds: [],
                    level: "remediate",
                    severity: "unspecified",
                    message: `Remediated: a preview with this pack writes ${written}.`,
                    description: "",
                    remediation: { changes: diff },
                    ...(batch[i].source ? { source: batch[i].source } : {}),
                });
            }
        });
        stillMoving();
        if (resources.length > ANALYZE_BATCH)
            progress(`  analysed ${Math.min(start + ANALYZE_BATCH, resources.length)}/${resources.length}`);
    }
    // Then the whole stack at once, as the engine does after the program: stack policies (the pack's
    // schedule policy joins assignments to VMs) report each finding with the URN of its resource.
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const stackResult = await analyzer.analyzeStack(resources.map(toAnalyzerResource)).catch(failed);
    for (const d of stackResult.diagnostics) {
        const resource = byUrn.get(d.urn);
        violations.push(
            resource
                ? toViolation(d, resource)
                : {
                      ...toViolation(d, { urn: d.urn, name: "", type: "" } as CollectedResource),
                      ...typeAndNameOf(d.urn),
                  },
        );
    }
    return violations;
}

function toLogEntry(entry: EngineLogEntry): ProgramLogEntry | undefined {
    if (entry.severity !== "warning" && entry.severity !== "error") return undefined;
    return { severity: entry.severity, message: entry.message, urn: entry.urn, ...typeAndNameOf(entry.urn) };
}

export async function runOfflineCheck(options: OfflineCheckOptions): Promise<OfflineCheckResult> {
    const cwd = options.cwd ?? process.cwd();
    const progress = options.onProgress ?? (() => {});
    const stack = options.stack ?? DEFAULT_STACK;
    const project = locateProgram(options.program, cwd);
    const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;

    const stackFiles = options.configFiles?.length
        ? options.configFiles.map((f) => path.resolve(cwd, f))
        : [path.join(project.projectDir, `Pulumi.${stack}.yaml`)].filter((f) => fs.existsSync(f));
    const config = buildStackConfig({
        projectName: project.projectName,
        projectConfig: project.projectConfig,
        files: stackFiles.map((file) => ({ file, content: readYamlFile(file) })),
        pairs: options.configPairs ?? [],
    });
    const packConfigName = options.policyPackConfigFile ?? "";
    const packConfig = options.policyPackConfigFile
        ? readPackConfig(path.resolve(cwd, options.policyPackConfigFile), packConfigName)
        : undefined;
    const packDir = path.resolve(cwd, options.policyPackDir ?? SHIPPED_POLICY_PACK_DIR);
    checkPackDir(packDir);
    const notes = [...config.notes];
    for (const note of config.notes) progress(`note: ${note}`);

    // One stop for everything the check started: the user's signal, the timeout, a pack that fails.
    const stop = new AbortController();
    const onOuterAbort = () => stop.abort(options.signal?.reason);
    if (options.signal?.aborted) throw options.signal.reason;
    options.signal?.addEventListener("abort", onOuterAbort, { once: true });
    let stage = "running the program";
    // The limit counts from the last sign of progress (a batch of resources registered, or analysed):
    // a program of thousands of resources that keeps registering is not cut off, one that hangs is.
    const timer =
        timeoutSeconds > 0
            ? setTimeout(
                  () =>
                      stop.abort(
                          new LimitError(
                              `the check did not finish within ${timeoutSeconds} s of its last progress (it was ${stage}). ` +
                                  "A program whose promise never settles, or an apply that waits forever, keeps it running; " +
                                  "if the program is just slow, raise the limit with --timeout <seconds> (0: none).",
                          ),
                      ),
                  timeoutSeconds * 1000,
              )
            : undefined;
    const stillMoving = () => timer?.refresh();

    const logs: ProgramLogEntry[] = [];
    const engine = await startEngineLogServer();
    engine.onLog = (entry) => {
        const logged = toLogEntry(entry);
        if (!logged) return;
        logs.push(logged);
        options.onLog?.(logged);
    };
    // The pack takes a second or two to start: start it while the program runs.
    // A pack that cannot start ends the run at once: the program's result would be of no use.
    const packPromise = startPack(packDir, engine, stop.signal);
    packPromise.catch((error) => stop.abort(error));
    let analyzer: AnalyzerClient | undefined;
    try {
        const useSubscriptionPlaceholder = !subscriptionGiven(config.values);
        let run: Awaited<ReturnType<typeof runProgram>>;
        try {
            progress(
                `Running ${path.relative(cwd, project.entry) || project.entry} under Pulumi mocks (stack ${stack})...`,
            );
            run = await runProgram(
                {
                    entry: project.entry,
                    projectDir: project.projectDir,
                    projectName: project.projectName,
                    stackName: stack,
                    typescript: project.typescript,
                    esm: project.esm,
                    config: config.values,
                    secretKeys: config.secretKeys,
                    preview: options.preview ?? false,
                },
                {
                    onProgress: (n) => {
                        stillMoving();
                        progress(`  ${n} resources registered...`);
                    },
                    signal: stop.signal,
                    env: {
                        PULUMI_NODEJS_ENGINE: engine.address,
                        ...(useSubscriptionPlaceholder ? { ARM_SUBSCRIPTION_ID: PLACEHOLDER_SUBSCRIPTION_ID } : {}),
                    },
                },
            );
        } catch (error) {
            if (stop.signal.aborted && error === stop.signal.reason) throw error;
            if (error instanceof PolicyPackError || error instanceof LimitError || error instanceof UsageError)
                throw error;
            throw error instanceof ProgramError ? error : new ProgramError(String((error as Error)?.message ?? error));
        }
        stillMoving();
        const { refusals } = run;
        const resources = withParentSources(run.resources);
        if (useSubscriptionPlaceholder && resources.some((r) => r.type === "pulumi-nodejs:dynamic:Resource")) {
            notes.push(
                `no Azure subscription was configured; the program's dynamic providers saw the placeholder ${PLACEHOLDER_SUBSCRIPTION_ID} ` +
                    "(nothing reaches Azure offline). Set azure-native:subscriptionId with --config to use another.",
            );
        }

        stage = "starting the policy pack";
        analyzer = await unlessStopped(stop.signal, packPromise);
        const client = analyzer;
        stop.signal.addEventListener("abort", () => void client.close(), { once: true });
        const info = await unlessStopped(stop.signal, client.getInfo()).catch((e: Error) => {
            if (stop.signal.aborted) throw e;
            throw new PolicyPackError(`the policy pack did not describe itself: ${e.message}`);
        });
        progress(
            `Registered ${resources.length} resources; analysing them with policy pack ${info.name} ${info.version} (${info.policies.length} policies)...`,
        );
        if (packConfig) {
            validatePackConfig(packConfig, info, packConfigName);
            await unlessStopped(stop.signal, client.configure(packConfig)).catch((e: Error & { details?: string }) => {
                if (stop.signal.aborted) throw e;
                throw new UsageError(
                    `--policy-pack-config ${packConfigName} was refused by the pack: ${e.details ?? e.message}`,
                );
            });
        }
        await unlessStopped(
            stop.signal,
            client.configureStack({ stack, project: project.projectName, dryRun: true }),
        ).catch((e: Error & { code?: number; details?: string }) => {
            // Packs built on older SDKs do not implement it; the CLI carries on without it too.
            if (e.code === GRPC_UNIMPLEMENTED) return;
            if (stop.signal.aborted) throw e;
            throw new PolicyPackError(`the policy pack refused the stack's details: ${e.details ?? e.message}`);
        });
        const levels = levelsInEffect(info, packConfig);
        const remediating = new Set([...levels].filter(([, level]) => level === "remediate").map(([name]) => name));

        stage = "analysing the resources";
        const violations = await unlessStopped(
            stop.signal,
            analyse(client, resources, remediating, progress, stillMoving),
        );
        const sources = new Map(resources.map((r) => [r.urn, r.source]));
        for (const refusal of refusals) {
            const source = refusal.source ?? sources.get(refusal.urn);
            violations.push(...refusalViolations(source ? { ...refusal, source } : refusal));
        }
        return {
            program: project.entry,
            projectDir: project.projectDir,
            project: project.projectName,
            stack,
            policyPack: { name: info.name, version: info.version, policies: info.policies.length },
            resources: resources.map(({ urn, type, name }) => ({ urn, type, name })),
            violations: sortViolations(violations),
            notes,
            logs,
        };
    } catch (error) {
        throw stop.signal.aborted ? (stop.signal.reason ?? error) : error;
    } finally {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener("abort", onOuterAbort);
        if (!stop.signal.aborted) stop.abort(new Error("the check is over"));
        await (analyzer ?? (await packPromise.catch(() => undefined)))?.close();
        await engine.close();
    }
}
