/**
 * What `check` refuses in a PatchAssessment's inputs, before anything reaches Azure: each problem with
 * its property path. Values not known yet (preview) are never a problem.
 */
import { connectionProblems, timeoutsProblems } from "../arm";
import { type CheckFailure, known } from "../dynamic";

type Props = Record<string, unknown>;

const RESOURCE_NAME = /^[-\w._()]{1,90}$/;

export function checkAssessmentInputs(news: Props): CheckFailure[] {
    const failures = connectionProblems(news.connection);
    for (const key of ["resourceGroupName", "vmName"] as const) {
        const v = news[key];
        if (known(v) && !(typeof v === "string" && RESOURCE_NAME.test(v))) {
            failures.push({ property: key, reason: `${JSON.stringify(v)} is not an Azure resource name` });
        }
    }
    const t = news.triggers;
    if (t !== undefined && known(t) && (typeof t !== "object" || t === null || Array.isArray(t))) {
        failures.push({ property: "triggers", reason: "must be a map of names to strings" });
    }
    failures.push(...timeoutsProblems(news.timeouts).map(([property, reason]) => ({ property, reason })));
    return failures;
}
