/**
 * What every dynamic-provider family here shares: the serialized provider that forwards to the host
 * entry, schema versions of stored state, what `check` sees (unknown values, failures by property path)
 * and how `diff` compares stored values with new ones.
 */
export { type CheckFailure, known, UNKNOWN } from "./check-inputs";
export { sameName, sameValue } from "./compare";
export { forwardingProvider, type HostHandlersName } from "./forwarding-provider";
export { readStoredVersion } from "./stored-state";
