/**
 * What ARM answered, named for what it is. An answer that is not ARM's JSON (an HTML sign-in or proxy
 * page, a garbled or truncated body, an empty body where a resource was expected, a redirect the client
 * does not follow) becomes an ArmAnswerError that says what came back and what to check, instead of
 * reading as a feature state or "ARM refused ... (302): ". Each answer of an operation is also kept
 * (status, Retry-After, a short redacted excerpt) so that waits and results can quote ARM.
 */
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { retryAfterMs } from "./errors";
import { displayUrl, redactSecrets } from "./redact";

export type ArmAnswerKind =
    /** An HTML page: a proxy, firewall or sign-in page answered instead of ARM. */
    | "html"
    /** A body that is not JSON (garbled, truncated) or empty where ARM always sends one. */
    | "not-json"
    /** JSON without the field the operation needs (e.g. a feature without properties.state). */
    | "incomplete"
    /** A redirect: never followed (ARM does not redirect, and the token must not follow one). */
    | "redirect"
    /** A request to an origin other than the configured endpoint, refused before it was sent. */
    | "other-origin";

/** An answer that is not what ARM sends; the message is complete and meant for the user. */
export class ArmAnswerError extends Error {
    constructor(
        readonly kind: ArmAnswerKind,
        message: string,
        readonly status?: number,
        readonly retryAfterMs?: number,
    ) {
        super(redactSecrets(message));
        this.name = "ArmAnswerError";
    }
}

/** One answer, as messages may quote it. */
export interface ArmAnswer {
    /** e.g. `GET /subscriptions/.../features/X` (no query: it may carry a signature). */
    readonly request: string;
    readonly status: number;
    readonly retryAfterMs?: number;
    /** The start of the body, redacted, on one line; "" for an empty body. */
    readonly excerpt: string;
}

/** The answers of one operation's clients, latest last. */
export class ArmAnswers {
    private latest: ArmAnswer | undefined;
    get last(): ArmAnswer | undefined {
        return this.latest;
    }
    record(answer: ArmAnswer): void {
        this.latest = answer;
    }
}

const EXCERPT_CHARS = 160;

/** The body as a message may show it: redacted, on one line, cut short. */
export function excerptOf(text: string): string {
    const line = redactSecrets(text).replace(/\s+/g, " ").trim();
    return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}...` : line;
}

/** "an empty body" or the body's excerpt, quoted. */
export function describeBody(excerpt: string): string {
    return excerpt === "" ? "an empty body" : `\`${excerpt}\``;
}

function requestLine(request: PipelineRequest): string {
    return `${request.method} ${displayUrl(request.url).replace(/^https?:\/\/[^/]+/, "") || "/"}`;
}

function isHtml(contentType: string, text: string): boolean {
    return /html/i.test(contentType) || /^\s*<(!doctype|html|head|body)\b/i.test(text);
}

function isJson(text: string): boolean {
    try {
        JSON.parse(text);
        return true;
    } catch {
        return false;
    }
}

function htmlMessage(line: string, status: number, text: string, endpoint: string): string {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return `${line} was answered with an HTML page (${status}${title ? `, titled "${excerptOf(title)}"` : ""}), not with ARM's JSON: a proxy, firewall or sign-in page is in the way, or the endpoint ${endpoint} is not Azure Resource Manager. Check HTTPS_PROXY/NO_PROXY and \`endpoint\`/\`cloud\`.`;
}

function redirectMessage(request: PipelineRequest, line: string, status: number, location: string | undefined): string {
    const target = location === undefined ? undefined : new URL(location, request.url);
    const where =
        target === undefined
            ? "without saying where to"
            : `to ${displayUrl(target.href)}${target.origin === new URL(request.url).origin ? "" : ", another origin"}`;
    return `${line} was answered with a redirect (${status}) ${where}. It was not followed: the Azure AD token goes to the configured endpoint only, and ARM itself does not redirect, so a proxy or a moved endpoint is answering. Set \`endpoint\` (or \`cloud\`) to the Resource Manager endpoint itself, or let the proxy pass ARM through.`;
}

/**
 * Names each answer of a client for what it is (see the module comment) and records it.
 * @param endpoint the configured endpoint, for messages.
 */
export function armAnswerPolicy(endpoint: string, answers: ArmAnswers): PipelinePolicy {
    return {
        name: "pulumiAzureVmPatchingArmAnswers",
        async sendRequest(request, next) {
            const line = requestLine(request);
            let response: PipelineResponse;
            let thrown: unknown;
            try {
                response = await next(request);
            } catch (error) {
                // The classic clients read the answer inside the pipeline: an error status or a garbled
                // body (PARSE_ERROR) arrives here as an error that still carries the response.
                const answered = (error as { response?: PipelineResponse }).response;
                if (answered === undefined) throw error;
                response = answered;
                thrown = error;
            }
            const text = response.bodyAsText ?? "";
            const status = response.status;
            const after = retryAfterMs(response.headers);
            answers.record({
                request: line,
                status,
                ...(after === undefined ? {} : { retryAfterMs: after }),
                // Made only when a message quotes it: most answers are never quoted.
                get excerpt() {
                    return excerptOf(text);
                },
            });
            if (status >= 300 && status < 400) {
                throw new ArmAnswerError(
                    "redirect",
                    redirectMessage(request, line, status, response.headers.get("location")),
                    status,
                );
            }
            if (isHtml(response.headers.get("content-type") ?? "", text)) {
                throw new ArmAnswerError("html", htmlMessage(line, status, text, endpoint), status, after);
            }
            // The classic clients have parsed the body already (parsedBody); the others leave it to us.
            if (status >= 200 && status < 300 && (response as { parsedBody?: unknown }).parsedBody === undefined) {
                const empty = text.trim() === "";
                if (empty ? request.method === "GET" && status === 200 : !isJson(text)) {
                    throw new ArmAnswerError(
                        "not-json",
                        `${line} was answered with ${status} and ${empty ? "an empty body" : `a body that is not JSON (${describeBody(excerptOf(text))})`}, not with ARM's JSON: the answer was cut short or garbled on the way (a proxy?).`,
                        status,
                        after,
                    );
                }
            }
            if (thrown !== undefined) throw thrown;
            return response;
        },
    };
}

/**
 * A field the caller needs from the answer it just got; an ArmAnswerError("incomplete") that quotes
 * the answer when it is missing, so a missing state is never read as some default state.
 */
export function requiredField<T>(value: T | undefined | null, field: string, answers: ArmAnswers): T {
    if (value !== undefined && value !== null) return value;
    const last = answers.last;
    throw new ArmAnswerError(
        "incomplete",
        last === undefined
            ? `ARM's answer had no ${field}.`
            : `${last.request} was answered with ${last.status} and ${describeBody(last.excerpt)}, which has no ${field}: not an answer ARM gives.`,
        last?.status,
    );
}
