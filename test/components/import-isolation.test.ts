/**
 * Importing the components must not load all of @pulumi/azure-native (thousands of modules): only its
 * compute and network modules. Checked in a fresh process, through the package's public entry point.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

describe("importing pulumi-azure-vm-patching/components", () => {
    it("loads azure-native's compute and network modules only, never its root", function () {
        this.timeout(60_000);
        const script = `
            require("pulumi-azure-vm-patching/components");
            const loaded = Object.keys(require.cache)
                .filter((file) => file.includes("@pulumi/azure-native/"))
                .map((file) => file.split("@pulumi/azure-native/")[1]);
            console.log(JSON.stringify(loaded));`;
        const result = spawnSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
        assert.equal(result.status, 0, result.stderr);
        const loaded: string[] = JSON.parse(result.stdout);
        assert.ok(loaded.includes("compute/index.js") && loaded.includes("network/index.js"), loaded.join(", "));
        assert.ok(!loaded.includes("index.js"), "the azure-native root module must not be loaded");
        const services = new Set(
            loaded
                .map((file) => file.replace(/^types\/enums\//, "").split("/")[0])
                .filter((dir) => !dir.endsWith(".js") && !dir.endsWith(".json")),
        );
        assert.deepEqual([...services].sort(), ["compute", "maintenance", "network"]);
    });
});
