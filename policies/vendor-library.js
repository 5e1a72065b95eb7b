// `npm run vendor`: the published pack's copy of the library. `pulumi policy publish` packs this
// directory with `npm pack`, and every enforcing machine installs it with `npm install` from what it
// names alone: the library comes from vendor/pulumi-azure-vm-patching.tgz, packed here from this clone
// (so the pack enforces exactly this version's rules), its dependencies from the registry.
// It is not a prepack script on purpose: npm prints a lifecycle script's banner on stdout, where the
// Pulumi CLI reads the name of the tarball `npm pack` made, and the publish would fail.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const vendor = path.join(__dirname, "vendor");
const target = path.join(vendor, "pulumi-azure-vm-patching.tgz");
const npm = process.env.npm_execpath;
if (!npm) {
    console.error("Run it as `npm run vendor` in the pack's directory.");
    process.exit(2);
}

fs.rmSync(vendor, { recursive: true, force: true });
fs.mkdirSync(vendor);
// `npm pack <dir>` runs the library's prepare script, which builds its dist/.
const packed = JSON.parse(
    execFileSync(process.execPath, [npm, "pack", path.join(__dirname, ".."), "--json", "--pack-destination", vendor], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    }),
);
fs.renameSync(path.join(vendor, packed[0].filename), target);
console.error(`vendored ${packed[0].id} as ${path.relative(__dirname, target)}`);
