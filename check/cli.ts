#!/usr/bin/env node
/**
 * `azure-vm-patching-check`: the offline policy check's command. A report on stdout (--format: table,
 * JSON, SARIF, GitHub annotations, JUnit, Markdown) and any report files asked for (--sarif, --junit,
 * --markdown), progress and notes on stderr, the exit code documented in --help. Errors are one clear message, never
 * a stack trace.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type CliOptions, HELP, OUTPUT_FORMATS, type OutputFormat, parseCli } from "./cli-args";
import { EXIT, type ExitCode, InterruptedError, UsageError } from "./errors";
import { runOfflineCheck } from "./offline-check";
import { exitCodeOf } from "./report";
import { defaultSourceRoot } from "./reports/findings";
import { type RenderOptions, renderErrorReport, renderReport } from "./reports/render";

function packageVersion(): string {
    for (const candidate of [
        path.join(__dirname, "..", "..", "package.json"),
        path.join(__dirname, "..", "package.json"),
    ]) {
        if (fs.existsSync(candidate))
            return (JSON.parse(fs.readFileSync(candidate, "utf8")) as { version: string }).version;
    }
    return "unknown";
}

/** Shell convention: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

function exitCodeOfError(error: unknown): number {
    if (error instanceof InterruptedError) return SIGNAL_EXIT[error.signal] ?? 1;
    const code = (error as { exitCode?: unknown })?.exitCode;
    return typeof code === "number" ? (code as ExitCode) : EXIT.programFailed;
}

/**
 * SIGINT and SIGTERM stop the check: the program and the pack are ended before it exits (by default
 * Node would exit at once and leave them running). Returns the signal to pass on, and its removal.
 */
function stopOnSignals(): { signal: AbortSignal; dispose: () => void } {
    const controller = new AbortController();
    const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => {
        const handler = () => controller.abort(new InterruptedError(name));
        process.once(name, handler);
        return [name, handler] as const;
    });
    return {
        signal: controller.signal,
        dispose: () => {
            for (const [n, h] of handlers) process.off(n, h);
        },
    };
}

/** Where each report goes: stdout's format, and the files asked for (relative to the working directory). */
interface ReportTargets {
    readonly stdout: OutputFormat;
    readonly files: readonly { readonly format: OutputFormat; readonly file: string }[];
    readonly options: RenderOptions;
}

function reportTargets(cli: CliOptions): ReportTargets {
    const files = (["sarif", "junit", "markdown"] as const).flatMap((format) => {
        const file = cli.reportFiles[format];
        return file ? [{ format, file: path.resolve(file) }] : [];
    });
    return {
        stdout: cli.format,
        files,
        options: {
            failOn: cli.failOn,
            sourceRoot: path.resolve(cli.sourceRoot ?? defaultSourceRoot(".")),
            toolVersion: packageVersion(),
            width: process.stdout.columns || 120,
        },
    };
}

/** Writes a report file; a file that cannot be written is an error, not a report lost in silence. */
function writeReportFile(file: string, content: string): void {
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
    } catch (error) {
        throw new UsageError(`cannot write the report ${file}: ${(error as Error).message}`);
    }
}

/** Before the arguments parse, what stdout's format was meant to be (so a bad argument is reported in it). */
function formatAskedFor(argv: readonly string[]): OutputFormat {
    if (argv.includes("--json")) return "json";
    const at = argv.findIndex((a) => a === "--format" || a === "-f");
    const given = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith("--format="))?.slice("--format=".length);
    return OUTPUT_FORMATS.find((f) => f === given) ?? "text";
}

export async function main(argv: readonly string[]): Promise<number> {
    const stop = stopOnSignals();
    let targets: ReportTargets | undefined;
    try {
        const cli = parseCli(argv);
        if (cli.kind === "help") {
            process.stdout.write(HELP);
            return EXIT.ok;
        }
        if (cli.kind === "version") {
            process.stdout.write(`${packageVersion()}\n`);
            return EXIT.ok;
        }
        targets = reportTargets(cli);
        const result = await runOfflineCheck({
            program: cli.program,
            stack: cli.stack,
            configPairs: cli.configPairs,
            configFiles: cli.configFiles,
            preview: cli.preview,
            ...(cli.policyPackDir ? { policyPackDir: cli.policyPackDir } : {}),
            ...(cli.policyPackConfigFile ? { policyPackConfigFile: cli.policyPackConfigFile } : {}),
            timeoutSeconds: cli.timeoutSeconds,
            signal: stop.signal,
            ...(cli.quiet ? {} : { onProgress: (message: string) => process.stderr.write(`${message}\n`) }),
            onLog: (entry) =>
                process.stderr.write(
                    `${entry.severity}: ${entry.name ? `${entry.type} "${entry.name}": ` : ""}${entry.message}\n`,
                ),
        });
        const options = cli.sourceRoot
            ? targets.options
            : { ...targets.options, sourceRoot: defaultSourceRoot(result.projectDir) };
        for (const { format, file } of targets.files) writeReportFile(file, renderReport(format, result, options));
        process.stdout.write(renderReport(targets.stdout, result, options));
        return exitCodeOf(result, cli.failOn);
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const code = exitCodeOfError(error);
        process.stderr.write(`error: ${message}\n`);
        const named = error instanceof Error ? error : { message };
        const options = targets?.options ?? {
            failOn: "mandatory",
            sourceRoot: defaultSourceRoot("."),
            toolVersion: packageVersion(),
        };
        for (const { format, file } of targets?.files ?? []) {
            try {
                writeReportFile(file, renderErrorReport(format, named, code, options));
            } catch (writeError) {
                process.stderr.write(`error: ${(writeError as Error).message}\n`);
            }
        }
        process.stdout.write(renderErrorReport(targets?.stdout ?? formatAskedFor(argv), named, code, options));
        return code;
    } finally {
        stop.dispose();
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
        // Stopped by a signal: the children are ended; do not wait for anything else to wind down.
        if (code >= 128) setTimeout(() => process.exit(code), 1000).unref();
    });
}
