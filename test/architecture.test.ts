/**
 * The arrows between the parts (docs/architecture.md), checked on the import graph of the source
 * files: TypeScript's parser reads every import, export-from, `import("…")` type and `require(…)` /
 * `require.resolve(…)` with a literal, and a forbidden arrow fails naming the file, the line and the
 * import. The rules are by part (the top folder) and by adapter folder, so folders that appear later
 * (components/schedule, rules/schedule-rules...) are covered without an edit here. Tests, benches and
 * examples may import anything and are not read.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { ROOT } from "./support/rule-files";

/** The parts: top folders of the library, plus the package root's index.ts (which is the rule core's face). */
const PARTS = ["rules", "provider", "components", "policies", "check"] as const;
type Part = (typeof PARTS)[number] | "index";

/**
 * The parts each part may import (itself always). A target written `part/folder` allows only that
 * folder of the part. Everything not listed is forbidden.
 */
const MAY_IMPORT: Record<Part, readonly string[]> = {
    rules: [],
    provider: ["rules"],
    components: ["rules", "provider"],
    policies: ["rules"],
    check: ["rules", "policies", "components", "provider/engine"],
    index: ["rules"],
};

/**
 * The adapters: the only folders that may reach Pulumi's internals, one per surface. Another part
 * uses an adapter only through its index (its face), never its files; its own part may import its
 * files (the check's program host loads program-runtime alone, not the analyzer's gRPC code).
 */
const ADAPTERS = ["provider/engine", "policies/sdk", "check/engine"] as const;

/** Module paths that are Pulumi internals: beyond the SDKs' public entry points. */
const PULUMI_INTERNAL = /^@pulumi\/(pulumi\/(runtime|proto|cmd)(\/|$)|policy\/)/;

/** Packages the rule core must never load: it runs anywhere, without Pulumi, Azure or gRPC. */
const RULES_NEVER_LOAD = /^(@pulumi\/|@azure\/|@azure-rest\/|@grpc\/|google-protobuf(\/|$))/;

/** The package's own name: `pulumi-azure-vm-patching[/part]` as the pack imports it. */
const SELF = "pulumi-azure-vm-patching";

interface ImportSite {
    readonly line: number;
    readonly specifier: string;
}

/** Every module a source text names: imports, export-from, import types, require and require.resolve. */
function importsOf(fileName: string, text: string): ImportSite[] {
    const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
    const out: ImportSite[] = [];
    const add = (node: ts.Node, literal: ts.Node | undefined) => {
        if (literal && ts.isStringLiteralLike(literal)) {
            const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
            out.push({ line, specifier: literal.text });
        }
    };
    const visit = (node: ts.Node) => {
        if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
        else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
            add(node, node.moduleReference.expression);
        else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
        else if (ts.isCallExpression(node)) {
            const callee = node.expression.getText(source);
            if (
                callee === "require" ||
                callee === "require.resolve" ||
                node.expression.kind === ts.SyntaxKind.ImportKeyword
            )
                add(node, node.arguments[0]);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return out;
}

/** The part and the folder path (relative to the root, forward slashes) of a repository file. */
function partOf(file: string): Part {
    const top = file.split("/")[0];
    return (PARTS as readonly string[]).includes(top) ? (top as Part) : "index";
}

function adapterOf(file: string): string | undefined {
    return ADAPTERS.find((a) => file === a || file.startsWith(`${a}/`));
}

/** Where a specifier points inside the repository (relative path without extension), or undefined for a package. */
function target(file: string, specifier: string): string | undefined {
    if (specifier === SELF) return "rules"; // the package root is the rule core's face (index.ts)
    if (specifier.startsWith(`${SELF}/`)) return specifier.slice(SELF.length + 1);
    if (!specifier.startsWith(".")) return undefined;
    return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.(js|ts)$/, "");
}

/** Why an import breaks the architecture, or undefined when it is allowed. */
function forbidden(file: string, specifier: string): string | undefined {
    const from = partOf(file);
    const fromAdapter = adapterOf(file);
    const to = target(file, specifier);
    if (to === undefined) {
        if (from === "rules" && RULES_NEVER_LOAD.test(specifier))
            return "the rule core imports no Pulumi, Azure SDK or gRPC module";
        if (PULUMI_INTERNAL.test(specifier) && !fromAdapter)
            return `a Pulumi internal outside an adapter (${ADAPTERS.join(", ")}): add or use the adapter of its surface`;
        return undefined;
    }
    const toPart = to === "index" ? "index" : partOf(to);
    const toAdapter = adapterOf(to);
    if (toAdapter && toPart !== from && to !== toAdapter && to !== `${toAdapter}/index`)
        return `reaches into the adapter ${toAdapter}'s internals: import its index`;
    if (toPart === from || (from === "index" && toPart === "index")) return undefined;
    const allowed = MAY_IMPORT[from].some((t) => t === toPart || to === t || to.startsWith(`${t}/`));
    if (!allowed) {
        const may = MAY_IMPORT[from].length ? MAY_IMPORT[from].join(", ") : "no other part";
        return `${from} may import ${may}, not ${toPart === "index" ? "the package root" : toPart}`;
    }
    return undefined;
}

/** Every source file of the library: .ts (not .d.ts) and .js under the parts, and the root index. */
function libraryFiles(): string[] {
    const out = ["index.ts"];
    const walk = (rel: string) => {
        for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
            if (["node_modules", "dist", "bin", "vendor"].includes(entry.name)) continue;
            const child = `${rel}/${entry.name}`;
            if (entry.isDirectory()) walk(child);
            else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(child);
        }
    };
    for (const part of PARTS) walk(part);
    return out;
}

describe("architecture: the arrows between the parts (docs/architecture.md)", () => {
    it("no source file imports across a forbidden arrow", () => {
        const violations: string[] = [];
        const files = libraryFiles();
        assert.ok(files.length > 50, `read only ${files.length} files: the walk lost the parts`);
        for (const file of files) {
            for (const site of importsOf(file, fs.readFileSync(path.join(ROOT, file), "utf8"))) {
                const why = forbidden(file, site.specifier);
                if (why) violations.push(`${file}:${site.line} imports "${site.specifier}": ${why}`);
            }
        }
        assert.deepEqual(violations, [], `forbidden imports:\n${violations.join("\n")}`);
    });

    it("the parser finds every form of import, and the rules refuse each kind of forbidden arrow", () => {
        const text = [
            'import type { A } from "../provider/guard";',
            'export { b } from "@pulumi/pulumi/runtime/rpc";',
            'const c = require("../check/engine/analyzer-client");',
            'type D = import("@azure/arm-compute").ComputeManagementClient;',
            'const e = require.resolve("pulumi-azure-vm-patching/components");',
        ].join("\n");
        const sites = importsOf("rules/x.ts", text);
        assert.deepEqual(
            sites.map((s) => [s.line, s.specifier]),
            [
                [1, "../provider/guard"],
                [2, "@pulumi/pulumi/runtime/rpc"],
                [3, "../check/engine/analyzer-client"],
                [4, "@azure/arm-compute"],
                [5, "pulumi-azure-vm-patching/components"],
            ],
        );
        for (const site of sites) assert.ok(forbidden("rules/x.ts", site.specifier), site.specifier);
        // A folder that does not exist yet is covered by its part's rules.
        assert.ok(forbidden("rules/schedule-rules/r30.ts", "@pulumi/pulumi"));
        assert.ok(forbidden("components/scale-set/x.ts", "../../policies"));
        assert.ok(forbidden("components/schedule/x.ts", "@pulumi/pulumi/runtime/state"));
        assert.ok(forbidden("policies/schedule.ts", "../provider/engine"));
        assert.ok(forbidden("check/x.ts", "../provider/engine/wire-values"), "an adapter's file, not its index");
        assert.ok(forbidden("check/x.ts", "../provider/arm"));
        // And allows what the layout allows.
        assert.equal(forbidden("components/scale-set/x.ts", "../../provider/guard"), undefined);
        assert.equal(forbidden("check/engine/x.ts", "../../provider/engine"), undefined);
        assert.equal(forbidden("policies/sdk/x.ts", "@pulumi/policy/policy"), undefined);
        assert.equal(forbidden("policies/checks.ts", "pulumi-azure-vm-patching"), undefined);
        assert.equal(forbidden("rules/schedule-rules/r30.ts", "../rule-context"), undefined);
    });

    it("every adapter exists and docs/architecture.md names it", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");
        for (const adapter of ADAPTERS) {
            assert.ok(fs.existsSync(path.join(ROOT, adapter)), `${adapter}/ is missing`);
            assert.ok(doc.includes(`${adapter}/`), `docs/architecture.md does not list ${adapter}/`);
        }
        for (const part of PARTS)
            assert.ok(doc.includes(`\`${part}/\``), `docs/architecture.md does not describe ${part}/`);
    });
});
