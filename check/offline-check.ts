/**
 * The offline policy check: runs a Pulumi program under mocks (run-program.ts), then sends every
 * resource it registered to a CrossGuard policy pack through the Analyzer protocol, as the Pulumi CLI
 * does during a preview (analyzer-client.ts), and returns the violations. No cloud, no credentials, no
 * Pulumi CLI.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stripVTControlCharacters } from "node:util";
import {
    type AnalyzerClient,
    type AnalyzerResource,
    type EnforcementLevel,
    type PolicyPackConfig,
    type PolicySeverity,
    startAnalyzer,
} from "./analyzer-client";
import type { CollectedResource } from "./collected-resource";
import { PolicyPackError, ProgramError, UsageError } from "./errors";
import { locateProgram, readYamlFile } from "./project";
import { runProgram } from "./run-program";
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
}

/** One policy violation, tied to the resource it is about. */
export interface Violation {
    readonly urn: string;
    /** The resource's logical name and type token ("" when the pack reported no resource). */
    readonly name: string;
    readonly type: string;
    readonly policyPack: string;
    readonly policyPackVersion: string;
    readonly policy: string;
    /** The rule id the message names (`[R3]`, `[W2]`), when it names one: the pack groups rules in policies. */
    readonly rule?: string;
    readonly level: EnforcementLevel;
    readonly severity: PolicySeverity;
    readonly message: string;
    readonly description: string;
}

export interface OfflineCheckResult {
    readonly program: string;
    readonly project: string;
    readonly stack: string;
    readonly policyPack: { readonly name: string; readonly version: string; readonly policies: number };
    /** Every resource the program registered (no properties: they may hold secrets). */
    readonly resources: readonly { readonly urn: string; readonly type: string; readonly name: string }[];
    /** Mandatory first, then by resource and policy. */
    readonly violations: readonly Violation[];
    /** What the user should know about this run (encrypted config replaced...). */
    readonly notes: readonly string[];
}

/** The stack name used when none is given. */
export const DEFAULT_STACK = "dev";

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

const LEVEL_ORDER: Record<EnforcementLevel, number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

function readPackConfig(file: string): PolicyPackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new UsageError(
            `--policy-pack-config ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error}).`,
        );
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new UsageError(`--policy-pack-config ${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new UsageError(
            `--policy-pack-config ${file}: expected an object of policy name to level or settings, e.g. {"all": "mandatory"}.`,
        );
    }
    return parsed as PolicyPackConfig;
}

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
    };
}

/** The rule id a message names, as the rule core writes it: `[R3] osProfile...`. */
export function ruleOf(message: string): { rule?: string } {
    const match = /\[([RW]\d{1,2})\]/.exec(message);
    return match ? { rule: match[1] } : {};
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

async function startPack(dir: string): Promise<AnalyzerClient> {
    try {
        return await startAnalyzer({ packDir: dir });
    } catch (error) {
        // The pack's own stderr is part of the message (its error); colour codes would garble a CI log.
        const message = stripVTControlCharacters((error as Error).message);
        throw new PolicyPackError(`the policy pack in ${dir} could not be started: ${message}`);
    }
}

export async function runOfflineCheck(options: OfflineCheckOptions): Promise<OfflineCheckResult> {
    const cwd = options.cwd ?? process.cwd();
    const progress = options.onProgress ?? (() => {});
    const stack = options.stack ?? DEFAULT_STACK;
    const project = locateProgram(options.program, cwd);

    const stackFiles = options.configFiles?.length
        ? options.configFiles.map((f) => path.resolve(cwd, f))
        : [path.join(project.projectDir, `Pulumi.${stack}.yaml`)].filter((f) => fs.existsSync(f));
    const config = buildStackConfig({
        projectName: project.projectName,
        projectConfig: project.projectConfig,
        files: stackFiles.map((file) => ({ file, content: readYamlFile(file) })),
        pairs: options.configPairs ?? [],
    });
    const packConfig = options.policyPackConfigFile
        ? readPackConfig(path.resolve(cwd, options.policyPackConfigFile))
        : undefined;
    const packDir = path.resolve(cwd, options.policyPackDir ?? SHIPPED_POLICY_PACK_DIR);
    checkPackDir(packDir);
    for (const note of config.notes) progress(`note: ${note}`);

    // The pack takes a second or two to start: start it while the program runs.
    // A pack that cannot start ends the run at once: the program's result would be of no use.
    const stopProgram = new AbortController();
    const packPromise = startPack(packDir);
    packPromise.catch((error) => stopProgram.abort(error));
    let resources: readonly CollectedResource[];
    try {
        progress(
            `Running ${path.relative(cwd, project.entry) || project.entry} under Pulumi mocks (stack ${stack})...`,
        );
        resources = await runProgram(
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
            { onProgress: (n) => progress(`  ${n} resources registered...`), signal: stopProgram.signal },
        );
    } catch (error) {
        if (error instanceof PolicyPackError) throw error;
        await packPromise.then((c) => c.close()).catch(() => {});
        throw error instanceof ProgramError ? error : new ProgramError(String((error as Error)?.message ?? error));
    }

    const analyzer = await packPromise;
    try {
        const info = await analyzer.getInfo().catch((e: Error) => {
            throw new PolicyPackError(`the policy pack did not describe itself: ${e.message}`);
        });
        progress(
            `Registered ${resources.length} resources; analysing them with policy pack ${info.name} ${info.version} (${info.policies.length} policies)...`,
        );
        if (packConfig) {
            await analyzer.configure(packConfig).catch((e: Error & { details?: string }) => {
                throw new UsageError(
                    `--policy-pack-config ${options.policyPackConfigFile} was refused by the pack: ${e.details ?? e.message}`,
                );
            });
        }
        await analyzer
            .configureStack({ stack, project: project.projectName, dryRun: true })
            .catch((e: Error & { code?: number; details?: string }) => {
                // Packs built on older SDKs do not implement it; the CLI carries on without it too.
                if (e.code === GRPC_UNIMPLEMENTED) return;
                throw new PolicyPackError(`the policy pack refused the stack's details: ${e.details ?? e.message}`);
            });

        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const violations: Violation[] = [];
        for (let start = 0; start < resources.length; start += ANALYZE_BATCH) {
            const batch = resources.slice(start, start + ANALYZE_BATCH);
            const results = await analyzer
                .analyzeAll(batch.map(toAnalyzerResource))
                .catch((e: Error & { details?: string }) => {
                    throw new PolicyPackError(
                        `the policy pack failed while analysing: ${e.details ?? e.message}\n${analyzer.stderr().slice(-2000)}`,
                    );
                });
            results.forEach((result, i) => {
                for (const d of result.diagnostics) {
                    const resource = byUrn.get(d.urn) ?? batch[i];
                    violations.push({
                        urn: d.urn || resource.urn,
                        name: resource.name,
                        type: resource.type,
                        policyPack: d.policyPackName,
                        policyPackVersion: d.policyPackVersion,
                        policy: d.policyName,
                        ...ruleOf(d.message),
                        level: d.enforcementLevel,
                        severity: d.severity,
                        message: d.message,
                        description: d.description,
                    });
                }
            });
            if (resources.length > ANALYZE_BATCH)
                progress(`  analysed ${Math.min(start + ANALYZE_BATCH, resources.length)}/${resources.length}`);
        }
        return {
            program: project.entry,
            project: project.projectName,
            stack,
            policyPack: { name: info.name, version: info.version, policies: info.policies.length },
            resources: resources.map(({ urn, type, name }) => ({ urn, type, name })),
            violations: sortViolations(violations),
            notes: config.notes,
        };
    } finally {
        await analyzer.close();
    }
}
