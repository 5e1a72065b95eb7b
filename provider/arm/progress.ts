/**
 * Progress messages from inside the dynamic-provider host. `pulumi.log` does not reach the engine there
 * (the host never sets PULUMI_NODEJS_ENGINE; it gets the engine address as its first argument), so
 * this sends Log requests to that address itself, attached to the resource's URN when one is known.
 * Outside the host (scripts, tests), messages go to stderr.
 */
import { logToEngine } from "../engine";
import { redactSecrets } from "./redact";
import type { Progress } from "./wait";

/**
 * A Progress that reports to the engine (info severity, attached to the URN when known, so the CLI shows
 * it under that resource) or to stderr.
 */
export function engineProgress(urn: string | undefined): Progress {
    // Progress may quote ARM (a retry's reason): redacted like every error message.
    return (text: string) => logToEngine("info", redactSecrets(text), urn);
}
