// The `azure-vm-patching` policy pack: the policies of pulumi-azure-vm-patching/policies, as any team's
// pack would use them (docs/policy-pack.md). run-policy-pack loads this file (package.json "main").
// It resolves the library as an installed package: in a clone of the repository through the root's
// node_modules (the build, `npm run build`, makes its dist/); in a published pack from the copy of the
// library the pack carries (vendor/, made by its prepack script); inside an installed library (the
// offline check's default pack) from the library itself.
let library;
try {
    library = require("pulumi-azure-vm-patching/policies");
} catch (error) {
    if (error?.code !== "MODULE_NOT_FOUND") throw error;
    console.error(
        `The azure-vm-patching policy pack cannot load its library (${error.message.split("\n")[0]}). ` +
            "In a clone of pulumi-azure-vm-patching: run `npm ci` at the repository root (it builds dist/). " +
            "In a published pack: run `npm install` in the pack's directory.",
    );
    process.exit(1);
}

new library.AzureVmPatchingPack();
