/**
 * What every dynamic-provider family here shares: schema versions of stored state, what `check` sees
 * (unknown values, failures by property path) and how `diff` compares stored values with new ones.
 */
export { type CheckFailure, known, UNKNOWN } from "./check-inputs";
export { sameName, sameValue } from "./compare";
export { readStoredVersion } from "./stored-state";
