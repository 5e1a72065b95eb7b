/**
 * Which module the offline check runs for a path: the same entry point `pulumi preview` would use.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { locateProgram } from "../../check/project";

function tree(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "check-project-"));
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), content);
    }
    return root;
}

describe("check/project", () => {
    it("a project directory: index.ts, the project name and its config section", () => {
        const root = tree({
            "Pulumi.yaml": "name: infra\nruntime: nodejs\nconfig:\n  location: westeurope\n",
            "index.ts": "export {};",
        });
        const p = locateProgram(root);
        assert.equal(p.entry, path.join(root, "index.ts"));
        assert.equal(p.projectDir, root);
        assert.equal(p.projectName, "infra");
        assert.deepEqual(p.projectConfig, { location: "westeurope" });
        assert.equal(p.typescript, true);
        assert.equal(p.esm, false);
    });

    it("follows Pulumi.yaml main, then package.json main, as the Pulumi CLI does", () => {
        const withMain = tree({
            "Pulumi.yaml": "name: a\nruntime: nodejs\nmain: bin/\n",
            "bin/index.js": "",
            "index.ts": "",
        });
        assert.equal(locateProgram(withMain).entry, path.join(withMain, "bin", "index.js"));
        const withPkg = tree({
            "Pulumi.yaml": "name: b\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
            "package.json": JSON.stringify({ main: "src/main.js" }),
            "src/main.js": "",
        });
        assert.equal(locateProgram(withPkg).entry, path.join(withPkg, "src", "main.js"));
    });

    it("a file inside a project finds the project's Pulumi.yaml above it; ESM packages are marked", () => {
        const root = tree({
            "Pulumi.yaml": "name: esm-app\nruntime: nodejs\n",
            "package.json": JSON.stringify({ type: "module" }),
            "src/index.js": "",
        });
        const p = locateProgram("src/index.js", root);
        assert.equal(p.projectName, "esm-app");
        assert.equal(p.projectDir, root);
        assert.equal(p.esm, true);
    });

    it("says what is wrong: missing path, no entry, another runtime, a bad main", () => {
        assert.throws(() => locateProgram("nope", os.tmpdir()), /program nope does not exist/);
        assert.throws(
            () => locateProgram(tree({ "Pulumi.yaml": "name: x\nruntime: nodejs\n" })),
            /no program entry point/,
        );
        assert.throws(
            () => locateProgram(tree({ "Pulumi.yaml": "name: x\nruntime: python\n" })),
            /runtime is "python"; the offline check runs Node\.js programs/,
        );
        assert.throws(
            () => locateProgram(tree({ "Pulumi.yaml": "name: x\nruntime: nodejs\nmain: missing.js\n" })),
            /"main" is missing\.js, which does not exist/,
        );
        assert.throws(() => locateProgram(tree({ "Pulumi.yaml": "name: [x\n" })), /Pulumi\.yaml is not valid YAML/);
        assert.throws(() => locateProgram(path.join(tree({ "main.py": "" }), "main.py")), /extension "\.py"/);
    });
});
