/**
 * The policy pack as the tests run it: its directory, its build, and the analyzer client on it.
 *
 * The pack's package.json `main` is its own build output (policies/bin). `npm run build` produces it;
 * when a test run finds it missing or older than the pack's sources (a developer ran only the root
 * tsc), it is rebuilt here with the pack's own tsconfig, so the tests never run a stale pack.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type AnalyzerClient, type StartAnalyzerOptions, startAnalyzer } from "../../../check/analyzer-client";

/** The repository root (dist/test/policies/support -> root). */
export const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
export const PACK_DIR = path.join(ROOT, "policies");
export const EMPTY_PACK_DIR = path.join(ROOT, "test", "policies", "fixtures", "empty-pack");

function newestSource(): number {
    return Math.max(
        ...fs
            .readdirSync(PACK_DIR)
            .filter((f) => f.endsWith(".ts") || f === "tsconfig.json")
            .map((f) => fs.statSync(path.join(PACK_DIR, f)).mtimeMs),
    );
}

/** Builds policies/bin when it is missing or older than the pack's sources. */
export function ensurePackBuilt(): void {
    const main = path.join(PACK_DIR, JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")).main);
    if (fs.existsSync(main) && fs.statSync(main).mtimeMs >= newestSource()) return;
    execFileSync(
        process.execPath,
        [require.resolve("typescript/bin/tsc"), "-p", path.join(PACK_DIR, "tsconfig.json")],
        {
            cwd: ROOT,
            stdio: "inherit",
        },
    );
}

/** Starts the patch pack (built first if needed) under run-policy-pack. */
export async function startPatchPack(options: Partial<StartAnalyzerOptions> = {}): Promise<AnalyzerClient> {
    ensurePackBuilt();
    return startAnalyzer({ packDir: PACK_DIR, ...options });
}
