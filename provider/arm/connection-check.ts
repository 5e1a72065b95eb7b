/**
 * What `check` refuses in a resolved connection stored in a dynamic resource's inputs. The resource
 * classes resolve it in the program (connection.ts); this catches inputs written some other way.
 */
import { type CheckFailure, known } from "../dynamic/check-inputs";
import { GUID } from "./connection";

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
    if (known(c.endpoint) && !(typeof c.endpoint === "string" && c.endpoint.startsWith("https://"))) {
        failures.push({
            property: "connection.endpoint",
            reason: `${JSON.stringify(c.endpoint)} must be an https URL`,
        });
    }
    return failures;
}
