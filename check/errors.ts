/**
 * The errors the offline check reports to its user, each with the exit code the CLI ends with. They
 * carry a message written for the user (what was given, what is allowed, how to fix it): the CLI prints
 * the message alone, never a stack trace.
 */

/** Exit codes of `azure-vm-patching-check`; documented in its `--help` and docs/offline-check.md. */
export const EXIT = {
    /** Every resource was evaluated; no mandatory policy was violated (advisory ones may have been). */
    ok: 0,
    /** At least one mandatory policy was violated. */
    mandatoryViolation: 1,
    /** Bad arguments, a missing program, an unreadable config or pack-config file. */
    usage: 2,
    /** The Pulumi program failed under the mocks (it threw, or a resource could not be registered). */
    programFailed: 3,
    /** The policy pack could not be started or failed while evaluating. */
    policyPackFailed: 4,
    /** The check hit a limit before it could finish: its timeout, or the machine's memory. */
    limitReached: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error in what the user asked for (arguments, files): exit code 2. */
export class UsageError extends Error {
    readonly exitCode: ExitCode = EXIT.usage;
    override readonly name = "UsageError";
}

/** The user's Pulumi program failed while running under the mocks: exit code 3. */
export class ProgramError extends Error {
    readonly exitCode: ExitCode = EXIT.programFailed;
    override readonly name = "ProgramError";
}

/** The policy pack failed: exit code 4. */
export class PolicyPackError extends Error {
    readonly exitCode: ExitCode = EXIT.policyPackFailed;
    override readonly name = "PolicyPackError";
}

/** The check ran out of time or memory: exit code 5 (a limit of the run, not a finding). */
export class LimitError extends Error {
    readonly exitCode: ExitCode = EXIT.limitReached;
    override readonly name = "LimitError";
}

/** The check was stopped by a signal (SIGINT, SIGTERM); the CLI exits with 128 + the signal's number. */
export class InterruptedError extends Error {
    override readonly name = "InterruptedError";
    constructor(readonly signal: NodeJS.Signals) {
        super(`stopped by ${signal}; the program and the policy pack were ended.`);
    }
}
