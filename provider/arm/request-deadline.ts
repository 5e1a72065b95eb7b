/**
 * Every request of an operation, including the polls a long-running operation's poller sends on its
 * own (they take no abort signal from the caller), ends by the request timeout and by the operation's
 * deadline, whichever comes first: the policy aborts it. The abort signal also reaches getToken.
 */
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/** @param allowedMs how long a request may take now (the request timeout, capped by the deadline). */
export function requestDeadlinePolicy(allowedMs: () => number): PipelinePolicy {
    return {
        name: "pulumiAzureVmPatchingRequestDeadline",
        sendRequest(request, next) {
            const limit = AbortSignal.timeout(Math.max(1, Math.ceil(allowedMs())));
            const own = request.abortSignal as AbortSignal | undefined;
            request.abortSignal = own === undefined ? limit : AbortSignal.any([own, limit]);
            return next(request);
        },
    };
}
