/**
 * Generic Azure Resource Manager plumbing shared by the provider families: where and as whom to
 * connect, the SDK clients, what an ARM error means, deadlines and retried calls, user timeouts, and
 * progress messages from inside the dynamic-provider host. Nothing here knows a feature or a VM.
 */
export { ArmAnswerError, type ArmAnswers, describeBody, excerptOf, requiredField } from "./answers";
export {
    type ArmClients,
    type CredentialFactory,
    createArmClients,
    type RequestLimits,
    setCredentialFactory,
} from "./clients";
export { type Clock, processClock, systemClock } from "./clock";
export {
    type ArmConnection,
    type ArmConnectionArgs,
    AZURE_CLOUDS,
    type AzureCloud,
    ConnectionArgumentError,
    type ConnectionDefaults,
    CREDENTIAL_KINDS,
    type CredentialKind,
    type CredentialSettings,
    resolveArmConnection,
} from "./connection";
export { connectionProblems } from "./connection-check";
export { awaitLongRunning, type LongRunningOperation, type SteppablePoller } from "./long-running";
export { resolveConnectionInProgram } from "./program-connection";
export { engineProgress } from "./progress";
export { displayUrl, redactSecrets } from "./redact";
export { DEFAULT_TIMEOUTS, type TimeoutsArgs, timeoutsProblems, type WaitTiming, waitTiming } from "./timeouts";
export {
    ArmOperationError,
    backoffDelay,
    callArm,
    Deadline,
    type Progress,
    seconds,
    startOperation,
    type WaitContext,
} from "./wait";
