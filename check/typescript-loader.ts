/**
 * Lets the program host run a TypeScript program, the way the Pulumi CLI does with ts-node, but
 * without ts-node: each .ts file is transpiled as it is loaded, with the TypeScript compiler the program
 * itself uses (its own `typescript` package), else this package's, else the one vendored in
 * @pulumi/pulumi (every Pulumi program has it). Types are not checked (run `tsc --noEmit` for that): the
 * check is about what the program registers, and a type error should not hide the policy report.
 *
 * A file is run in the module format Node gives it (.mts: ES module, .cts: CommonJS, .ts: the nearest
 * package.json's "type"): CommonJS files through a `require` hook, ES modules through Node's module
 * hooks (esm-hooks.ts). The transpile takes from tsconfig.json only the options that change the
 * JavaScript of one file (decorators, class fields, JSX, interop helpers): module and moduleResolution
 * describe how tsc resolves types and emits a build, and any pair of them runs the same here.
 */
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type * as TS from "typescript";
import { UsageError } from "./errors";

const TS_EXTENSIONS = [".ts", ".cts", ".mts"];

/** tsconfig errors that do not concern a transpile: "No inputs were found" (18003). */
const IGNORED_CONFIG_ERRORS = new Set([18003]);

/** The compiler to use, and where it came from (shown in progress output). */
export function resolveTypeScript(projectDir: string): { ts: typeof TS; file: string; from: string } {
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
        if (typeof ts?.transpileModule === "function") return { ts, file, from: `${file} (TypeScript ${ts.version})` };
    }
    throw new UsageError(
        `cannot load TypeScript for ${projectDir}: no "typescript" package found. Run npm install in the project, ` +
            "or compile the program (tsc) and pass the compiled .js file.",
    );
}

function describeConfigError(ts: typeof TS, d: TS.Diagnostic, configFile: string): string {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file && d.start !== undefined) {
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        return `${d.file.fileName}:${line + 1}:${character + 1}: ${text}`;
    }
    return `${configFile}: ${text}`;
}

/**
 * The options of the project's tsconfig.json that change one file's emitted JavaScript, resolved as
 * the project's compiler resolves them (its defaults depend on target and module), for a transpile to
 * the JavaScript Node 20 runs. A tsconfig the compiler cannot read (bad JSON, an unknown option or
 * value, a missing `extends`) is the user's to fix: a UsageError naming the file, the place and the fix.
 */
export function compilerOptionsFor(ts: typeof TS, projectDir: string): TS.CompilerOptions {
    const configFile = path.join(projectDir, "tsconfig.json");
    let user: TS.CompilerOptions = {};
    if (fs.existsSync(configFile)) {
        const read = ts.readConfigFile(configFile, ts.sys.readFile);
        const parsed = read.error
            ? undefined
            : ts.parseJsonConfigFileContent(read.config, ts.sys, projectDir, undefined, configFile);
        const errors = read.error
            ? [read.error]
            : (parsed?.errors ?? []).filter((e) => !IGNORED_CONFIG_ERRORS.has(e.code));
        if (errors.length > 0) {
            throw new UsageError(
                `${configFile} cannot be read by TypeScript ${ts.version}:\n${errors.map((e) => describeConfigError(ts, e, configFile)).join("\n")}\n` +
                    "Fix: correct tsconfig.json (`npx tsc --showConfig` shows the same error), then run the check again.",
            );
        }
        user = parsed?.options ?? {};
    }
    // Exported by every TypeScript from 4.x on, though not in its public typings.
    const derived = ts as unknown as {
        getESModuleInterop?: (o: TS.CompilerOptions) => boolean | undefined;
        getUseDefineForClassFields?: (o: TS.CompilerOptions) => boolean;
    };
    const pick = <K extends keyof TS.CompilerOptions>(...keys: K[]) =>
        Object.fromEntries(keys.filter((k) => user[k] !== undefined).map((k) => [k, user[k]])) as TS.CompilerOptions;
    return {
        ...pick(
            "experimentalDecorators",
            "emitDecoratorMetadata",
            "jsx",
            "jsxFactory",
            "jsxFragmentFactory",
            "jsxImportSource",
            "importHelpers",
            "preserveConstEnums",
            "allowSyntheticDefaultImports",
        ),
        // Semantics that follow from target and module in the user's build, kept as that build has them
        // (a `declare`-less field in a dynamic resource, a default import of a CommonJS module).
        esModuleInterop: derived.getESModuleInterop?.(user) ?? user.esModuleInterop ?? true,
        useDefineForClassFields: derived.getUseDefineForClassFields?.(user) ?? user.useDefineForClassFields ?? false,
        target: ts.ScriptTarget.ES2022,
        inlineSourceMap: true,
        inlineSources: true,
    };
}

/** "module" or "commonjs": how Node runs a file with this name (package.json "type" for .ts/.js). */
export function moduleFormatOf(file: string): "module" | "commonjs" {
    if (file.endsWith(".mts") || file.endsWith(".mjs")) return "module";
    if (file.endsWith(".cts") || file.endsWith(".cjs")) return "commonjs";
    let dir = path.dirname(file);
    for (;;) {
        const pkgFile = path.join(dir, "package.json");
        if (fs.existsSync(pkgFile)) {
            try {
                return (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { type?: unknown }).type === "module"
                    ? "module"
                    : "commonjs";
            } catch {
                return "commonjs"; // Node itself reports an unreadable package.json where it matters.
            }
        }
        const parent = path.dirname(dir);
        if (parent === dir) return "commonjs";
        dir = parent;
    }
}

/** Transpiles one file; syntax errors name the file, line and column. */
export function transpile(
    ts: typeof TS,
    compilerOptions: TS.CompilerOptions,
    filename: string,
    format: "module" | "commonjs",
): string {
    const source = fs.readFileSync(filename, "utf8");
    const out = ts.transpileModule(source, {
        compilerOptions: {
            ...compilerOptions,
            module: format === "module" ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
        },
        fileName: filename,
        reportDiagnostics: true,
    });
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
    return out.outputText;
}

/**
 * The TypeScript file a relative import written for the emitted JavaScript means (`./util.js` for
 * util.ts, as node16/nodenext projects write it; `./util` as bundler projects do), or undefined.
 */
export function typeScriptCandidates(request: string): string[] {
    const ext = path.extname(request);
    const base = ext ? request.slice(0, -ext.length) : request;
    switch (ext) {
        case ".js":
            return [`${base}.ts`, `${base}.tsx`];
        case ".mjs":
            return [`${base}.mts`];
        case ".cjs":
            return [`${base}.cts`];
        case "":
            return [`${request}.ts`, `${request}.tsx`, `${request}.js`, path.join(request, "index.ts")];
        default:
            return [];
    }
}

/** Module's internals the CommonJS side needs (what ts-node and tsx use too). */
interface ModuleInternals {
    _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
    _extensions: Record<string, (module: NodeJS.Module, filename: string) => void>;
}

/** Installs the TypeScript loaders for this process. Returns where the compiler came from. */
export function registerTypeScript(projectDir: string): string {
    const { ts, file, from } = resolveTypeScript(projectDir);
    const compilerOptions = compilerOptionsFor(ts, projectDir);
    process.setSourceMapsEnabled(true);

    const internals = Module as unknown as ModuleInternals;
    const compile = (module: NodeJS.Module, filename: string) => {
        const code = transpile(ts, compilerOptions, filename, "commonjs");
        (module as unknown as { _compile(code: string, file: string): void })._compile(code, filename);
    };
    for (const ext of TS_EXTENSIONS) internals._extensions[ext] = compile;
    const resolveFilename = internals._resolveFilename;
    internals._resolveFilename = function (request, parent, isMain, options) {
        try {
            return resolveFilename.call(this, request, parent, isMain, options);
        } catch (error) {
            if (!request.startsWith(".") && !path.isAbsolute(request)) throw error;
            for (const candidate of typeScriptCandidates(request)) {
                try {
                    return resolveFilename.call(this, candidate, parent, isMain, options);
                } catch {
                    // not this one
                }
            }
            throw error;
        }
    };

    // ES modules: Node's module hooks run in their own thread; they get the same compiler and options.
    const register = (Module as unknown as { register?: (url: string, options: unknown) => void }).register;
    if (register) {
        register(pathToFileURL(path.join(__dirname, "esm-hooks.js")).href, {
            data: { typescript: file, compilerOptions },
        });
    }
    return from;
}
