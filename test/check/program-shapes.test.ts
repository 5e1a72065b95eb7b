/**
 * The check on every program shape a Pulumi Node.js user has, generated in temp projects as a user's
 * would be: TypeScript with each module/moduleResolution pair on the oldest and newest TypeScript we
 * support (5.4, the repository's 5.9, the newest 6.x; each installed once per machine into a cache),
 * TypeScript ES modules, JavaScript ES modules (.mjs, "type": "module"), CommonJS, a compiled `main`.
 * Each program imports a module of its own the way its settings require, registers one VM that Azure
 * rejects (R3) and one component VM, and must reach exit 1 with exactly that finding, at the line of
 * the module that created the VM.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as TS from "typescript";
import { compilerOptionsFor, transpile } from "../../check/typescript-loader";
import { type CliRun, ROOT, runCli } from "./cli-run";

/** The oldest TypeScript supported, the newest 6.x; the repository's own (5.9) is already installed. */
const EXTRA_TYPESCRIPT = ["5.4.5", "6.0.3"] as const;
const TS_CACHE = path.join(os.tmpdir(), "azure-vm-patching-check-typescript");

/** A TypeScript version, installed once into the cache (npm, from the registry or its own cache). */
function typescriptDir(version: string): string {
    if (version === "repo") return path.join(ROOT, "node_modules", "typescript");
    const dir = path.join(TS_CACHE, version);
    const installed = path.join(dir, "node_modules", "typescript");
    if (!fs.existsSync(path.join(installed, "package.json"))) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), '{"private": true}\n');
        const npm = process.platform === "win32" ? "npm.cmd" : "npm";
        execFileSync(
            npm,
            ["install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", `typescript@${version}`],
            {
                cwd: dir,
                stdio: "ignore",
            },
        );
    }
    return installed;
}

const VM_MODULE = `
import * as compute from "@pulumi/azure-native/compute";
import { PatchedLinuxVirtualMachine } from "pulumi-azure-vm-patching/components";

export function declareVms(): void {
    new compute.VirtualMachine("manual-with-updates", {
        resourceGroupName: "rg",
        location: "westeurope",
        hardwareProfile: { vmSize: "Standard_D2s_v5" },
        networkProfile: { networkInterfaces: [{ id: "/subscriptions/x/nic", primary: true }] },
        storageProfile: {
            imageReference: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2019-Datacenter", version: "latest" },
            osDisk: { createOption: "FromImage" },
        },
        osProfile: {
            computerName: "manual",
            adminUsername: "azureadmin",
            adminPassword: "Shape-test-passw0rd",
            windowsConfiguration: { enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } },
        },
    });
    new PatchedLinuxVirtualMachine("component-linux", {
        resourceGroupName: "rg",
        vmSize: "Standard_D2s_v5",
        imageReference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
        adminUsername: "azureadmin",
        sshPublicKeys: [{ keyData: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTests test" }],
        networkInterfaceIds: ["/subscriptions/x/nic-2"],
    });
}
`;

/**
 * An ES module names a file, not a directory, in a package without an exports map (Node's rule, which
 * azure-native's subpaths follow): ES module programs import "@pulumi/azure-native/compute/index.js".
 */
const ESM_VM_MODULE = VM_MODULE.replace('"@pulumi/azure-native/compute"', '"@pulumi/azure-native/compute/index.js"');

/** The same module as JavaScript: ES module or CommonJS. */
function vmModuleJs(esm: boolean): string {
    const body = VM_MODULE.replace(/^import \* as compute .*$/m, "")
        .replace(/^import \{ PatchedLinuxVirtualMachine \} .*$/m, "")
        .replace("export function declareVms(): void {", "function declareVms() {");
    return esm
        ? `import * as compute from "@pulumi/azure-native/compute/index.js";\nimport { PatchedLinuxVirtualMachine } from "pulumi-azure-vm-patching/components";\n${body}\nexport { declareVms };\n`
        : `const compute = require("@pulumi/azure-native/compute");\nconst { PatchedLinuxVirtualMachine } = require("pulumi-azure-vm-patching/components");\n${body}\nmodule.exports = { declareVms };\n`;
}

interface Shape {
    readonly name: string;
    readonly files: Record<string, string>;
    /** TypeScript version ("repo": the repository's own), when the shape is TypeScript. */
    readonly typescript?: string;
}

function tsShape(name: string, version: string, module: string, resolution: string, importPath: string): Shape {
    return {
        name,
        typescript: version,
        files: {
            "package.json": JSON.stringify({ name: "shape", main: "index.ts" }),
            // As `pulumi new azure-typescript` writes it, with the pair under test.
            "tsconfig.json": JSON.stringify({
                compilerOptions: {
                    strict: true,
                    outDir: "bin",
                    target: "es2020",
                    module,
                    moduleResolution: resolution,
                    sourceMap: true,
                    experimentalDecorators: true,
                    forceConsistentCasingInFileNames: true,
                },
                files: ["index.ts"],
            }),
            "vms.ts": VM_MODULE,
            "index.ts": `import { declareVms } from "${importPath}";\ndeclareVms();\n`,
        },
    };
}

const SHAPES: readonly Shape[] = [
    tsShape("TS 6 commonjs / node10", "6.0.3", "commonjs", "node10", "./vms"),
    tsShape("TS 5.4 node16 / node16", "5.4.5", "node16", "node16", "./vms.js"),
    tsShape("TS 5.9 nodenext / nodenext (pulumi new)", "repo", "nodenext", "nodenext", "./vms.js"),
    tsShape("TS 5.4 esnext / bundler", "5.4.5", "esnext", "bundler", "./vms"),
    tsShape("TS 6 preserve / bundler", "6.0.3", "preserve", "bundler", "./vms"),
    {
        name: 'TS 6 ES module ("type": "module", nodenext, top-level await, import.meta)',
        typescript: "6.0.3",
        files: {
            "package.json": JSON.stringify({ name: "shape", type: "module", main: "index.ts" }),
            "tsconfig.json": JSON.stringify({
                compilerOptions: { module: "nodenext", target: "es2022", strict: true },
            }),
            "vms.ts": ESM_VM_MODULE,
            "index.ts": `import { declareVms } from "./vms.js";\nconst here: string = import.meta.url;\nawait Promise.resolve(here);\ndeclareVms();\n`,
        },
    },
    {
        name: "TS 5.4 .mts entry in a CommonJS package",
        typescript: "5.4.5",
        files: {
            "package.json": JSON.stringify({ name: "shape", main: "index.mts" }),
            "tsconfig.json": JSON.stringify({ compilerOptions: { module: "node16", strict: true } }),
            "vms.mts": ESM_VM_MODULE,
            "index.mts": `import { declareVms } from "./vms.mjs";\ndeclareVms();\n`,
        },
    },
    {
        name: 'JavaScript ES module ("type": "module")',
        files: {
            "package.json": JSON.stringify({ name: "shape", type: "module", main: "index.js" }),
            "vms.js": vmModuleJs(true),
            "index.js": `import { declareVms } from "./vms.js";\nawait Promise.resolve();\ndeclareVms();\n`,
        },
    },
    {
        name: "JavaScript .mjs entry",
        files: {
            "package.json": JSON.stringify({ name: "shape", main: "index.mjs" }),
            "vms.mjs": vmModuleJs(true),
            "index.mjs": `import { declareVms } from "./vms.mjs";\ndeclareVms();\n`,
        },
    },
    {
        name: "JavaScript CommonJS",
        files: {
            "package.json": JSON.stringify({ name: "shape", main: "index.js" }),
            "vms.js": vmModuleJs(false),
            "index.js": `const { declareVms } = require("./vms");\ndeclareVms();\n`,
        },
    },
    {
        name: "compiled main (package.json main: bin/index.js, sources beside it)",
        files: {
            "package.json": JSON.stringify({ name: "shape", main: "bin/index.js" }),
            "index.ts": "this TypeScript is not what runs: the compiled main is",
            "bin/vms.js": vmModuleJs(false),
            "bin/index.js": `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nconst vms_1 = require("./vms");\n(0, vms_1.declareVms)();\n//# sourceMappingURL=index.js.map\n`,
        },
    },
];

/** A user's project: its files, Pulumi.yaml, and node_modules with the packages it would install. */
function makeProject(shape: Shape): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-shape-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: shape\nruntime: nodejs\n");
    for (const [file, content] of Object.entries(shape.files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
    }
    const modules = path.join(dir, "node_modules");
    fs.mkdirSync(modules);
    fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi"), path.join(modules, "@pulumi"), "dir");
    fs.symlinkSync(ROOT, path.join(modules, "pulumi-azure-vm-patching"), "dir");
    if (shape.typescript) fs.symlinkSync(typescriptDir(shape.typescript), path.join(modules, "typescript"), "dir");
    return dir;
}

/** Runs the jobs at most `limit` at a time (the machine has two cores; each run is two processes). */
async function inParallel<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(
        Array.from({ length: limit }, async () => {
            while (next < jobs.length) {
                const i = next++;
                results[i] = await jobs[i]();
            }
        }),
    );
    return results;
}

describe("the check on every program shape", function () {
    this.timeout(400_000);
    const runs = new Map<string, CliRun>();
    let brokenTsconfig: CliRun;

    before(async () => {
        for (const version of EXTRA_TYPESCRIPT) typescriptDir(version);
        const broken = makeProject({
            ...tsShape("broken tsconfig", "repo", "nodenext", "nodenext", "./vms.js"),
        });
        fs.writeFileSync(path.join(broken, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "es2099" } }));
        const jobs = [
            ...SHAPES.map((shape) => async () => {
                runs.set(shape.name, await runCli(["--json", "-q", makeProject(shape)]));
            }),
            async () => {
                brokenTsconfig = await runCli(["-q", broken]);
            },
        ];
        await inParallel(jobs, 3);
    });

    for (const shape of SHAPES) {
        it(`${shape.name}: runs, exit 1 with exactly the R3 on the raw VM, the component's VM checked`, () => {
            const run = runs.get(shape.name);
            assert.ok(run);
            assert.equal(run.status, 1, run.stderr);
            const report = JSON.parse(run.stdout) as {
                projectDir: string;
                violations: {
                    name: string;
                    ruleId?: string;
                    level: string;
                    source?: { file: string; line: number };
                }[];
                resources: { name: string; type: string }[];
            };
            const mandatory = report.violations.filter((v) => v.level === "mandatory");
            assert.deepEqual(
                mandatory.map((v) => `${v.name} ${v.ruleId}`),
                ["manual-with-updates R3"],
            );
            // The finding points to the line in the program's own module that created the VM (the
            // TypeScript line for TypeScript, through its source map).
            const source = mandatory[0].source;
            assert.ok(source, "a source location");
            assert.match(source.file, /^(bin\/)?vms\.m?[jt]s$/);
            const lines = fs.readFileSync(path.join(report.projectDir, source.file), "utf8").split("\n");
            assert.match(lines[source.line - 1], /new compute\.VirtualMachine\("manual-with-updates"/);
            assert.ok(
                report.resources.some(
                    (r) => r.name === "component-linux" && r.type === "azure-native:compute:VirtualMachine",
                ),
            );
        });
    }

    it("a tsconfig TypeScript cannot read: exit 2, naming the file, the option and the fix (not a syntax error)", () => {
        assert.equal(brokenTsconfig.status, 2, brokenTsconfig.stderr);
        assert.match(brokenTsconfig.stderr, /tsconfig\.json cannot be read by TypeScript 5\.9/);
        assert.match(brokenTsconfig.stderr, /Argument for '--target' option must be/);
        assert.match(brokenTsconfig.stderr, /Fix: correct tsconfig\.json/);
        assert.doesNotMatch(brokenTsconfig.stderr, /syntax error/i);
    });

    describe("the transpile takes only what changes one file's JavaScript", () => {
        const PAIRS = [
            ["commonjs", "node10"],
            ["node16", "node16"],
            ["nodenext", "nodenext"],
            ["esnext", "bundler"],
            ["preserve", "bundler"],
        ] as const;
        for (const version of ["5.4.5", "repo", "6.0.3"]) {
            it(`TypeScript ${version}: every module/moduleResolution pair transpiles, in both formats`, () => {
                const ts = require(typescriptDir(version)) as typeof TS;
                for (const [module, moduleResolution] of PAIRS) {
                    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-tsconfig-"));
                    fs.writeFileSync(
                        path.join(dir, "tsconfig.json"),
                        JSON.stringify({
                            compilerOptions: { module, moduleResolution, target: "es2020", strict: true },
                        }),
                    );
                    const file = path.join(dir, "index.ts");
                    fs.writeFileSync(file, 'import { x } from "./x.js";\nexport const y: number = x + 1;\n');
                    const options = compilerOptionsFor(ts, dir);
                    assert.equal(options.module, undefined, "the project's module is not used");
                    assert.equal(options.moduleResolution, undefined, "nor its module resolution");
                    assert.match(transpile(ts, options, file, "commonjs"), /require\("\.\/x\.js"\)/);
                    assert.match(transpile(ts, options, file, "module"), /import \{ x \} from "\.\/x\.js"/);
                }
            });
        }
    });
});
