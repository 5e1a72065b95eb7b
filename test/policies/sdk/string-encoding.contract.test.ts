/**
 * Contract of the pack's string encoding (policies/sdk/string-encoding.ts) against the pinned
 * @pulumi/policy and its google-protobuf: the SDK's Analyze responses go through the installed encoder,
 * and every string, well-formed or not, comes out as the same bytes as google-protobuf's own encoder
 * writes. The writer is restored after each test, so no other test sees the pack's encoding.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import fc from "fast-check";
import { installNativeStringEncoding } from "../../../policies/sdk/string-encoding";

interface Diagnostic {
    setMessage(value: string): void;
    setDescription(value: string): void;
    setPolicyname(value: string): void;
    getMessage(): string;
    getDescription(): string;
}
interface Response {
    setDiagnosticsList(list: Diagnostic[]): void;
    serializeBinary(): Uint8Array;
}
interface AnalyzerMessages {
    AnalyzeDiagnostic: new () => Diagnostic;
    AnalyzeResponse: (new () => Response) & {
        deserializeBinary(bytes: Uint8Array): { getDiagnosticsList(): Diagnostic[] };
    };
}
interface WriterPrototype {
    writeString: (field: number, value: string) => void;
    writeBytes: (field: number, value: Uint8Array) => void;
}

// The messages and writer as the policy SDK loads them (its own resolution of @pulumi/pulumi).
const policySdk = path.dirname(require.resolve("@pulumi/policy"));
const analyzerMessagesPath = require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policySdk] });
const messages = require(analyzerMessagesPath) as AnalyzerMessages;
const writer = (
    require(require.resolve("google-protobuf", { paths: [path.dirname(analyzerMessagesPath)] })) as {
        BinaryWriter: { prototype: WriterPrototype };
    }
).BinaryWriter.prototype;

function response(message: string, description: string): Response {
    const diagnostic = new messages.AnalyzeDiagnostic();
    diagnostic.setPolicyname("azure-vm-patch-settings");
    diagnostic.setMessage(message);
    diagnostic.setDescription(description);
    const r = new messages.AnalyzeResponse();
    r.setDiagnosticsList([diagnostic]);
    return r;
}

/** A UTF-16 code unit of a surrogate pair, alone or paired by chance. */
const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));

/**
 * Strings of every kind, short and long: ASCII, any code point, lone surrogates (high or low, at the
 * end or before another character), and a run of text long enough for the native path.
 */
const anyString = fc
    .array(
        fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.string({ unit: "grapheme", maxLength: 20 }),
            fc.string({ unit: "binary", maxLength: 20 }),
            surrogate,
            fc.constant("Fix: set patchMode to AutomaticByPlatform. "),
        ),
        { maxLength: 24 },
    )
    .map((parts) => parts.join(""));

describe("contract: the pack's string encoding (policies/sdk/string-encoding) against the pinned google-protobuf", () => {
    let original: WriterPrototype["writeString"];
    beforeEach(() => {
        original = writer.writeString;
    });
    afterEach(() => {
        writer.writeString = original;
    });

    it("installs into the writer of the SDK's Analyzer messages: a long report is written natively", () => {
        assert.equal(installNativeStringEncoding(), true);
        const native: number[] = [];
        const writeBytes = writer.writeBytes;
        writer.writeBytes = function (this: WriterPrototype, field, value) {
            native.push(field);
            return writeBytes.call(this, field, value);
        };
        try {
            response("R3: ".padEnd(500, "x"), "short").serializeBinary();
        } finally {
            writer.writeBytes = writeBytes;
        }
        // AnalyzeDiagnostic's message is field 5 (proto/pulumi/analyzer.proto in pulumi/pulumi).
        assert.deepEqual(native, [5], "the SDK's messages no longer use the google-protobuf copy the pack patches");
    });

    it("writes every string as the same bytes as google-protobuf's own encoder", () => {
        const withOriginal = (message: string, description: string) => response(message, description).serializeBinary();
        const expected = (message: string, description: string) => {
            writer.writeString = original;
            try {
                return withOriginal(message, description);
            } finally {
                installNativeStringEncoding();
            }
        };
        assert.equal(installNativeStringEncoding(), true);
        fc.assert(
            fc.property(anyString, anyString, (message, description) => {
                const installed = response(message, description).serializeBinary();
                const own = expected(message, description);
                assert.deepEqual(Buffer.from(installed), Buffer.from(own));
                if ((message as unknown as { isWellFormed(): boolean }).isWellFormed()) {
                    const [read] = messages.AnalyzeResponse.deserializeBinary(installed).getDiagnosticsList();
                    assert.equal(read.getMessage(), message);
                }
            }),
            { numRuns: 500 },
        );
    });

    it("installs once: a second install keeps the first", () => {
        assert.equal(installNativeStringEncoding(), true);
        const installed = writer.writeString;
        assert.equal(installNativeStringEncoding(), true);
        assert.equal(writer.writeString, installed);
    });
});
