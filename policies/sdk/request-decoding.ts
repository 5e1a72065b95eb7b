/**
 * Adapter (@pulumi/pulumi's Analyzer service definition and google-protobuf's Struct, the copies the
 * policy SDK's server loads; contract: test/policies/sdk/request-decoding.contract.test.ts).
 *
 * How the pack's process reads the properties of an Analyze request: straight from the request's
 * bytes into the plain object google-protobuf's `Struct.toJavaScript()` gives, instead of first
 * building google-protobuf's message objects for every property and then walking them.
 *
 * Why: decoding a request is the largest part of any pack's cost per resource (the gRPC service's
 * `AnalyzeRequest.deserializeBinary`, about half of an empty pack's CPU), and most of it is the
 * properties: one `Value` message per property, a map wrapper per object, then `toJavaScript()` to
 * turn them back into plain values. The pack needs only the plain values (sdk/deserialization.ts).
 *
 * How: the Analyzer service's request deserializers for `Analyze` and `Remediate` (which the SDK's
 * server registers with gRPC) are replaced before the server starts. It decodes the request without its properties
 * field with google-protobuf as before (type, URN, name, options, provider: the same message), and
 * hands out, as its properties, a stand-in `Struct` that holds the field's bytes:
 * - the pack's deserialization asks it for the plain object ({@link decodedProperties}), decoded here
 *   from the bytes (https://protobuf.dev/programming-guides/encoding/ ; struct.proto's Struct, Value
 *   and ListValue);
 * - anything else that touches it gets google-protobuf's own `Struct`, decoded from the same bytes on
 *   first use, so what reads the request through its messages reads exactly what it read before.
 *
 * Same values: the decoder takes only the shapes it knows to the byte (every map entry with its key
 * then its value, every Value with one kind, valid UTF-8, no unknown fields, no `__proto__` key, no
 * deeper nesting than MAX_DEPTH) and gives
 * them as `toJavaScript()` does (keys inserted in sorted order, the last of a repeated key wins).
 * Anything else, it declines, and the request's properties go through google-protobuf, as in any
 * pack: an odd request costs the usual time and never reads differently. The contract test compares
 * the two on generated structs.
 */
import { isUtf8 } from "node:buffer";
import * as path from "node:path";

/** AnalyzeRequest.properties (pulumi's proto/pulumi/analyzer.proto: `google.protobuf.Struct properties = 2`). */
const PROPERTIES_FIELD = 2;
const WIRE_VARINT = 0;
const WIRE_64BIT = 1;
const WIRE_LENGTH_DELIMITED = 2;
/** Deeper nesting than any resource's inputs: such properties are left to google-protobuf. */
const MAX_DEPTH = 64;

/** Asked of a request's properties by the pack's deserialization: the plain object, when decoded here. */
const DECODED_PROPERTIES = Symbol("azure-vm-patching: properties decoded from the request's bytes");

/**
 * The properties of an Analyze request as `Struct.toJavaScript()` gives them, when this adapter decoded
 * them; undefined for any other value (a google-protobuf Struct, a request it declined).
 */
export function decodedProperties(struct: unknown): Record<string, unknown> | undefined {
    if (struct === null || typeof struct !== "object") return undefined;
    const decoded = (struct as { [DECODED_PROPERTIES]?: Record<string, unknown> | null })[DECODED_PROPERTIES];
    return decoded ?? undefined;
}

/** Returned by the decoder for any shape it does not take: the caller falls back to google-protobuf. */
const DECLINED: unique symbol = Symbol("declined");
type Declined = typeof DECLINED;

/** A reader over one request's bytes. Every read checks its bounds; a malformed message is declined. */
class WireReader {
    pos: number;
    constructor(
        readonly bytes: Buffer,
        start: number,
    ) {
        this.pos = start;
    }

    /** A varint (tags, lengths, enums, bools), or -1 when malformed. Values past 2^53 lose precision only. */
    varint(end: number): number {
        let result = 0;
        let scale = 1;
        for (let i = 0; i < 10; i++) {
            if (this.pos >= end) return -1;
            const byte = this.bytes[this.pos++];
            result += (byte & 0x7f) * scale;
            if (byte < 0x80) return result;
            scale *= 128;
        }
        return -1;
    }

    /** The end of a length-delimited field starting here, or -1 when it does not fit. */
    lengthDelimitedEnd(end: number): number {
        const length = this.varint(end);
        if (length < 0 || this.pos + length > end) return -1;
        return this.pos + length;
    }

    /** Skips one field of the given wire type; false when malformed. */
    skip(wireType: number, end: number): boolean {
        switch (wireType) {
            case WIRE_VARINT:
                return this.varint(end) >= 0;
            case WIRE_64BIT:
                this.pos += 8;
                return this.pos <= end;
            case WIRE_LENGTH_DELIMITED: {
                const fieldEnd = this.lengthDelimitedEnd(end);
                if (fieldEnd < 0) return false;
                this.pos = fieldEnd;
                return true;
            }
            case 5: // 32-bit
                this.pos += 4;
                return this.pos <= end;
            default:
                return false; // groups: never in these messages
        }
    }

    string(end: number): string | Declined {
        const stringEnd = this.lengthDelimitedEnd(end);
        if (stringEnd < 0) return DECLINED;
        const start = this.pos;
        this.pos = stringEnd;
        const bytes = this.bytes;
        for (let i = start; i < stringEnd; i++) {
            if (bytes[i] >= 0x80) {
                return isUtf8(bytes.subarray(start, stringEnd)) ? bytes.toString("utf8", start, stringEnd) : DECLINED;
            }
        }
        return bytes.toString("latin1", start, stringEnd);
    }

    /** A google.protobuf.Struct's fields as `toJavaScript()` gives them. */
    struct(end: number, depth: number): Record<string, unknown> | Declined {
        if (depth > MAX_DEPTH) return DECLINED;
        const keys: string[] = [];
        const values: unknown[] = [];
        let ordered = true;
        while (this.pos < end) {
            // fields: map<string, Value> = 1, each entry a message { string key = 1; Value value = 2; }
            if (this.varint(end) !== ((1 << 3) | WIRE_LENGTH_DELIMITED)) return DECLINED;
            const entryEnd = this.lengthDelimitedEnd(end);
            if (entryEnd < 0) return DECLINED;
            if (this.varint(entryEnd) !== ((1 << 3) | WIRE_LENGTH_DELIMITED)) return DECLINED;
            const key = this.string(entryEnd);
            if (key === DECLINED || key === "__proto__") return DECLINED;
            if (this.varint(entryEnd) !== ((2 << 3) | WIRE_LENGTH_DELIMITED)) return DECLINED;
            const valueEnd = this.lengthDelimitedEnd(entryEnd);
            if (valueEnd !== entryEnd) return DECLINED;
            const value = this.value(valueEnd, depth + 1);
            if (value === DECLINED) return DECLINED;
            if (keys.length > 0 && !(keys[keys.length - 1] < key)) ordered = false;
            keys.push(key);
            values.push(value);
        }
        const result: Record<string, unknown> = {};
        if (ordered) {
            for (let i = 0; i < keys.length; i++) result[keys[i]] = values[i];
            return result;
        }
        // As google-protobuf's map: the last entry of a key wins, and toJavaScript() goes in sorted key order.
        const byKey = new Map<string, unknown>();
        for (let i = 0; i < keys.length; i++) byKey.set(keys[i], values[i]);
        for (const key of [...byKey.keys()].sort()) result[key] = byKey.get(key);
        return result;
    }

    /** A google.protobuf.Value with exactly one kind set, as `toJavaScript()` gives it. */
    value(end: number, depth: number): unknown | Declined {
        const tag = this.varint(end);
        let value: unknown;
        switch (tag) {
            case (1 << 3) | WIRE_VARINT: // null_value
                if (this.varint(end) < 0) return DECLINED;
                value = null;
                break;
            case (2 << 3) | WIRE_64BIT: // number_value
                if (this.pos + 8 > end) return DECLINED;
                value = this.bytes.readDoubleLE(this.pos);
                this.pos += 8;
                break;
            case (3 << 3) | WIRE_LENGTH_DELIMITED: // string_value
                value = this.string(end);
                break;
            case (4 << 3) | WIRE_VARINT: {
                // bool_value
                const flag = this.varint(end);
                if (flag < 0) return DECLINED;
                value = flag !== 0;
                break;
            }
            case (5 << 3) | WIRE_LENGTH_DELIMITED: {
                // struct_value
                const structEnd = this.lengthDelimitedEnd(end);
                if (structEnd < 0) return DECLINED;
                value = this.struct(structEnd, depth);
                break;
            }
            case (6 << 3) | WIRE_LENGTH_DELIMITED: {
                // list_value: repeated Value values = 1
                const listEnd = this.lengthDelimitedEnd(end);
                if (listEnd < 0) return DECLINED;
                value = this.list(listEnd, depth);
                break;
            }
            default:
                return DECLINED; // no kind, or a field this decoder does not take
        }
        // One kind only: a second field (which google-protobuf would resolve by its own oneof rules) is declined.
        return this.pos === end ? value : DECLINED;
    }

    list(end: number, depth: number): unknown[] | Declined {
        if (depth > MAX_DEPTH) return DECLINED;
        const items: unknown[] = [];
        while (this.pos < end) {
            if (this.varint(end) !== ((1 << 3) | WIRE_LENGTH_DELIMITED)) return DECLINED;
            const itemEnd = this.lengthDelimitedEnd(end);
            if (itemEnd < 0) return DECLINED;
            const item = this.value(itemEnd, depth + 1);
            if (item === DECLINED) return DECLINED;
            items.push(item);
        }
        return items;
    }
}

/** The plain object of a Struct's bytes, as `toJavaScript()` gives it, or undefined when declined. */
export function decodeStructBytes(bytes: Buffer, start = 0, end = bytes.length): Record<string, unknown> | undefined {
    const decoded = new WireReader(bytes, start).struct(end, 0);
    return decoded === DECLINED ? undefined : decoded;
}

/** Where the request's one properties field is: its whole field and its value's bytes. */
interface PropertiesSpan {
    readonly fieldStart: number;
    readonly valueStart: number;
    readonly end: number;
}

/** The properties field of an AnalyzeRequest's bytes; undefined when absent, repeated or malformed. */
function propertiesSpan(bytes: Buffer): PropertiesSpan | undefined {
    const reader = new WireReader(bytes, 0);
    let span: PropertiesSpan | undefined;
    while (reader.pos < bytes.length) {
        const fieldStart = reader.pos;
        const tag = reader.varint(bytes.length);
        if (tag < 0) return undefined;
        if (tag === ((PROPERTIES_FIELD << 3) | WIRE_LENGTH_DELIMITED)) {
            if (span) return undefined;
            const end = reader.lengthDelimitedEnd(bytes.length);
            if (end < 0) return undefined;
            span = { fieldStart, valueStart: reader.pos, end };
            reader.pos = end;
        } else if (!reader.skip(tag & 7, bytes.length)) {
            return undefined;
        }
    }
    return span;
}

interface StructClass {
    readonly prototype: object;
    deserializeBinary(bytes: Uint8Array): object;
}

interface AnalyzeRequestMessage {
    getProperties(): unknown;
    hasProperties(): boolean;
    setProperties(value: unknown): unknown;
    clearProperties(): unknown;
}

type RequestDeserialize = ((bytes: Buffer) => AnalyzeRequestMessage) & { packDecoding?: true };

/**
 * The request's properties as a google-protobuf Struct that is decoded only when something reads it
 * as one. The pack's deserialization asks it for {@link DECODED_PROPERTIES} instead.
 */
function lazyStruct(Struct: StructClass, bytes: Buffer, span: PropertiesSpan): object {
    let real: object | undefined;
    let decoded: Record<string, unknown> | null | undefined;
    const struct = () => {
        real ??= Struct.deserializeBinary(bytes.subarray(span.valueStart, span.end));
        return real;
    };
    return new Proxy(Object.create(Struct.prototype) as object, {
        get(_target, key) {
            if (key === DECODED_PROPERTIES) {
                // Once something has read it as a Struct it may also have changed it: from then on,
                // google-protobuf's Struct is the one truth, and the pack reads it as any pack would.
                if (real) return null;
                if (decoded === undefined) decoded = decodeStructBytes(bytes, span.valueStart, span.end) ?? null;
                return decoded;
            }
            return Reflect.get(struct(), key);
        },
        set: (_target, key, value) => Reflect.set(struct(), key, value),
        has: (_target, key) => Reflect.has(struct(), key),
        ownKeys: () => Reflect.ownKeys(struct()),
        getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(struct(), key),
        defineProperty: (_target, key, descriptor) => Reflect.defineProperty(struct(), key, descriptor),
        deleteProperty: (_target, key) => Reflect.deleteProperty(struct(), key),
    });
}

/** The request deserializer: google-protobuf for the request's other fields, the stand-in for its properties. */
function packRequestDeserialize(original: RequestDeserialize, Struct: StructClass): RequestDeserialize {
    const deserialize: RequestDeserialize = (bytes) => {
        const span = Buffer.isBuffer(bytes) ? propertiesSpan(bytes) : undefined;
        if (!span) return original(bytes);
        const request = original(Buffer.concat([bytes.subarray(0, span.fieldStart), bytes.subarray(span.end)]));
        const properties = lazyStruct(Struct, bytes, span);
        // Own methods over the message's accessors (what its generated code reads the field through),
        // until something sets or clears the field: then the message's own accessors again.
        const own = request as unknown as Record<string, unknown>;
        const restore = () => {
            for (const name of ["getProperties", "hasProperties", "setProperties", "clearProperties"]) delete own[name];
        };
        own.getProperties = () => properties;
        own.hasProperties = () => true;
        own.setProperties = (value: unknown) => {
            restore();
            return request.setProperties(value);
        };
        own.clearProperties = () => {
            restore();
            return request.clearProperties();
        };
        return request;
    };
    deserialize.packDecoding = true;
    return deserialize;
}

interface MethodDefinition {
    requestDeserialize?: RequestDeserialize;
}

interface AnalyzerServiceModule {
    AnalyzerService?: Partial<Record<(typeof DECODED_METHODS)[number], MethodDefinition>>;
}

/**
 * The Analyzer methods whose request is an AnalyzeRequest and whose SDK handler reads its properties
 * through deserializeProperties: Analyze, and Remediate (which the SDK deserializes before it checks
 * whether any policy remediates).
 */
const DECODED_METHODS = ["analyze", "remediate"] as const;

/**
 * Installs the pack's decoding of Analyze and Remediate requests in this process, before the SDK's
 * server registers the Analyzer service. Returns whether it applied; when it did not (another @pulumi/pulumi layout),
 * requests are decoded by google-protobuf as in any pack, only slower.
 */
export function installRequestDecoding(): boolean {
    let service: AnalyzerServiceModule["AnalyzerService"];
    let Struct: StructClass | undefined;
    try {
        const policySdk = path.dirname(require.resolve("@pulumi/policy"));
        const services = require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb", { paths: [policySdk] });
        service = (require(services) as AnalyzerServiceModule).AnalyzerService;
        const structModule = require.resolve("google-protobuf/google/protobuf/struct_pb", {
            paths: [path.dirname(services)],
        });
        Struct = (require(structModule) as { Struct?: StructClass }).Struct;
    } catch {
        return false;
    }
    if (!service || typeof Struct?.deserializeBinary !== "function") return false;
    const methods = DECODED_METHODS.map((name) => service[name]);
    if (methods.some((method) => typeof method?.requestDeserialize !== "function")) return false;
    for (const method of methods as MethodDefinition[]) {
        const original = method.requestDeserialize as RequestDeserialize;
        if (!original.packDecoding) method.requestDeserialize = packRequestDeserialize(original, Struct);
    }
    return true;
}
