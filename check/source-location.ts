/**
 * Where the user's program created a resource: the first frame of the registration's stack that is
 * the user's own code (not node_modules, not Node, not this library: a component's VM points to the
 * user's `new PatchedWindowsVirtualMachine(...)` line, not into the component), relative to the
 * project directory, so CI systems can annotate the line.
 *
 * The stack is the one the Pulumi SDK itself captures for every registration (`new Error().stack`,
 * sent as the request's stack trace): the check adds no capture of its own. Node formats that stack
 * through source maps (the program host enables them), so a TypeScript program's frames name its .ts
 * lines.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceLocation } from "./collected-resource";

/** One frame as the SDK sends it: a file: URI, 1-based line and column. */
export interface StackFrame {
    readonly uri: string;
    readonly line: number;
    readonly column: number;
}

/** This library's own parts: compiled (dist/<part>) and, through source maps, their sources (<part>). */
const LIBRARY_PARTS = ["components", "provider", "policies", "rules", "check"] as const;
const DIST_DIR = path.resolve(__dirname, "..");
const LIBRARY_DIRS = LIBRARY_PARTS.flatMap((part) => [
    path.join(DIST_DIR, part),
    path.join(path.dirname(DIST_DIR), part),
]);

function isInside(file: string, dir: string): boolean {
    return file === dir || file.startsWith(dir + path.sep);
}

/**
 * The file a frame's URI names. The SDK turns every frame's file into a URI with pathToFileURL, which
 * leaves an ES module's frame (already a file: URL) as `<cwd>/file:/...`: the part after is the file.
 */
export function frameFile(uri: string): string | undefined {
    if (!uri.startsWith("file:")) return undefined;
    try {
        const file = fileURLToPath(uri);
        const nested = file.indexOf(`${path.sep}file:${path.sep}`);
        if (nested < 0) return file;
        return fileURLToPath(
            `file://${file
                .slice(nested + "/file:".length)
                .split(path.sep)
                .join("/")}`,
        );
    } catch {
        return undefined;
    }
}

/** Whether a file is the user's code: not a dependency, not Node's, not this library's. */
export function isUserFile(file: string, libraryDirs: readonly string[] = LIBRARY_DIRS): boolean {
    if (file.split(/[\\/]/).includes("node_modules")) return false;
    return !libraryDirs.some((dir) => isInside(file, dir));
}

/**
 * Where a frame's URI is, relative to the project directory ("/" separators, as SARIF and CI
 * annotations want it), or null when it is not the user's code. A stack has a few dozen frames from a
 * handful of files, the same for every resource: each URI is decided once per project directory.
 */
type Decider = (uri: string) => string | null;

function userFileDecider(projectDir: string, libraryDirs: readonly string[]): Decider {
    const decided = new Map<string, string | null>();
    return (uri) => {
        let file = decided.get(uri);
        if (file === undefined) {
            const named = frameFile(uri);
            file =
                named && isUserFile(named, libraryDirs)
                    ? path.relative(projectDir, named).split(path.sep).join("/")
                    : null;
            decided.set(uri, file);
        }
        return file;
    };
}

const defaultDeciders = new Map<string, Decider>();

/**
 * The first of the frames (innermost first) in the user's code, its file relative to the project
 * directory; undefined when none is.
 */
export function userSourceLocation(
    frames: Iterable<StackFrame | undefined>,
    projectDir: string,
    libraryDirs?: readonly string[],
): SourceLocation | undefined {
    let userFile = libraryDirs ? userFileDecider(projectDir, libraryDirs) : defaultDeciders.get(projectDir);
    if (!userFile) {
        userFile = userFileDecider(projectDir, LIBRARY_DIRS);
        defaultDeciders.set(projectDir, userFile);
    }
    for (const frame of frames) {
        if (!frame || frame.line <= 0) continue;
        const file = userFile(frame.uri);
        if (file !== null) return { file, line: frame.line, column: frame.column };
    }
    return undefined;
}

/**
 * The resources, each with a source: one created where no frame was the user's (a component's child
 * registered inside an apply) takes its nearest ancestor's, the line that created the component.
 */
export function withParentSources<
    R extends { readonly urn: string; readonly parent: string; readonly source?: SourceLocation },
>(resources: readonly R[]): R[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const sourceOf = (resource: R): SourceLocation | undefined => {
        const seen = new Set<string>();
        for (let current: R | undefined = resource; current && !seen.has(current.urn); ) {
            if (current.source) return current.source;
            seen.add(current.urn);
            current = byUrn.get(current.parent);
        }
        return undefined;
    };
    return resources.map((r) => {
        if (r.source) return r;
        const source = sourceOf(r);
        return source ? { ...r, source } : r;
    });
}
