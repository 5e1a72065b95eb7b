/**
 * Requests go to the configured ARM endpoint and nowhere else. The SDK's long-running-operation poller
 * follows whatever operation-status URL an answer names; a URL on another origin would receive the
 * bearer token with every poll. Such a request is refused before it is sent.
 */
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { ArmAnswerError } from "./answers";
import { displayUrl } from "./redact";

export function endpointOriginPolicy(endpoint: string): PipelinePolicy {
    const origin = new URL(endpoint).origin;
    return {
        name: "pulumiAzureVmPatchingEndpointOrigin",
        async sendRequest(request, next) {
            const target = new URL(request.url);
            if (target.origin !== origin) {
                throw new ArmAnswerError(
                    "other-origin",
                    `ARM named ${displayUrl(request.url)} as the next address to ask (${request.method}), which is not the configured endpoint ${origin}. It was not asked, so the Azure AD token was not sent there. If Resource Manager really answers at ${target.origin}, set \`endpoint\` to it.`,
                );
            }
            return next(request);
        },
    };
}
