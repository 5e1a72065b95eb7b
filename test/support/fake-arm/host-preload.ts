/**
 * Loaded into the dynamic-provider host with `node --require` by the tests: installs the loopback guard
 * and makes the providers use the fake ARM server's token (FAKE_ARM_TOKEN) instead of a real credential.
 * It resolves the provider module by package name, as the serialized providers do, so both share it.
 */
import { StaticTokenCredential } from "./credential";
import { installLoopbackGuard } from "./loopback-guard";

installLoopbackGuard(process.env.LOOPBACK_GUARD_FILE);
const token = process.env.FAKE_ARM_TOKEN;
if (token !== undefined) {
    const providerModule = require.resolve("pulumi-azure-vm-patching/provider", { paths: [process.cwd()] });
    const provider = require(providerModule) as typeof import("../../../provider");
    provider.setCredentialFactory(() => new StaticTokenCredential(token));
}
