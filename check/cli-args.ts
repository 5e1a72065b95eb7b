/**
 * The command line of `azure-vm-patching-check`: parsing (node's util.parseArgs), its errors in words a
 * user can act on, and the help text, which states what the check can and cannot see.
 */
import { parseArgs } from "node:util";
import { closestValue } from "../rules/did-you-mean";
import { UsageError } from "./errors";
import { DEFAULT_STACK, DEFAULT_TIMEOUT_SECONDS, PLACEHOLDER_SUBSCRIPTION_ID } from "./offline-check";
import { FAIL_ON_LEVELS, type FailOn } from "./reports/findings";

export const BIN_NAME = "azure-vm-patching-check";

/** What the report on stdout looks like (--format); --json is --format json. */
export type OutputFormat = "text" | "json" | "sarif" | "github" | "junit" | "markdown";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "sarif", "github", "junit", "markdown"];

/** Report files written beside stdout's report (--sarif, --junit, --markdown). */
export interface ReportFiles {
    readonly sarif?: string;
    readonly junit?: string;
    readonly markdown?: string;
}

export interface CliOptions {
    readonly program: string;
    readonly format: OutputFormat;
    readonly reportFiles: ReportFiles;
    readonly failOn: FailOn;
    /** Paths in the CI reports are relative to it (default: the project's repository, else the working directory). */
    readonly sourceRoot?: string;
    readonly quiet: boolean;
    readonly preview: boolean;
    readonly stack: string;
    readonly configPairs: readonly string[];
    readonly configFiles: readonly string[];
    readonly policyPackDir?: string;
    readonly policyPackConfigFile?: string;
    /** Seconds the check may take; 0: no limit. */
    readonly timeoutSeconds: number;
}

export type ParsedCli =
    | { readonly kind: "help" }
    | { readonly kind: "version" }
    | ({ readonly kind: "run" } & CliOptions);

const OPTIONS = {
    json: { type: "boolean" },
    format: { type: "string", short: "f" },
    sarif: { type: "string" },
    junit: { type: "string" },
    markdown: { type: "string" },
    "fail-on": { type: "string" },
    "source-root": { type: "string" },
    quiet: { type: "boolean", short: "q" },
    preview: { type: "boolean" },
    stack: { type: "string", short: "s" },
    config: { type: "string", short: "c", multiple: true },
    "config-file": { type: "string", multiple: true },
    "policy-pack": { type: "string" },
    "policy-pack-config": { type: "string" },
    timeout: { type: "string" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean" },
} as const;

const LONG_NAMES = Object.keys(OPTIONS).map((n) => `--${n}`);

export const HELP = `Usage: ${BIN_NAME} [options] [program]

Runs a Pulumi TypeScript/JavaScript program under Pulumi's mocks (no cloud, no credentials, no Pulumi
CLI), evaluates every resource it registers with the azure-vm-patching CrossGuard policy pack through
the same Analyzer protocol \`pulumi preview --policy-pack\` uses, and reports the violations.

program             a Pulumi project directory (with Pulumi.yaml), or a .ts/.js file (default: .)
                    TypeScript is compiled on the fly with the project's own typescript package
                    (types are not checked: run tsc for that).

Options:
  -f, --format <format>       the report on stdout (progress stays on stderr): text (default), json,
                              sarif, github (GitHub Actions annotations), junit or markdown; every
                              format but text is also written for exits 2 to 5, with the error in it
  --json                      the same as --format json
  --sarif <file>              also write a SARIF 2.1.0 log (GitHub code scanning: upload-sarif)
  --junit <file>              also write JUnit XML (Azure DevOps: PublishTestResults@2)
  --markdown <file>           also write a Markdown summary (e.g. "$GITHUB_STEP_SUMMARY")
  --fail-on <level>           the lowest level that fails the check (exit 1): mandatory (default)
                              or advisory; remediated findings never fail (a preview fixes them),
                              nor advisory "cannot be checked yet" ones (a value is unknown)
  --source-root <dir>         paths in the reports are relative to it (default: the repository
                              the project is in, found by its .git; else the working directory)
  -c, --config key=value      set a stack config value (repeatable); "key" means <project>:key,
                              use "azure-native:location=westeurope" for another namespace
  --config-file <file>        read config from this stack settings file instead of
                              Pulumi.<stack>.yaml (repeatable; later files win)
  -s, --stack <name>          stack name the program sees (default: ${DEFAULT_STACK}); its
                              Pulumi.<stack>.yaml beside Pulumi.yaml is read if present
  --policy-pack <dir>         evaluate with another policy pack (default: the one shipped here)
  --policy-pack-config <file> policy pack config (JSON), as for pulumi preview
                              --policy-pack-config, e.g. {"all": "mandatory"}
  --preview                   run as a preview: outputs the mocks do not return are unknown
  --timeout <seconds>         end the check (exit 5) when it goes that long without progress (no
                              resources registered or analysed; default: ${DEFAULT_TIMEOUT_SECONDS}; 0: no limit)
  -q, --quiet                 no progress on stderr
  -h, --help                  this help
  --version                   the package version

Exit codes:
  0  no finding at the --fail-on level (advisory and remediated ones may be reported)
  1  at least one finding at the --fail-on level (mandatory by default): a policy violation, or
     a component that refused its arguments
  2  bad arguments, missing program, unreadable config, tsconfig or policy-pack config
  3  the program failed under the mocks (threw, or a resource failed to register)
  4  the policy pack could not start or failed while evaluating
  5  the check hit a limit: --timeout, or the machine's memory
  130/143  stopped by SIGINT/SIGTERM (the program and the pack are ended too)

Limits (what mocks cannot know):
  - invokes (e.g. getVirtualMachine) return their own arguments, and stack references
    return no outputs (undefined): code that branches on their results sees mock values;
  - every resource "exists" with its inputs as outputs and the id "<name>-id"; values that
    come from Azure (ids, IPs) are those mock values, or unknown with --preview;
  - encrypted config (secure:) cannot be decrypted: a placeholder secret is used;
  - the pack sees the program's inputs, not the provider's checked inputs (defaults that
    azure-native would add are absent); a policy at level remediate is run as a preview runs it,
    and its finding is reported with what the remediation writes;
  - with no azure-native:subscriptionId configured (nor ARM_SUBSCRIPTION_ID), the program sees
    the placeholder subscription ${PLACEHOLDER_SUBSCRIPTION_ID};
  - one run is one program.

Examples:
  ${BIN_NAME} examples/fleet
  ${BIN_NAME} --json --config location=westeurope ./infra > policy-report.json
  ${BIN_NAME} --format github --sarif policy.sarif --markdown "$GITHUB_STEP_SUMMARY" infra
  ${BIN_NAME} --junit policy-junit.xml --fail-on advisory infra
`;

function didYouMean(given: string, allowed: readonly string[]): string {
    const near = closestValue(given, allowed);
    return near ? ` (did you mean ${near}?)` : "";
}

function describeParseError(error: unknown): string {
    const e = error as { code?: string; message?: string };
    const message = e.message ?? String(error);
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
        const match = /'(-{1,2}[^']+)'/.exec(message);
        const given = match?.[1] ?? "";
        const near = given.startsWith("--") ? closestValue(given, LONG_NAMES) : undefined;
        return `unknown option ${given}${near ? ` (did you mean ${near}?)` : ""}; see --help for the options.`;
    }
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
        return `${message.replace(/\.$/, "")}; see --help.`;
    }
    return message;
}

export function parseCli(argv: readonly string[]): ParsedCli {
    let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; args: string[] }>>;
    try {
        parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
        throw new UsageError(describeParseError(error));
    }
    const { values, positionals } = parsed;
    if (values.help) return { kind: "help" };
    if (values.version) return { kind: "version" };
    if (positionals.length > 1) {
        throw new UsageError(
            `expected one program, got ${positionals.length}: ${positionals.join(" ")}. Run the check once per program.`,
        );
    }
    const stack = values.stack ?? DEFAULT_STACK;
    const timeoutSeconds = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
        throw new UsageError(
            `--timeout ${JSON.stringify(values.timeout)}: expected a number of seconds (0 for no limit), e.g. --timeout 600.`,
        );
    }
    if (!/^[A-Za-z0-9_.\-/]+$/.test(stack)) {
        throw new UsageError(
            `--stack ${JSON.stringify(stack)}: a stack name uses letters, digits, "-", "_", "." and "/" only.`,
        );
    }
    const format = values.format ?? (values.json ? "json" : "text");
    if (!OUTPUT_FORMATS.includes(format as OutputFormat)) {
        throw new UsageError(
            `--format ${JSON.stringify(format)}: expected one of ${OUTPUT_FORMATS.join(", ")}${didYouMean(format, OUTPUT_FORMATS)}.`,
        );
    }
    if (values.json && format !== "json") {
        throw new UsageError(`--json and --format ${format} ask for two reports on stdout; keep one.`);
    }
    const failOn = values["fail-on"] ?? "mandatory";
    if (!FAIL_ON_LEVELS.includes(failOn as FailOn)) {
        throw new UsageError(
            `--fail-on ${JSON.stringify(failOn)}: expected ${FAIL_ON_LEVELS.join(" or ")}${didYouMean(failOn, FAIL_ON_LEVELS)}.`,
        );
    }
    for (const [flag, value] of [
        ["--policy-pack", values["policy-pack"]],
        ["--policy-pack-config", values["policy-pack-config"]],
        ["--sarif", values.sarif],
        ["--junit", values.junit],
        ["--markdown", values.markdown],
        ["--source-root", values["source-root"]],
        ...(values["config-file"] ?? []).map((f) => ["--config-file", f]),
    ] as const) {
        if (value !== undefined && value.trim() === "") throw new UsageError(`${flag} needs a path.`);
    }
    return {
        kind: "run",
        program: positionals[0] ?? ".",
        format: format as OutputFormat,
        reportFiles: {
            ...(values.sarif !== undefined ? { sarif: values.sarif } : {}),
            ...(values.junit !== undefined ? { junit: values.junit } : {}),
            ...(values.markdown !== undefined ? { markdown: values.markdown } : {}),
        },
        failOn: failOn as FailOn,
        ...(values["source-root"] !== undefined ? { sourceRoot: values["source-root"] } : {}),
        quiet: values.quiet ?? false,
        preview: values.preview ?? false,
        stack,
        configPairs: values.config ?? [],
        configFiles: values["config-file"] ?? [],
        timeoutSeconds,
        ...(values["policy-pack"] !== undefined ? { policyPackDir: values["policy-pack"] } : {}),
        ...(values["policy-pack-config"] !== undefined ? { policyPackConfigFile: values["policy-pack-config"] } : {}),
    };
}
