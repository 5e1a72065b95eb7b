// The file run-policy-pack loads (package.json "main"). The pack is TypeScript (index.ts); its
// JavaScript comes from one of two builds of the same sources:
// - ../dist/policies: the root package's build. It is there in a clone after `npm run build` at the
//   repository root, and in an installed pulumi-azure-vm-patching package
//   (`--policy-pack node_modules/pulumi-azure-vm-patching/policies`), so neither needs a build of its own;
// - bin/: a pack published on its own (npm pack / pulumi policy publish), built by its prepack script.
const fs = require("node:fs");
const path = require("node:path");

const packageBuild = path.join(__dirname, "..", "dist", "policies", "index.js");
const ownBuild = path.join(__dirname, "bin", "index.js");
const isRepositoryClone = fs.existsSync(path.join(__dirname, "..", "rules", "index.ts"));

if (fs.existsSync(packageBuild)) {
    require(packageBuild);
} else if (fs.existsSync(ownBuild)) {
    require(ownBuild);
} else {
    console.error(
        isRepositoryClone
            ? "The policy pack is not built: run `npm ci && npm run build` at the repository root."
            : "The policy pack is not built: run `npm install && npm run build` in the pack's directory.",
    );
    process.exit(1);
}
