/**
 * Lets the program host `require` a TypeScript program, the way the Pulumi CLI does with ts-node, but
 * without ts-node: each .ts file is compiled to CommonJS as it is loaded, with the TypeScript compiler
 * the program itself uses (its own `typescript` package), else this package's, else the one vendored in
 * @pulumi/pulumi (every Pulumi program has it). Types are not checked (run `tsc --noEmit` for that): the
 * check is about what the program registers, and a type error should not hide the policy report.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import { UsageError } from "./errors";

const TS_EXTENSIONS = [".ts", ".cts", ".mts"];

/** The compiler to use, and where it came from (shown in progress output). */
export function resolveTypeScript(projectDir: string): { ts: typeof TS; from: string } {
    const candidates: string[] = [];
    const tryResolve = (request: string, paths?: string[]) => {
        try {
            candidates.push(require.resolve(request, paths ? { paths } : undefined));
        } catch {
            // not installed there; try the next place.
        }
    };
    tryResolve("typescript", [projectDir]);
    tryResolve("typescript");
    try {
        const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] }));
        const vendored = path.join(pulumiDir, "vendor", "typescript@3.8.3", "typescript.js");
        if (fs.existsSync(vendored)) candidates.push(vendored);
    } catch {
        // no @pulumi/pulumi: the program host reports that more precisely.
    }
    for (const file of candidates) {
        // biome-ignore lint/suspicious/noExplicitAny: a compiler module loaded by path.
        const ts = require(file) as any;
        if (typeof ts?.transpileModule === "function") return { ts, from: `${file} (TypeScript ${ts.version})` };
    }
    throw new UsageError(
        `cannot load TypeScript for ${projectDir}: no "typescript" package found. Run npm install in the project, ` +
            "or compile the program (tsc) and pass the compiled .js file.",
    );
}

/** Compiler options from the project's tsconfig.json, forced to what `require` can run. */
export function compilerOptionsFor(ts: typeof TS, projectDir: string): TS.CompilerOptions {
    const configFile = path.join(projectDir, "tsconfig.json");
    let options: TS.CompilerOptions = {};
    if (fs.existsSync(configFile)) {
        const read = ts.readConfigFile(configFile, ts.sys.readFile);
        if (read.error) {
            throw new UsageError(`${configFile}: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
        }
        options = ts.parseJsonConfigFileContent(read.config, ts.sys, projectDir, undefined, configFile).options;
    }
    // The project's resolution setting goes with its module setting (nodenext with nodenext in Pulumi's
    // template): with CommonJS forced below it is an error. Transpiling resolves nothing: drop it.
    delete options.moduleResolution;
    return {
        target: ts.ScriptTarget.ES2020,
        esModuleInterop: true,
        ...options,
        module: ts.ModuleKind.CommonJS,
        inlineSourceMap: true,
        inlineSources: true,
        sourceMap: false,
        declaration: false,
        declarationMap: false,
        emitDeclarationOnly: false,
        noEmit: false,
        composite: false,
        incremental: false,
    };
}

/** Installs the .ts require hook for this process. Returns where the compiler came from. */
export function registerTypeScript(projectDir: string): string {
    const { ts, from } = resolveTypeScript(projectDir);
    const compilerOptions = compilerOptionsFor(ts, projectDir);
    process.setSourceMapsEnabled(true);
    const compile = (module: NodeJS.Module, filename: string) => {
        const source = fs.readFileSync(filename, "utf8");
        const out = ts.transpileModule(source, { compilerOptions, fileName: filename, reportDiagnostics: true });
        const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
        if (errors.length > 0) {
            const text = errors
                .map((d) => {
                    const where =
                        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
                    const loc = where ? `${filename}:${where.line + 1}:${where.character + 1}` : filename;
                    return `${loc}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
                })
                .join("\n");
            throw new SyntaxError(`TypeScript syntax error:\n${text}`);
        }
        (module as unknown as { _compile(code: string, file: string): void })._compile(out.outputText, filename);
    };
    for (const ext of TS_EXTENSIONS) require.extensions[ext] = compile;
    return from;
}
