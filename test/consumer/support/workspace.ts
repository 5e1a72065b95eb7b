/**
 * The library as a user outside this repository meets it: packed from the working tree (`npm pack`) and
 * installed from that tarball and the registry, shared by the consumer tests (each step starts once, on
 * first use; installs two at a time, on one npm cache, so the suite stays within minutes on two cores).
 *
 * - `app`: examples/fleet copied out and installed with the line its README gives: Pulumi's current
 *   `azure-typescript` template (nodenext). Beside the example: `consumer.ts`, a program that uses every
 *   entry point, and `policy/`, a team's own pack (the library's policies next to its own);
 * - `classic`: a project made from the template before 2026 (commonjs, moduleResolution node) with the
 *   same dependencies (its node_modules is app's: only its tsconfig differs);
 * - TypeScript's lowest and highest supported versions, each installed once on its own, type-check
 *   app's programs under every moduleResolution setting;
 * - the standalone pack as `pulumi policy publish` uploads it, unpacked into an empty directory and
 *   installed as an enforcing machine does (`npm install`);
 * - a git install of a tagged repository holding the working tree.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "./commands";

export const ROOT = path.resolve(__dirname, "..", "..", "..", "..");

/** The TypeScript range the library supports, its ends tested here (README: Compatibility). */
export const TS_LOWEST = "5.4.5";
export const TS_HIGHEST = "6.0.3";

/** The moduleResolution settings a Pulumi TypeScript project may have, with the module setting each needs. */
export const RESOLUTIONS = {
    node10: { module: "commonjs", moduleResolution: "node" },
    node16: { module: "node16", moduleResolution: "node16" },
    nodenext: { module: "nodenext", moduleResolution: "nodenext" },
    bundler: { module: "esnext", moduleResolution: "bundler" },
} as const;
export type Resolution = keyof typeof RESOLUTIONS;

const rootManifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
export const LIBRARY_VERSION = rootManifest.version;

let tempRoot: string | undefined;
/** One temporary directory for every consumer test in this process, removed when it ends. */
export function workspace(): string {
    if (!tempRoot) {
        tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), "avp-consumer-"));
        const dir = tempRoot;
        // Removed by a detached `rm` once this process exits: the installs hold hundreds of thousands of
        // files, and deleting them in the exit handler kept mocha from exiting for 25 to 60 s after
        // the last test. (The tests run where `rm` is: Linux CI and development machines.)
        process.once("exit", () => spawn("rm", ["-rf", dir], { detached: true, stdio: "ignore" }).unref());
    }
    return tempRoot;
}

export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
    for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), content);
    }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 4)}\n`;

/** At most two installs at a time: more only contend for the two cores and the disk. */
let installsRunning = 0;
const waiting: (() => void)[] = [];
async function installSlot<T>(install: () => Promise<T>): Promise<T> {
    if (installsRunning >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
    installsRunning++;
    try {
        return await install();
    } finally {
        installsRunning--;
        waiting.shift()?.();
    }
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
    let promise: Promise<T> | undefined;
    return () => {
        promise ??= make();
        return promise;
    };
}

/**
 * The tarball `npm pack` makes of the working tree. `--ignore-scripts` because `npm test` has just built
 * dist/ (the `prepare` script would build the same files again).
 */
export const libraryTarball = once(async () => {
    const dir = path.join(workspace(), "tarballs");
    fs.mkdirSync(dir, { recursive: true });
    const { stdout } = await run("npm", ["pack", ROOT, "--ignore-scripts", "--json", "--pack-destination", dir], {
        cwd: dir,
    });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    return { file: path.join(dir, packed.filename), files: packed.files.map((f) => f.path) };
});

/** A Pulumi program that uses every entry point; a raw VM breaks R3 so the offline check has a verdict. */
export const PROGRAM = `import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_IMAGE_CATALOG } from "pulumi-azure-vm-patching";
import { PatchedWindowsVirtualMachine } from "pulumi-azure-vm-patching/components";
import type { AzureVmPatchingArgs } from "pulumi-azure-vm-patching/policies";
import { PatchAssessment } from "pulumi-azure-vm-patching/provider";
import { PATCH_MODES } from "pulumi-azure-vm-patching/rules";

const config = new pulumi.Config();

const vm = new PatchedWindowsVirtualMachine("app", {
    resourceGroupName: "rg-app",
    vmSize: "Standard_D2s_v5",
    imageReference: {
        publisher: "MicrosoftWindowsServer",
        offer: "WindowsServer",
        sku: "2022-datacenter-azure-edition-core",
        version: "latest",
    },
    adminUsername: "azureadmin",
    adminPassword: config.requireSecret("adminPassword"),
    subnetId: "/subscriptions/0/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet/subnets/vms",
    patching: { rebootSetting: "IfRequired" },
});

export const assessment = new PatchAssessment("app", {
    resourceGroupName: "rg-app",
    vmName: vm.virtualMachine.name,
    subscriptionId: "00000000-0000-0000-0000-000000000000",
}).status;

// Written by hand, and wrong: Manual patching with automatic updates on (R3).
new compute.VirtualMachine("legacy", {
    resourceGroupName: "rg-app",
    hardwareProfile: { vmSize: "Standard_D2s_v5" },
    storageProfile: {
        imageReference: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2019-Datacenter", version: "latest" },
    },
    osProfile: {
        computerName: "legacy",
        adminUsername: "azureadmin",
        adminPassword: config.requireSecret("adminPassword"),
        windowsConfiguration: { enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } },
    },
});

// The library's types are real types, not \`any\`: these must be refused.
// @ts-expect-error "Sometimes" is no patch mode.
export const wrongArgs: AzureVmPatchingArgs = { allowedPatchModes: ["Sometimes"] };
// @ts-expect-error a subpath the package does not export.
export type Missing = typeof import("pulumi-azure-vm-patching/no-such-entry");

export const patchMode = vm.patchMode;
export const catalogEntries = DEFAULT_IMAGE_CATALOG.length;
export const windowsModes = PATCH_MODES.Windows;
`;

/** A team's own policy pack: the library's policies next to one of its own. */
export const USER_PACK = `import { PolicyPack, type ResourceValidationPolicy } from "@pulumi/policy";
import { azureVmPatchingPolicies } from "pulumi-azure-vm-patching/policies";

const ownerTag: ResourceValidationPolicy = {
    name: "contoso-vm-owner-tag",
    description: "Every VM names its owner in a tag.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type === "azure-native:compute:VirtualMachine" && !args.props.tags?.owner) {
            reportViolation("VMs need an owner tag.");
        }
    },
};

new PolicyPack("contoso-azure", {
    policies: [...azureVmPatchingPolicies(), ownerTag],
});
`;

export const USER_POLICY_NAME = "contoso-vm-owner-tag";

/** Every Azure Pulumi program has these: what tsc reports for them alone is not the library's doing. */
export const CONTROL_PROGRAM = `import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";

export const vm = new compute.VirtualMachine("control", { resourceGroupName: new pulumi.Config().require("rg") });
`;

/** Compiler options of Pulumi's templates (azure-typescript), with the module settings of each resolution. */
export function templateCompilerOptions(resolution: Resolution, typescript: string): Record<string, unknown> {
    return {
        strict: true,
        outDir: "bin",
        target: "es2020",
        ...RESOLUTIONS[resolution],
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
        // TypeScript 6 deprecates moduleResolution node10 (error TS5107 unless silenced): what a classic
        // project on TypeScript 6 must add (README: Troubleshooting).
        ...(resolution === "node10" && typescript.startsWith("6.") ? { ignoreDeprecations: "6.0" } : {}),
    };
}

/** A TypeScript version installed on its own, its tsc run against the consumer projects. */
function typescriptCompiler(version: string) {
    return once(() =>
        installSlot(async () => {
            const dir = path.join(workspace(), `typescript-${version}`);
            writeFiles(dir, { "package.json": json({ name: `typescript-${version}`, private: true }) });
            await run("npm", ["install", `typescript@${version}`], { cwd: dir });
            const typescript = path.join(dir, "node_modules", "typescript");
            return { version, typescript, tsc: path.join(typescript, "bin", "tsc") };
        }),
    );
}
export const lowestTypeScript = typescriptCompiler(TS_LOWEST);
export const highestTypeScript = typescriptCompiler(TS_HIGHEST);

/**
 * examples/fleet copied out of the repository and installed with the line its README gives, with a
 * program using every entry point and a team's policy pack beside it.
 */
export const appProject = once(async () => {
    const { file } = await libraryTarball();
    const dir = path.join(workspace(), "app");
    fs.cpSync(path.join(ROOT, "examples", "fleet"), dir, { recursive: true });
    const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    const installLine = readme.match(/^npm install (\S*pulumi-azure-vm-patching-\S*\.tgz)\b.*$/m)?.[0];
    if (!installLine) throw new Error("examples/fleet/README.md gives no `npm install <tarball>` line");
    writeFiles(dir, {
        "consumer.ts": PROGRAM,
        "control.ts": CONTROL_PROGRAM,
        "policy/PulumiPolicy.yaml": "runtime: nodejs\ndescription: Contoso's Azure policies\n",
        "policy/package.json": json({ name: "contoso-azure-policies", version: "1.0.0", main: "bin/index.js" }),
        // skipLibCheck: @pulumi/policy 1.21's own index.d.ts fails without it (README: Troubleshooting).
        "policy/tsconfig.json": json({
            compilerOptions: { ...templateCompilerOptions("nodenext", "5"), skipLibCheck: true },
            files: ["index.ts"],
        }),
        "policy/index.ts": USER_PACK,
    });
    await installSlot(() => run("npm", ["install", file], { cwd: dir, timeoutMs: 480_000 }));
    // The team builds its pack as any TypeScript pack (the offline check runs built packs).
    await run(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "policy"], {
        cwd: dir,
    });
    return { dir, installLine };
});

/** A project made from the classic template, on app's dependencies (its node_modules is app's). */
export const classicProject = once(async () => {
    const app = await appProject();
    const dir = path.join(workspace(), "classic");
    writeFiles(dir, {
        "Pulumi.yaml": "name: classic\nruntime: nodejs\ndescription: A consumer of pulumi-azure-vm-patching\n",
        "package.json": json(
            (() => {
                const manifest = JSON.parse(fs.readFileSync(path.join(app.dir, "package.json"), "utf8"));
                return {
                    name: "classic",
                    main: "index.ts",
                    dependencies: manifest.dependencies,
                    devDependencies: manifest.devDependencies,
                };
            })(),
        ),
        "tsconfig.json": json({
            compilerOptions: { ...templateCompilerOptions("node10", "5") },
            files: ["index.ts"],
        }),
        "index.ts": PROGRAM,
    });
    fs.symlinkSync(path.join(app.dir, "node_modules"), path.join(dir, "node_modules"), "dir");
    return { dir };
});

/**
 * The standalone pack (policies/) as `pulumi policy publish` uploads it: `npm run vendor`, then
 * `npm pack --loglevel=error` in the pack's directory (what the CLI runs; it reads the tarball's name
 * from stdout), unpacked into an empty directory and installed with `npm install` (what an enforcing
 * machine runs), from the registry and what the pack carries.
 */
export const publishedPack = once(async () => {
    const packDir = path.join(ROOT, "policies");
    // The library's dist/ is built by `npm test`; its prepare script need not build it again.
    await run("npm", ["run", "vendor"], { cwd: packDir, env: { npm_config_ignore_scripts: "true" } });
    const upload = path.join(workspace(), "upload");
    fs.mkdirSync(upload, { recursive: true });
    const { stdout } = await run("npm", ["pack", "--loglevel=error", "--pack-destination", upload], { cwd: packDir });
    const tarball = path.join(upload, stdout.trim());
    if (!fs.existsSync(tarball))
        throw new Error(`npm pack's stdout is not the tarball's name: ${JSON.stringify(stdout)}`);
    const installed = path.join(workspace(), "enforcing-machine");
    fs.mkdirSync(installed, { recursive: true });
    await run("tar", ["xzf", tarball, "-C", installed], { cwd: installed });
    const dir = path.join(installed, "package");
    await installSlot(() => run("npm", ["install", "--loglevel=error"], { cwd: dir, timeoutMs: 480_000 }));
    return { dir, stdout };
});
/**
 * `npm install git+file://...#v<version>` of a repository holding the working tree's files (a tag, as
 * a team installs a library before it is on a registry): npm clones it, installs its devDependencies,
 * runs its `prepare` script (the build) and installs what `npm pack` would ship.
 */
export const gitInstall = once(async () => {
    const repo = path.join(workspace(), "repo");
    const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
        cwd: ROOT,
    });
    for (const file of stdout.split("\0").filter(Boolean)) {
        const from = path.join(ROOT, file);
        if (!fs.existsSync(from)) continue; // deleted in the working tree
        fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
        fs.copyFileSync(from, path.join(repo, file));
    }
    const git = (...args: string[]) =>
        run("git", ["-c", "user.name=consumer-test", "-c", "user.email=consumer-test@localhost", ...args], {
            cwd: repo,
        });
    await git("init", "-q");
    await git("add", "-A");
    await git("commit", "-q", "-m", "the working tree");
    await git("tag", `v${LIBRARY_VERSION}`);
    const dir = path.join(workspace(), "git-consumer");
    writeFiles(dir, { "package.json": json({ name: "git-consumer", private: true }) });
    await installSlot(() =>
        run("npm", ["install", `git+file://${repo}#v${LIBRARY_VERSION}`], { cwd: dir, timeoutMs: 540_000 }),
    );
    return { dir, library: path.join(dir, "node_modules", "pulumi-azure-vm-patching") };
});

/**
 * Starts every install at once (the git install first: it is the longest, a clone that installs the
 * development dependencies and builds); the tests then find them done or under way.
 */
export function startInstalls(): void {
    for (const step of [gitInstall, appProject, lowestTypeScript, highestTypeScript, publishedPack, classicProject]) {
        step().catch(() => {}); // each test that needs a step awaits it and reports its failure.
    }
}
