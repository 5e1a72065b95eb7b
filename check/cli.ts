#!/usr/bin/env node
/**
 * `azure-vm-patching-check`: the offline policy check's command. Report on stdout (table or --json),
 * progress and notes on stderr, the exit code documented in --help. Errors are one clear message, never
 * a stack trace.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { HELP, parseCli } from "./cli-args";
import { EXIT, type ExitCode, InterruptedError } from "./errors";
import { runOfflineCheck } from "./offline-check";
import { exitCodeOf, toJsonErrorReport, toJsonReport, toTable } from "./report";

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

export async function main(argv: readonly string[]): Promise<number> {
    // Known before parsing, so that a bad argument is reported as JSON too.
    const json = argv.includes("--json");
    const stop = stopOnSignals();
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
        process.stdout.write(
            cli.json
                ? `${JSON.stringify(toJsonReport(result), null, 2)}\n`
                : toTable(result, process.stdout.columns || 120),
        );
        return exitCodeOf(result);
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const code = exitCodeOfError(error);
        process.stderr.write(`error: ${message}\n`);
        if (json) {
            const named = error instanceof Error ? error : { message };
            process.stdout.write(`${JSON.stringify(toJsonErrorReport(named, code), null, 2)}\n`);
        }
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
