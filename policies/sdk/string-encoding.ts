/**
 * Adapter (google-protobuf's BinaryWriter, the copy the policy SDK's Analyzer messages use; contract:
 * test/policies/sdk/string-encoding.contract.test.ts).
 *
 * How the pack's process writes the strings of its Analyze responses: with Node's native UTF-8
 * encoder instead of google-protobuf's JavaScript one, the same bytes.
 *
 * Why: every report carries a message and a data record (about 800 characters together, 1.25 reports
 * per VM in the bench's fleet). google-protobuf 3.21 writes a string one byte at a time into a
 * JavaScript array, then copies the array into the response buffer; for this pack that was the
 * largest single cost over an empty pack (bench/policy-pack.bench.ts). A protobuf `string` field is
 * the same on the wire as a `bytes` field holding its UTF-8 (https://protobuf.dev/programming-guides/encoding/#length-types),
 * so a string is handed to the writer's own `writeBytes` as `Buffer.from(value, "utf8")`.
 *
 * Same bytes: for a well-formed string (no lone surrogate) google-protobuf's encoder and Node's write
 * the same UTF-8. A string with a lone surrogate, which the two encode differently, and a short one,
 * where the native call costs more than it saves, still go through google-protobuf's own encoder.
 * Every other message of the process (engine log calls) is written the same way, with the same bytes.
 */
import * as path from "node:path";

interface BinaryWriterPrototype {
    writeString: WriteString;
    writeBytes(field: number, value: Uint8Array): void;
}

type WriteString = ((this: BinaryWriterPrototype, field: number, value: string | null | undefined) => void) & {
    packEncoding?: true;
};

/** Below this length the JavaScript encoder is as fast as a native call. */
const NATIVE_FROM_LENGTH = 32;

/** google-protobuf's BinaryWriter prototype, from the copy the policy SDK's Analyzer messages load. */
function analyzerBinaryWriter(): BinaryWriterPrototype | undefined {
    const policySdk = path.dirname(require.resolve("@pulumi/policy"));
    const analyzerMessages = require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policySdk] });
    const protobuf = require.resolve("google-protobuf", { paths: [path.dirname(analyzerMessages)] });
    const writer = (require(protobuf) as { BinaryWriter?: { prototype?: BinaryWriterPrototype } }).BinaryWriter;
    return writer?.prototype;
}

/**
 * Installs the native string encoding in this process's Analyzer messages. Returns whether it applied;
 * when it did not (another google-protobuf, a Node without `String.prototype.isWellFormed`), responses
 * are written as before, only slower.
 */
export function installNativeStringEncoding(): boolean {
    const isWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
    if (typeof isWellFormed !== "function") return false;
    let writer: BinaryWriterPrototype | undefined;
    try {
        writer = analyzerBinaryWriter();
    } catch {
        return false;
    }
    if (!writer || typeof writer.writeString !== "function" || typeof writer.writeBytes !== "function") return false;
    if (writer.writeString.packEncoding) return true;
    const original = writer.writeString;
    const writeString: WriteString = function (this: BinaryWriterPrototype, field, value) {
        if (typeof value !== "string" || value.length < NATIVE_FROM_LENGTH || !isWellFormed.call(value)) {
            original.call(this, field, value);
            return;
        }
        this.writeBytes(field, Buffer.from(value, "utf8"));
    };
    writeString.packEncoding = true;
    writer.writeString = writeString;
    return true;
}
