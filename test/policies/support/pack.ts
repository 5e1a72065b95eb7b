/**
 * The policy pack as the tests run it: from its directory, exactly as `pulumi preview --policy-pack
 * policies` does in a clone after the repository's build (policies/main.js then loads
 * pulumi-azure-vm-patching/policies through the root's node_modules: the root build's dist/policies,
 * which the test run itself needs, so it is never stale).
 */
import * as path from "node:path";
import { type AnalyzerClient, type StartAnalyzerOptions, startAnalyzer } from "../../../check/engine/analyzer-client";

/** The repository root (dist/test/policies/support -> root). */
export const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
export const PACK_DIR = path.join(ROOT, "policies");
export const EMPTY_PACK_DIR = path.join(ROOT, "test", "policies", "fixtures", "empty-pack");
export const NOOP_PACK_DIR = path.join(ROOT, "test", "policies", "fixtures", "noop-pack");
export const DECODING_PACK_DIR = path.join(ROOT, "test", "policies", "fixtures", "decoding-pack");

/**
 * A pack for one mocha suite: started before its tests (the patch pack unless `packDir` says
 * otherwise), closed after them, and with `resetConfig` put back to its defaults after each test. The
 * returned client forwards to the running one.
 */
export function packPerSuite(
    options: Partial<StartAnalyzerOptions> & { readonly resetConfig?: boolean } = {},
): AnalyzerClient {
    let client: AnalyzerClient | undefined;
    before(async () => {
        client = await startAnalyzer({ packDir: PACK_DIR, ...options });
    });
    after(async () => {
        await client?.close();
    });
    if (options.resetConfig) {
        afterEach(async () => {
            await client?.configure({});
        });
    }
    return new Proxy({} as AnalyzerClient, {
        get(_target, key) {
            if (!client) throw new Error("the suite's pack starts in its before hook: use it inside a test");
            const value = (client as unknown as Record<string | symbol, unknown>)[key];
            return typeof value === "function" ? value.bind(client) : value;
        },
    });
}

/** Starts the patch pack under run-policy-pack. */
export async function startPatchPack(options: Partial<StartAnalyzerOptions> = {}): Promise<AnalyzerClient> {
    return startAnalyzer({ packDir: PACK_DIR, ...options });
}
