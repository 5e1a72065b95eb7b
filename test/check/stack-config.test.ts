/**
 * Stack config for the offline check: the CLI's precedence (Pulumi.yaml defaults < stack files <
 * --config), namespacing, structured values as JSON, and encrypted values replaced by a secret
 * placeholder with a note, never passed on as ciphertext.
 */
import * as assert from "node:assert/strict";
import { UsageError } from "../../check/errors";
import { buildStackConfig, ENCRYPTED_PLACEHOLDER, qualifyKey } from "../../check/stack-config";

describe("check/stack-config", () => {
    it("qualifies bare keys with the project and keeps namespaced ones", () => {
        assert.equal(qualifyKey("location", "fleet", "x"), "fleet:location");
        assert.equal(qualifyKey("azure-native:location", "fleet", "x"), "azure-native:location");
        for (const bad of ["", ":x", "x:", "a::b"]) {
            assert.throws(
                () => qualifyKey(bad, "fleet", "--config"),
                (e: Error) => e instanceof UsageError && /--config: config key/.test(e.message),
            );
        }
    });

    it("applies Pulumi.yaml defaults, then stack files in order, then --config pairs", () => {
        const config = buildStackConfig({
            projectName: "fleet",
            projectConfig: {
                location: { type: "string", default: "westeurope" },
                size: "Standard_B2s",
                zones: { type: "string" },
            },
            files: [
                { file: "a.yaml", content: { config: { "fleet:location": "northeurope", "fleet:count": 3 } } },
                { file: "b.yaml", content: { config: { "fleet:count": 4 } } },
            ],
            pairs: ["count=5", "azure-native:location=eastus", "note=a=b"],
        });
        assert.deepEqual(config.values, {
            "fleet:location": "northeurope",
            "fleet:size": "Standard_B2s",
            "fleet:count": "5",
            "azure-native:location": "eastus",
            "fleet:note": "a=b",
        });
        assert.deepEqual(config.secretKeys, []);
        assert.deepEqual(config.notes, []);
    });

    it("stores structured values as JSON text, as the CLI gives them to programs", () => {
        const config = buildStackConfig({
            projectName: "p",
            files: [
                {
                    file: "s.yaml",
                    content: { config: { "p:tags": { team: "x" }, "p:zones": ["1", "2"], "p:on": true } },
                },
            ],
        });
        assert.equal(config.values["p:tags"], '{"team":"x"}');
        assert.equal(config.values["p:zones"], '["1","2"]');
        assert.equal(config.values["p:on"], "true");
    });

    it("replaces encrypted values (also nested ones) by a placeholder secret and says which", () => {
        const config = buildStackConfig({
            projectName: "p",
            files: [
                {
                    file: "Pulumi.ci.yaml",
                    content: {
                        config: {
                            "p:password": { secure: "v1:abc" },
                            "p:db": { user: "u", password: { secure: "v1:def" } },
                        },
                    },
                },
            ],
        });
        assert.equal(config.values["p:password"], ENCRYPTED_PLACEHOLDER);
        assert.deepEqual(JSON.parse(config.values["p:db"]), { user: "u", password: ENCRYPTED_PLACEHOLDER });
        assert.deepEqual(config.secretKeys, ["p:db", "p:password"]);
        assert.equal(config.notes.length, 2);
        assert.ok(config.notes.every((n) => n.includes("Pulumi.ci.yaml") && n.includes("placeholder")));
        assert.ok(!JSON.stringify(config).includes("v1:abc"), "ciphertext is never passed on");
    });

    it("a --config value replaces an encrypted one and is no longer secret-by-placeholder", () => {
        const config = buildStackConfig({
            projectName: "p",
            files: [{ file: "s.yaml", content: { config: { "p:password": { secure: "v1:abc" } } } }],
            pairs: ["password=given"],
        });
        assert.equal(config.values["p:password"], "given");
        assert.deepEqual(config.secretKeys, []);
    });

    it("marks Pulumi.yaml config declared secret: true as secret", () => {
        const config = buildStackConfig({
            projectName: "p",
            projectConfig: { token: { type: "string", default: "t", secret: true } },
        });
        assert.deepEqual(config.secretKeys, ["p:token"]);
    });

    it("rejects a pair without '=' and a stack file without a config mapping, saying what is expected", () => {
        assert.throws(
            () => buildStackConfig({ projectName: "p", pairs: ["location"] }),
            /--config "location": expected key=value/,
        );
        assert.throws(() => buildStackConfig({ projectName: "p", pairs: ["=x"] }), /expected key=value/);
        assert.throws(
            () => buildStackConfig({ projectName: "p", files: [{ file: "s.yaml", content: { config: ["a"] } }] }),
            /s\.yaml: "config" must be a mapping/,
        );
        assert.throws(
            () => buildStackConfig({ projectName: "p", files: [{ file: "s.yaml", content: "just text" }] }),
            /s\.yaml: expected a Pulumi stack settings file/,
        );
    });
});
