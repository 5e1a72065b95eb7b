/**
 * What `check` refuses in a resolved connection stored in a dynamic resource's inputs. The resource
 * classes resolve it in the program (connection.ts); this catches inputs written some other way, with
 * the same rules and the same care never to repeat a credential.
 */
import { type CheckFailure, known } from "../dynamic/check-inputs";
import { caCertificateProblem, GUID, httpsUrlProblem } from "./connection";

export function connectionProblems(connection: unknown): CheckFailure[] {
    if (!known(connection)) return [];
    if (typeof connection !== "object" || connection === null) {
        return [
            {
                property: "connection",
                reason: "is missing; construct the resource through its class, which resolves it",
            },
        ];
    }
    const c = connection as Record<string, unknown>;
    const failures: CheckFailure[] = [];
    if (known(c.subscriptionId) && !(typeof c.subscriptionId === "string" && GUID.test(c.subscriptionId))) {
        failures.push({
            property: "connection.subscriptionId",
            reason: `${JSON.stringify(c.subscriptionId)} is not a subscription id (a GUID)`,
        });
    }
    for (const key of ["endpoint", "authorityHost"] as const) {
        const value = c[key];
        if (!known(value) || (key === "authorityHost" && value === undefined)) continue;
        const problem = typeof value === "string" ? httpsUrlProblem(value) : "must be an https URL";
        if (problem !== undefined) failures.push({ property: `connection.${key}`, reason: problem });
    }
    if (known(c.caCertificate) && c.caCertificate !== undefined) {
        const problem =
            typeof c.caCertificate === "string" ? caCertificateProblem(c.caCertificate) : "must be PEM text";
        if (problem !== undefined) failures.push({ property: "connection.caCertificate", reason: problem });
    }
    return failures;
}
