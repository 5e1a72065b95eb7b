/**
 * Node module hooks (registered by typescript-loader.ts with `module.register`) for a TypeScript program
 * that is, or imports, an ES module: .ts files in a `"type": "module"` package and .mts files are
 * transpiled to ES modules; `./util.js` finds util.ts. CommonJS .ts files are handed back to the
 * CommonJS loader, where the `require` hook transpiles them. Runs in Node's hooks thread.
 */
import { fileURLToPath } from "node:url";
import type * as TS from "typescript";
import { moduleFormatOf, transpile, typeScriptCandidates } from "./typescript-loader";

interface HookData {
    readonly typescript: string;
    readonly compilerOptions: TS.CompilerOptions;
}

let ts: typeof TS | undefined;
let compilerOptions: TS.CompilerOptions = {};

export function initialize(data: HookData): void {
    ts = require(data.typescript) as typeof TS;
    compilerOptions = data.compilerOptions;
}

type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type NextResolve = (specifier: string, context: unknown) => Promise<Resolved>;
type Loaded = { format: string; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean };
type NextLoad = (url: string, context: unknown) => Promise<Loaded>;

const TS_FILE = /\.(?:ts|mts|cts)$/;

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<Resolved> {
    try {
        return await nextResolve(specifier, context);
    } catch (error) {
        const relative = specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("file:");
        if (!relative || (error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
        for (const candidate of typeScriptCandidates(specifier)) {
            try {
                return await nextResolve(candidate, context);
            } catch {
                // not this one
            }
        }
        throw error;
    }
}

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<Loaded> {
    if (!ts || !url.startsWith("file:")) return nextLoad(url, context);
    const file = fileURLToPath(url);
    if (!TS_FILE.test(file)) return nextLoad(url, context);
    const format = moduleFormatOf(file);
    // CommonJS: the CommonJS loader reads the file and calls the require hook (no source here).
    if (format === "commonjs") return { format: "commonjs", shortCircuit: true };
    return { format: "module", source: transpile(ts, compilerOptions, file, "module"), shortCircuit: true };
}
