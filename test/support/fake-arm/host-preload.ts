/**
 * Loaded into the dynamic-provider host with `node --require` by the tests: installs the loopback guard,
 * makes the providers use the fake ARM server's token (FAKE_ARM_TOKEN) instead of a real credential
 * (or a credential that never answers, for the tenant that asks for it), and with FAKE_ARM_CLOCK_LOG
 * runs every wait on a scripted clock that logs each wait to that file. It resolves the provider module
 * by package name, as the serialized providers do, so both share it.
 */
import { credentialFor } from "./credential";
import { installLoopbackGuard } from "./loopback-guard";
import { installProcessClock, scriptedClockLoggingTo } from "./scripted-clock";

installLoopbackGuard(process.env.LOOPBACK_GUARD_FILE);
const token = process.env.FAKE_ARM_TOKEN;
if (token !== undefined) {
    const providerModule = require.resolve("pulumi-azure-vm-patching/provider", { paths: [process.cwd()] });
    const provider = require(providerModule) as typeof import("../../../provider");
    provider.setCredentialFactory((connection) => credentialFor(connection, token));
}
const clockLog = process.env.FAKE_ARM_CLOCK_LOG;
if (clockLog !== undefined) installProcessClock(scriptedClockLoggingTo(clockLog));
