// The file run-policy-pack loads (package.json "main"). The pack is TypeScript (index.ts); its
// JavaScript comes from one of two builds of the same sources:
// - in a clone of pulumi-azure-vm-patching, the repository's `npm run build` (root tsc) writes
//   ../dist/policies, so the pack runs after the set-up with no build of its own;
// - a published pack (npm pack / pulumi policy publish) carries bin/, built by its prepack script.
const fs = require("node:fs");
const path = require("node:path");

const repositoryBuild = path.join(__dirname, "..", "dist", "policies", "index.js");
const ownBuild = path.join(__dirname, "bin", "index.js");
const isRepositoryClone = fs.existsSync(path.join(__dirname, "..", "rules", "index.ts"));

if (isRepositoryClone && fs.existsSync(repositoryBuild)) {
    require(repositoryBuild);
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
