/**
 * Finds what to run from the path a user gives: a Pulumi project directory (with Pulumi.yaml), a
 * directory holding a Node.js package, or a single .ts/.js file. The entry point is chosen the way the
 * Pulumi CLI chooses it (Pulumi.yaml `main`, then package.json `main`, then index.js / index.ts), so the
 * offline check runs the same module `pulumi preview` would.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { UsageError } from "./errors";
import { moduleFormatOf } from "./typescript-loader";

export interface ProgramProject {
    /** Absolute path of the module to load. */
    readonly entry: string;
    /** The project directory: where Pulumi.yaml is, else the entry's directory. Programs run with it as cwd. */
    readonly projectDir: string;
    /** `name` from Pulumi.yaml, else "project" (what Pulumi's mocks use by default). */
    readonly projectName: string;
    /** Pulumi.yaml's `config:` section, as written (defaults for stack config). */
    readonly projectConfig: Readonly<Record<string, unknown>>;
    /** Whether the entry is TypeScript (loaded through the TypeScript compiler, see typescript-loader.ts). */
    readonly typescript: boolean;
    /**
     * Whether the entry is an ES module (.mjs/.mts, or .js/.ts in a `"type": "module"` package): loaded
     * with import(); else required.
     */
    readonly esm: boolean;
}

const PROGRAM_EXTENSIONS = [".ts", ".js", ".cjs", ".mjs", ".mts", ".cts"];
const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/** Reads a YAML file into a value, with an error that names the file and the line. */
export function readYamlFile(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
    try {
        return yaml.load(text, { filename: file });
    } catch (error) {
        const reason = error instanceof yaml.YAMLException ? error.message.split("\n")[0] : String(error);
        throw new UsageError(`${file} is not valid YAML: ${reason}`);
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function projectFileIn(dir: string): string | undefined {
    for (const name of PROJECT_FILES) {
        const file = path.join(dir, name);
        if (fs.existsSync(file)) return file;
    }
    return undefined;
}

/** The nearest Pulumi.yaml at or above `dir`. */
function findProjectFile(dir: string): string | undefined {
    let current = dir;
    for (;;) {
        const file = projectFileIn(current);
        if (file) return file;
        const parent = path.dirname(current);
        if (parent === current) return undefined;
        current = parent;
    }
}

interface ProjectFile {
    readonly name: string;
    readonly main?: string;
    readonly config: Record<string, unknown>;
}

function readProjectFile(file: string): ProjectFile {
    const doc = readYamlFile(file);
    if (!isRecord(doc)) throw new UsageError(`${file}: expected a mapping with at least "name" and "runtime".`);
    const { name, runtime, main, config } = doc;
    if (typeof name !== "string" || name.trim() === "") {
        throw new UsageError(
            `${file}: "name" must be the project's name (a non-empty string), got ${JSON.stringify(name)}.`,
        );
    }
    const runtimeName = isRecord(runtime) ? runtime.name : runtime;
    if (runtimeName !== "nodejs") {
        throw new UsageError(
            `${file}: runtime is ${JSON.stringify(runtimeName)}; the offline check runs Node.js programs (runtime: nodejs) only.`,
        );
    }
    const mainFromOptions = isRecord(runtime) && isRecord(runtime.options) ? runtime.options.main : undefined;
    const entry = main ?? mainFromOptions;
    if (entry !== undefined && typeof entry !== "string") {
        throw new UsageError(`${file}: "main" must be a path relative to the project, got ${JSON.stringify(entry)}.`);
    }
    if (config !== undefined && config !== null && !isRecord(config)) {
        throw new UsageError(`${file}: "config" must be a mapping of keys to values.`);
    }
    return { name, ...(entry ? { main: entry } : {}), config: isRecord(config) ? config : {} };
}

function readPackageJson(dir: string): Record<string, unknown> | undefined {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) return undefined;
    try {
        const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
        return isRecord(parsed) ? parsed : undefined;
    } catch (error) {
        throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
}

/** The module a directory stands for: package.json `main`, else index.js, else index.ts (as Pulumi does). */
function entryOfDirectory(dir: string): string {
    const pkg = readPackageJson(dir);
    const main = typeof pkg?.main === "string" ? pkg.main : undefined;
    const candidates = [
        ...(main ? [main, `${main}.js`, `${main}.ts`, path.join(main, "index.js"), path.join(main, "index.ts")] : []),
        "index.js",
        "index.ts",
        "index.mjs",
        "index.mts",
    ];
    for (const candidate of candidates) {
        const file = path.resolve(dir, candidate);
        if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
    }
    throw new UsageError(
        `no program entry point in ${dir}: looked for ${main ? `package.json "main" (${main}), ` : ""}index.js and index.ts. ` +
            `Pass the program's file, or set "main" in Pulumi.yaml or package.json.`,
    );
}

/** Resolves what to run from the path given on the command line (relative to `cwd`). */
export function locateProgram(given: string, cwd: string = process.cwd()): ProgramProject {
    const target = path.resolve(cwd, given);
    if (!fs.existsSync(target)) {
        throw new UsageError(
            `program ${given} does not exist (resolved to ${target}). Pass a Pulumi project directory or a .ts/.js file.`,
        );
    }
    const isDir = fs.statSync(target).isDirectory();
    const projectFile = isDir ? projectFileIn(target) : findProjectFile(path.dirname(target));
    const project = projectFile ? readProjectFile(projectFile) : undefined;
    const projectDir = projectFile ? path.dirname(projectFile) : isDir ? target : path.dirname(target);
    let entry: string;
    if (!isDir) {
        entry = target;
    } else if (project?.main) {
        const mainPath = path.resolve(projectDir, project.main);
        if (!fs.existsSync(mainPath)) {
            throw new UsageError(`${projectFile}: "main" is ${project.main}, which does not exist (${mainPath}).`);
        }
        entry = fs.statSync(mainPath).isDirectory() ? entryOfDirectory(mainPath) : mainPath;
    } else {
        entry = entryOfDirectory(target);
    }
    const ext = path.extname(entry);
    if (!PROGRAM_EXTENSIONS.includes(ext)) {
        throw new UsageError(`program ${entry} has extension "${ext}"; allowed: ${PROGRAM_EXTENSIONS.join(", ")}.`);
    }
    const typescript = ext === ".ts" || ext === ".mts" || ext === ".cts";
    return {
        entry,
        projectDir,
        projectName: project?.name ?? "project",
        projectConfig: project?.config ?? {},
        typescript,
        esm: moduleFormatOf(entry) === "module",
    };
}
