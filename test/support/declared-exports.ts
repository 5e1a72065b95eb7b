/**
 * The names (types and values) a package entry point declares to TypeScript users: read from the
 * built .d.ts files through the TypeScript compiler, as an editor would list them. Other packages'
 * declarations are not loaded (an import of them stays unresolved), which keeps this fast.
 */
import * as ts from "typescript";

export function declaredExports(specifier: string): string[] {
    const entry = require.resolve(specifier).replace(/\.js$/, ".d.ts");
    const options: ts.CompilerOptions = { noEmit: true, noLib: true, types: [] };
    const host = ts.createCompilerHost(options);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (file) => !file.includes("node_modules") && fileExists(file);
    const program = ts.createProgram([entry], options, host);
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(entry);
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (module === undefined) throw new Error(`no declarations for ${specifier} at ${entry}: build first`);
    return checker
        .getExportsOfModule(module)
        .map((symbol) => symbol.getName())
        .sort();
}
