/**
 * `npm run demo`: the offline check on the fleet example, whose four non-compliant VMs are deliberate.
 * Exit code 1 (mandatory violations) is the expected outcome there, so the demo explains it and ends
 * with 0; any other failure keeps its code.
 */
import * as path from "node:path";
import { main } from "./cli";
import { EXIT } from "./errors";

const FLEET = path.join(__dirname, "..", "..", "examples", "fleet");

async function demo(): Promise<number> {
    // The password is a placeholder: the check never deploys anything.
    const code = await main([FLEET, "--config", "adminPassword=Demo-only-Passw0rd", ...process.argv.slice(2)]);
    if (code !== EXIT.mandatoryViolation) return code;
    process.stdout.write(
        "\nThe check exited with code 1, as intended: the fleet example's four non-compliant VMs are deliberate " +
            "(examples/fleet/README.md). In CI, that exit code fails the job before `pulumi up`.\n",
    );
    return EXIT.ok;
}

demo().then((code) => {
    process.exitCode = code;
});
