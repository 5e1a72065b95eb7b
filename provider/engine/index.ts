/**
 * The Pulumi engine's protocol as this package meets it: property values on the wire and the Log
 * service. The lowest part allowed to import Pulumi (the providers) holds these adapters; the
 * components and the offline check import them from here (docs/architecture.md).
 */
export {
    type EngineClient,
    type EngineMessages,
    engineGrpc,
    engineMessages,
    hostEngineAddress,
    logToEngine,
} from "./log-service";
export { engineSecret, isEngineSecret, SECRET_SIG, SPECIAL_SIG_KEY, UNKNOWN_VALUE } from "./wire-values";
