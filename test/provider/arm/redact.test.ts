/**
 * What redaction removes from text the providers show (ARM's error bodies, URLs, progress) and what it
 * leaves alone: a message a person needs must survive it.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { displayUrl, hasUserinfo, redactSecrets, rememberSecret } from "../../../provider/arm/redact";

const base64url = fc.stringMatching(/^[A-Za-z0-9_-]{12,80}$/);
const jwt = fc.tuple(base64url, base64url, base64url).map(([h, p, s]) => `eyJ${h}.${p}.${s}`);
const around = fc.tuple(fc.stringMatching(/^[ -~]{0,40}$/), fc.stringMatching(/^[ -~]{0,40}$/));

describe("redactSecrets", () => {
    it("removes any JWT, wherever it stands in ARM's words", () => {
        fc.assert(
            fc.property(jwt, around, (token, [before, after]) => {
                const shown = redactSecrets(`${before} ${token} ${after}`);
                assert.ok(!shown.includes(token), shown);
            }),
        );
    });

    it("removes Authorization values and bearer tokens of any shape", () => {
        fc.assert(
            fc.property(
                base64url,
                fc.constantFrom("Authorization: Bearer ", '"authorization":"Bearer ', "Bearer "),
                (token, prefix) => {
                    assert.ok(!redactSecrets(`echo: ${prefix}${token}"`).includes(token));
                },
            ),
        );
        assert.equal(redactSecrets("Authorization: Basic dXNlcjpwYXNz"), "Authorization: [redacted]");
    });

    it("removes a token this process obtained even when nothing marks it as one", () => {
        const token = "opaque0token0with0no0shape0at0all";
        rememberSecret(token);
        assert.equal(redactSecrets(`the server said ${token}.`), "the server said [redacted].");
    });

    it("removes key=value and JSON secrets, PEM private keys and URL userinfo", () => {
        assert.equal(
            redactSecrets("https://a.blob.core.windows.net/c?sv=2024&sig=abc%2Bdef&se=1"),
            "https://a.blob.core.windows.net/c?sv=2024&sig=[redacted]&se=1",
        );
        assert.equal(redactSecrets('{"client_secret": "s3cr3t", "x": 1}'), '{"client_secret": "[redacted]", "x": 1}');
        assert.equal(redactSecrets("at https://admin:hunter2@proxy.example/x"), "at https://proxy.example/x");
        const key = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----";
        assert.equal(redactSecrets(`bundle: ${key} end`), "bundle: [redacted] end");
        assert.equal(redactSecrets("cut: -----BEGIN PRIVATE KEY-----\nMIGH"), "cut: [redacted]");
    });

    it("leaves the words a person needs alone", () => {
        for (const text of [
            "The token is expired.",
            "no Azure AD token: AzureCliCredential gave no Azure AD token within 4.0s",
            "The feature 'InGuestPatchVMPreview' could not be found.",
            "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Compute",
            "Registering a feature needs Microsoft.Features/providers/features/register/action",
        ]) {
            assert.equal(redactSecrets(text), text);
        }
    });
});

describe("displayUrl and hasUserinfo", () => {
    it("show a URL without userinfo, query or fragment", () => {
        assert.equal(displayUrl("https://u:p@host.example:8443/a/b?sig=x#f"), "https://host.example:8443/a/b");
        assert.equal(displayUrl("https://host.example/"), "https://host.example");
        assert.equal(displayUrl("user:pass@host"), "host");
        assert.equal(hasUserinfo("http://u:p@h"), true);
        assert.equal(hasUserinfo("https://h/x@y"), false);
    });
});
