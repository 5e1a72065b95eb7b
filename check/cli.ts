#!/usr/bin/env node
/**
 * `azure-vm-patching-check`: the offline policy check's command. Report on stdout (table or --json),
 * progress and notes on stderr, the exit code documented in --help. Errors are one clear message, never
 * a stack trace.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { HELP, parseCli } from "./cli-args";
import { EXIT, type ExitCode } from "./errors";
import { runOfflineCheck } from "./offline-check";
import { exitCodeOf, toJsonReport, toTable } from "./report";

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

function exitCodeOfError(error: unknown): ExitCode {
    const code = (error as { exitCode?: unknown })?.exitCode;
    return typeof code === "number" ? (code as ExitCode) : EXIT.programFailed;
}

export async function main(argv: readonly string[]): Promise<ExitCode> {
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
            ...(cli.quiet ? {} : { onProgress: (message: string) => process.stderr.write(`${message}\n`) }),
        });
        process.stdout.write(
            cli.json
                ? `${JSON.stringify(toJsonReport(result), null, 2)}\n`
                : toTable(result, process.stdout.columns || 120),
        );
        return exitCodeOf(result);
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`error: ${message}\n`);
        return exitCodeOfError(error);
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
