/**
 * What `check` refuses in the inputs of the feature-registration resources, before anything reaches
 * Azure: each problem with its property path. Values not known yet (preview) are never a problem.
 */
import { connectionProblems, timeoutsProblems } from "../arm";
import { type CheckFailure, known } from "../dynamic";

const NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;
const FEATURE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function nameProblems(namespace: unknown, name: unknown, nameProperty: string | undefined): CheckFailure[] {
    const failures: CheckFailure[] = [];
    if (known(namespace) && !(typeof namespace === "string" && NAMESPACE.test(namespace))) {
        failures.push({
            property: "namespace",
            reason: `${JSON.stringify(namespace)} is not a resource provider namespace; write it like Microsoft.Compute`,
        });
    }
    if (nameProperty !== undefined && known(name) && !(typeof name === "string" && FEATURE_NAME.test(name))) {
        failures.push({
            property: nameProperty,
            reason: `${JSON.stringify(name)} is not a feature name (letters, digits, '.', '_', '-'), e.g. InGuestPatchVMPreview`,
        });
    }
    return failures;
}

export function checkFeatureInputs(news: Record<string, unknown>): CheckFailure[] {
    const failures = [
        ...connectionProblems(news.connection),
        ...nameProblems(news.namespace, news.featureName, "featureName"),
        ...timeoutsProblems(news.timeouts).map(([property, reason]) => ({ property, reason })),
    ];
    if (
        news.unregisterOnDelete !== undefined &&
        known(news.unregisterOnDelete) &&
        typeof news.unregisterOnDelete !== "boolean"
    ) {
        failures.push({
            property: "unregisterOnDelete",
            reason: `${JSON.stringify(news.unregisterOnDelete)} must be true or false`,
        });
    }
    return failures;
}

export function checkProviderInputs(news: Record<string, unknown>): CheckFailure[] {
    return [
        ...connectionProblems(news.connection),
        ...nameProblems(news.namespace, undefined, undefined),
        ...timeoutsProblems(news.timeouts).map(([property, reason]) => ({ property, reason })),
    ];
}
