/**
 * Text that leaves the providers (error messages, progress lines) may quote ARM, a proxy or a URL, and
 * any of them can carry a credential: a bearer token echoed back, a JWT in an error body, a password in
 * a URL's userinfo, a key=value secret, a PEM private key. This is where such text is made safe.
 */

// Tokens this process obtained (see bounded-credential.ts): removed wherever they appear, whatever
// their shape. A few suffice: a process holds one token per credential and audience at a time.
const KNOWN_TOKENS_KEY = Symbol.for("pulumi-azure-vm-patching.knownTokens");
const MAX_KNOWN_TOKENS = 32;

function knownTokens(): string[] {
    const global = globalThis as Record<symbol, unknown>;
    global[KNOWN_TOKENS_KEY] ??= [];
    return global[KNOWN_TOKENS_KEY] as string[];
}

/** Remember a token so that redactSecrets removes it from any text, even one no pattern recognizes. */
export function rememberSecret(token: string): void {
    const tokens = knownTokens();
    if (token.length < 8 || tokens.includes(token)) return;
    tokens.push(token);
    if (tokens.length > MAX_KNOWN_TOKENS) tokens.shift();
}

export const REDACTED = "[redacted]";

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
    // PEM private keys (PKCS#1/#8, EC, encrypted, OpenSSH), and the start of one cut off mid-text.
    [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|$)/g, REDACTED],
    // An Authorization header value, whatever its scheme, as JSON, a header line or a log.
    [/(authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|pop|sharedkey)\s+)?[^\s"',;}]+/gi, `$1${REDACTED}`],
    [/\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1 ${REDACTED}`],
    // JWTs (Azure AD access tokens): base64url header.payload.signature.
    [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
    // key=value (query strings, form bodies) and "key": "value" (JSON) secrets, e.g. a SAS `sig=`.
    [
        /\b(access_token|refresh_token|id_token|client_secret|client_assertion|password|passwd|pwd|secret|sig|signature|api[-_]?key|token)=([^\s"'&,;}]+)/gi,
        `$1=${REDACTED}`,
    ],
    [
        /("(?:access_token|refresh_token|id_token|client_secret|client_assertion|password|secret|token|accessToken|refreshToken)"\s*:\s*")([^"]*)"/gi,
        `$1${REDACTED}"`,
    ],
    // userinfo in any URL: scheme://user:password@host.
    [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']+@/gi, "$1"],
];

/** The text with every credential it holds replaced by [redacted]. */
export function redactSecrets(text: string): string {
    let result = text;
    for (const token of knownTokens()) result = result.split(token).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
    return result;
}

/**
 * A URL as it may be shown: without userinfo, query or fragment (a query can hold a SAS signature or a
 * token). Text that is not a URL is shown redacted, never as given.
 */
export function displayUrl(value: string): string {
    let url: URL | undefined;
    try {
        url = new URL(value);
    } catch {
        url = undefined;
    }
    if (url !== undefined && (url.protocol === "https:" || url.protocol === "http:")) {
        return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
    }
    // Not a web URL ("user:pass@host" parses as scheme "user:"): whatever precedes an @ may be a password.
    return redactSecrets(value.replace(/^.*@/, ""));
}

/** Whether a URL carries a user name or password. */
export function hasUserinfo(value: string): boolean {
    try {
        const url = new URL(value);
        return url.username !== "" || url.password !== "";
    } catch {
        return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(value);
    }
}
