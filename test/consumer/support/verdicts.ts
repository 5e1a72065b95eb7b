/**
 * Verdicts on the fleet example, to compare packs: the repository's pack (policies/) run by the
 * repository's offline check is the reference.
 */
import * as path from "node:path";
import { runOfflineCheck } from "../../../check/offline-check";
import { RECOMMENDATIONS_POLICY, SETTINGS_POLICY } from "../../../policies/policies";
import { ROOT } from "./workspace";

export const FLEET = path.join(ROOT, "examples", "fleet");

interface ViolationLike {
    readonly name: string;
    readonly policy: string;
    readonly ruleId?: string;
    readonly level: string;
    readonly message: string;
}

/** The library's policies' violations, in a stable order (a composed pack's other policies left out). */
export function verdictsOf(violations: readonly ViolationLike[]): string[] {
    return violations
        .filter((v) => v.policy === SETTINGS_POLICY || v.policy === RECOMMENDATIONS_POLICY)
        .map((v) => `${v.name} | ${v.policy} | ${v.ruleId ?? "-"} | ${v.level} | ${v.message}`)
        .sort();
}

/** The fleet example through a pack directory, with the repository's offline check. */
export async function fleetVerdictsWith(policyPackDir: string): Promise<ViolationLike[]> {
    const result = await runOfflineCheck({
        program: FLEET,
        configPairs: ["adminPassword=Offline-check-only-1"],
        policyPackDir,
    });
    return [...result.violations];
}

let reference: Promise<string[]> | undefined;
/** The repository's pack on the fleet example. */
export function repositoryFleetVerdicts(): Promise<string[]> {
    reference ??= fleetVerdictsWith(path.join(ROOT, "policies")).then(verdictsOf);
    return reference;
}
