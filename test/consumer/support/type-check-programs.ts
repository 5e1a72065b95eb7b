/**
 * `tsc -p <config> --noEmit` for several tsconfig files of one project, in one process, with one
 * TypeScript installation loaded by path (the version under test, not this repository's).
 *
 * Each config gets what tsc's command line gives it: the config parsed with `--noEmit`
 * (getParsedCommandLineOfConfigFile), its own Program and type checker, and the diagnostics tsc reports,
 * gathered in tsc's order (config, syntactic; then options, global and semantic if there were none;
 * emit) and printed as `tsc --pretty false` prints them. What the programs share is the parsed text: a
 * compiler host that hands every program the same SourceFile for the same file, language version and
 * module format (TypeScript's language service shares SourceFiles across projects the same way), so
 * the typings of TypeScript's lib, Node, Pulumi and azure-native are read and parsed once per process
 * instead of once per config. Module resolution, binding of each program's files into its own checker,
 * and checking stay per program: every error tsc would give for a config is given.
 *
 * Usage: node type-check-programs.js <typescript module dir> <project dir> <config>[+<control config>]...
 * A control config is checked only when its config gave diagnostics (as the consumer test runs tsc on
 * its control program). Prints one JSON object: config -> its diagnostics' lines as tsc prints them.
 */
import * as path from "node:path";
import type * as TS from "typescript";

/** Per config: `file(line,col): error TSnnnn: message` lines, as `tsc --pretty false` prints them. */
export type Outcomes = Record<string, readonly string[]>;

function typeCheckAll(ts: typeof TS, projectDir: string, requests: readonly string[]): Outcomes {
    const parsed = new Map<string, TS.SourceFile>();
    const keyOf = (fileName: string, how: TS.ScriptTarget | TS.CreateSourceFileOptions) =>
        typeof how === "object"
            ? `${how.languageVersion}|${how.impliedNodeFormat ?? ""}|${how.jsDocParsingMode ?? ""}|${fileName}`
            : `${how}|||${fileName}`;
    const formatHost: TS.FormatDiagnosticsHost = {
        getCanonicalFileName: (f) => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase()),
        getCurrentDirectory: () => projectDir,
        getNewLine: () => "\n",
    };
    const outcomes: Record<string, string[]> = {};
    const typeCheck = (config: string): string[] => {
        const configDiagnostics: TS.Diagnostic[] = [];
        const commandLine = ts.getParsedCommandLineOfConfigFile(
            path.resolve(projectDir, config),
            { noEmit: true },
            {
                ...ts.sys,
                getCurrentDirectory: () => projectDir,
                onUnRecoverableConfigFileDiagnostic: (d) => configDiagnostics.push(d),
            },
        );
        if (!commandLine) return configDiagnostics.map((d) => format(ts, d, formatHost));
        const host = ts.createCompilerHost(commandLine.options);
        host.getCurrentDirectory = () => projectDir;
        const readSourceFile = host.getSourceFile.bind(host);
        host.getSourceFile = (fileName, how, onError, shouldCreateNewSourceFile) => {
            const key = keyOf(fileName, how);
            let file = shouldCreateNewSourceFile ? undefined : parsed.get(key);
            if (!file) {
                file = readSourceFile(fileName, how, onError, shouldCreateNewSourceFile);
                if (file) parsed.set(key, file);
            }
            return file;
        };
        const program = ts.createProgram({
            rootNames: commandLine.fileNames,
            options: commandLine.options,
            projectReferences: commandLine.projectReferences,
            host,
            configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(commandLine),
        });
        // tsc's order (emitFilesAndReportErrors): later kinds only when the earlier gave none.
        const all: TS.Diagnostic[] = [...program.getConfigFileParsingDiagnostics()];
        const configCount = all.length;
        all.push(...program.getSyntacticDiagnostics());
        if (all.length === configCount) {
            all.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
            if (all.length === configCount) all.push(...program.getSemanticDiagnostics());
        }
        all.push(...program.emit().diagnostics);
        return ts.sortAndDeduplicateDiagnostics(all).map((d) => format(ts, d, formatHost));
    };
    for (const request of requests) {
        const [config, control] = request.split("+");
        outcomes[config] = typeCheck(config);
        if (control && outcomes[config].length > 0) outcomes[control] = typeCheck(control);
    }
    return outcomes;
}

function format(ts: typeof TS, d: TS.Diagnostic, host: TS.FormatDiagnosticsHost): string {
    return ts.formatDiagnostic(d, host).trimEnd();
}

if (require.main === module) {
    const [typescriptDir, projectDir, ...configs] = process.argv.slice(2);
    const ts = require(typescriptDir) as typeof TS;
    process.stdout.write(`${JSON.stringify(typeCheckAll(ts, path.resolve(projectDir), configs))}\n`);
}
