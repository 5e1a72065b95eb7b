/**
 * Contract of the pack's request decoding (policies/sdk/request-decoding.ts) against the pinned
 * @pulumi/pulumi protos, google-protobuf and gRPC: an Analyze request decoded by the pack reads the same
 * as one google-protobuf decodes, through its messages and as the plain values the pack takes from it;
 * bytes the decoder does not take to the byte are declined, never read differently; and the SDK's gRPC
 * server decodes its requests with the installed deserializer. The service definition is restored
 * after each test that installs the decoding.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import fc from "fast-check";
import { analyzeRequest, engineSecret, toStruct } from "../../../check/engine/analyzer-client";
import { decodedProperties, decodeStructBytes, installRequestDecoding } from "../../../policies/sdk/request-decoding";

interface Struct {
    toJavaScript(): Record<string, unknown>;
    serializeBinary(): Uint8Array;
}
interface StructClass {
    new (): Struct;
    deserializeBinary(bytes: Uint8Array): Struct;
    fromJavaScript(value: Record<string, unknown>): Struct;
}
interface Request {
    getType(): string;
    getUrn(): string;
    getName(): string;
    getProperties(): Struct | undefined;
    hasProperties(): boolean;
    setProperties(value: Struct | undefined): Request;
    getOptions(): { toObject(): unknown } | undefined;
    getProvider(): { toObject(): unknown } | undefined;
    serializeBinary(): Uint8Array;
    toObject(): unknown;
}
type Deserialize = ((bytes: Buffer) => Request) & { packDecoding?: true };
interface ServiceModule {
    AnalyzerService: {
        analyze: { requestDeserialize: Deserialize; path: string };
        remediate: { requestDeserialize: Deserialize; path: string };
    };
}

// The modules as the policy SDK's server loads them (its own resolution of @pulumi/pulumi).
const policySdk = path.dirname(require.resolve("@pulumi/policy"));
const servicesPath = require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb", { paths: [policySdk] });
const services = require(servicesPath) as ServiceModule;
const Struct = (
    require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [path.dirname(servicesPath)] })) as {
        Struct: StructClass;
    }
).Struct;

/** What google-protobuf reads of a Struct's bytes, or the error it throws. */
function protobufReading(bytes: Uint8Array): { value: Record<string, unknown> } | { error: unknown } {
    try {
        return { value: Struct.deserializeBinary(bytes).toJavaScript() };
    } catch (error) {
        return { error };
    }
}

/** The same values with the same keys in the same order, at every level (-0 and 0 told apart). */
function assertSameReading(actual: unknown, expected: unknown): void {
    assert.deepStrictEqual(actual, expected);
    const order = (value: unknown): unknown =>
        Array.isArray(value)
            ? value.map(order)
            : value !== null && typeof value === "object"
              ? Object.entries(value).map(([k, v]) => [k, order(v)])
              : value;
    assert.deepStrictEqual(order(actual), order(expected));
}

/** Property values as a resource's inputs have them: JSON with any keys and strings, and doubles of every kind. */
const propertyValue = fc.letrec((tie) => ({
    value: fc.oneof(
        { depthSize: "small" },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string({ unit: "grapheme", maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        fc.array(tie("value"), { maxLength: 4 }),
        tie("object"),
    ),
    object: fc.dictionary(
        fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("0", "10", "2", "b", "a")),
        tie("value"),
        {
            maxKeys: 5,
        },
    ),
}));
const properties = propertyValue.object as fc.Arbitrary<Record<string, unknown>>;

/** A Struct's bytes with its entries in any order and keys repeated: concatenated messages merge their maps. */
const entriesInAnyOrder = fc.array(
    fc.tuple(fc.constantFrom("a", "b", "c", "10", "2", "é", "ab"), propertyValue.value),
    {
        maxLength: 8,
    },
);
function concatenatedStruct(entries: readonly [string, unknown][]): Buffer {
    return Buffer.concat(entries.map(([key, value]) => Struct.fromJavaScript({ [key]: value }).serializeBinary()));
}

describe("contract: the pack's request decoding (policies/sdk/request-decoding) against the pinned google-protobuf", () => {
    it("reads any Struct google-protobuf writes as its toJavaScript() does: values, types, key order", () => {
        fc.assert(
            fc.property(properties, (value) => {
                const bytes = Buffer.from(Struct.fromJavaScript(value).serializeBinary());
                const decoded = decodeStructBytes(bytes);
                assert.ok(decoded, "an ordinary Struct was declined: the fast path would never run");
                assertSameReading(decoded, Struct.deserializeBinary(bytes).toJavaScript());
            }),
            { numRuns: 2_000 },
        );
    });

    it("reads entries in any order, and repeated keys, as google-protobuf's map does (sorted, the last one wins)", () => {
        fc.assert(
            fc.property(entriesInAnyOrder, (entries) => {
                const bytes = concatenatedStruct(entries);
                const decoded = decodeStructBytes(bytes);
                assert.ok(decoded);
                assertSameReading(decoded, Struct.deserializeBinary(bytes).toJavaScript());
            }),
            { numRuns: 1_000 },
        );
    });

    it("declines what it does not take to the byte, and never reads bytes differently from google-protobuf", () => {
        const mutated = fc
            .tuple(
                properties,
                fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
                fc.nat(),
            )
            .map(([value, flips, cut]) => {
                const bytes = Buffer.from(Struct.fromJavaScript(value).serializeBinary());
                for (const [at, byte] of flips) if (bytes.length > 0) bytes[at % bytes.length] = byte;
                return cut % 3 === 0 ? bytes.subarray(0, cut % (bytes.length + 1)) : bytes;
            });
        let declined = 0;
        fc.assert(
            fc.property(
                fc.oneof(
                    mutated,
                    fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
                ),
                (bytes) => {
                    const decoded = decodeStructBytes(bytes);
                    if (decoded === undefined) {
                        declined++;
                        return;
                    }
                    const reading = protobufReading(bytes);
                    assert.ok("value" in reading, `decoded bytes google-protobuf refuses: ${bytes.toString("hex")}`);
                    assertSameReading(decoded, reading.value);
                },
            ),
            { numRuns: 3_000 },
        );
        assert.ok(declined > 0, "no malformed input was declined: the test did not reach the decoder's checks");
    });

    it("declines a __proto__ key, invalid UTF-8 and a Value with no kind, which google-protobuf reads its own way", () => {
        // fields { key "__proto__" value { null_value NULL_VALUE } }: google-protobuf's map drops the key
        const proto = Buffer.concat([
            Buffer.from([0x0a, 0x0f, 0x0a, 0x09]),
            Buffer.from("__proto__"),
            Buffer.from([0x12, 0x02, 0x08, 0x00]),
        ]);
        assert.equal(decodeStructBytes(proto), undefined);
        assert.deepStrictEqual(protobufReading(proto), { value: {} });
        // fields { key "k" value { string_value <0xff> } }
        const invalidUtf8 = Buffer.from([0x0a, 0x08, 0x0a, 0x01, 0x6b, 0x12, 0x03, 0x1a, 0x01, 0xff]);
        assert.equal(decodeStructBytes(invalidUtf8), undefined);
        // fields { key "k" value { } }: google-protobuf throws "Unexpected struct type" when reading it
        const noKind = Buffer.from([0x0a, 0x05, 0x0a, 0x01, 0x6b, 0x12, 0x00]);
        assert.equal(decodeStructBytes(noKind), undefined);
        assert.ok("error" in protobufReading(noKind));
    });

    describe("the Analyzer service's request deserializer", () => {
        let original: Deserialize;
        let originalRemediate: Deserialize;
        beforeEach(() => {
            original = services.AnalyzerService.analyze.requestDeserialize;
            originalRemediate = services.AnalyzerService.remediate.requestDeserialize;
        });
        afterEach(() => {
            services.AnalyzerService.analyze.requestDeserialize = original;
            services.AnalyzerService.remediate.requestDeserialize = originalRemediate;
        });

        const resource = fc.record({
            type: fc.constantFrom(
                "azure-native:compute:VirtualMachine",
                "azure:compute/linuxVirtualMachine:LinuxVirtualMachine",
            ),
            name: fc.string({ maxLength: 10 }),
            properties,
            secret: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
            protect: fc.boolean(),
            parent: fc.option(fc.constant("urn:pulumi:dev::p::my:Component::parent"), { nil: undefined }),
        });

        it("gives a request that reads as google-protobuf's: fields, options, properties, and its bytes", () => {
            assert.equal(installRequestDecoding(), true);
            const installed = services.AnalyzerService.analyze.requestDeserialize;
            assert.equal(installed.packDecoding, true);
            // Remediate takes the same request, and the SDK deserializes its properties for every resource.
            assert.equal(services.AnalyzerService.remediate.requestDeserialize.packDecoding, true);
            assert.equal(installRequestDecoding(), true, "installing twice keeps one decoding");
            assert.equal(services.AnalyzerService.analyze.requestDeserialize, installed);
            fc.assert(
                fc.property(resource, (r) => {
                    const props =
                        r.secret === undefined ? r.properties : { ...r.properties, pw: engineSecret(r.secret) };
                    const bytes = Buffer.from(
                        analyzeRequest({
                            type: r.type,
                            name: r.name,
                            properties: props,
                            options: { protect: r.protect, ...(r.parent ? { parent: r.parent } : {}) },
                        }).serializeBinary(),
                    );
                    const expected = original(bytes);
                    const actual = installed(bytes);
                    assert.equal(actual.getType(), expected.getType());
                    assert.equal(actual.getUrn(), expected.getUrn());
                    assert.equal(actual.getName(), expected.getName());
                    assert.deepStrictEqual(actual.getOptions()?.toObject(), expected.getOptions()?.toObject());
                    assert.deepStrictEqual(actual.getProvider()?.toObject(), expected.getProvider()?.toObject());
                    assert.equal(actual.hasProperties(), true);
                    const plain = expected.getProperties()?.toJavaScript();
                    assertSameReading(decodedProperties(actual.getProperties()), plain);
                    // Read as a Struct, it is google-protobuf's own.
                    assertSameReading(actual.getProperties()?.toJavaScript(), plain);
                    assert.ok(actual.getProperties() instanceof Struct);
                    assert.deepStrictEqual(actual.toObject(), expected.toObject());
                    assert.deepStrictEqual(
                        Buffer.from(actual.serializeBinary()),
                        Buffer.from(expected.serializeBinary()),
                    );
                    // Setting the field gives the message's own accessors back.
                    const replaced = toStruct({ replaced: true });
                    actual.setProperties(replaced);
                    assert.equal(actual.getProperties(), replaced);
                    assert.equal(decodedProperties(actual.getProperties()), undefined);
                }),
                { numRuns: 500 },
            );
        });

        it("leaves properties it declines, or that were read as a Struct, to google-protobuf", () => {
            assert.equal(installRequestDecoding(), true);
            const installed = services.AnalyzerService.analyze.requestDeserialize;
            /** An AnalyzeRequest { type "t" (1), properties (2) = the given Struct bytes }. */
            const requestWith = (struct: Buffer) =>
                Buffer.concat([Buffer.from([0x0a, 0x01, 0x74, 0x12, struct.length]), struct]);
            const reading = (struct: unknown) => {
                try {
                    return { value: (struct as Struct).toJavaScript() };
                } catch (error) {
                    return { error: String(error) };
                }
            };
            // fields { key "k" value { string_value <0xff> } }: read by google-protobuf its own way
            const invalidUtf8 = Buffer.from([0x0a, 0x08, 0x0a, 0x01, 0x6b, 0x12, 0x03, 0x1a, 0x01, 0xff]);
            // fields { key "k" value { } }: google-protobuf throws when reading it
            const noKind = Buffer.from([0x0a, 0x05, 0x0a, 0x01, 0x6b, 0x12, 0x00]);
            for (const struct of [invalidUtf8, noKind]) {
                const bytes = requestWith(struct);
                const stand = installed(bytes).getProperties();
                assert.equal(decodedProperties(stand), undefined);
                assert.deepStrictEqual(reading(stand), reading(original(bytes).getProperties()));
            }
            // Changed through google-protobuf's API: the pack reads the change, not the bytes.
            const bytes = requestWith(Buffer.from(Struct.fromJavaScript({ mode: "Manual" }).serializeBinary()));
            const stand = installed(bytes).getProperties() as unknown as {
                getFieldsMap(): { set(key: string, value: unknown): void };
            };
            assert.deepStrictEqual(decodedProperties(stand), { mode: "Manual" });
            const changed = Struct.fromJavaScript({ mode: "AutomaticByOS" }) as unknown as {
                getFieldsMap(): { get(key: string): unknown };
            };
            stand.getFieldsMap().set("mode", changed.getFieldsMap().get("mode"));
            assert.equal(decodedProperties(stand), undefined);
            assert.deepStrictEqual(reading(stand), { value: { mode: "AutomaticByOS" } });
        });

        it("leaves a request without properties, or with a malformed field, to google-protobuf", () => {
            assert.equal(installRequestDecoding(), true);
            const installed = services.AnalyzerService.analyze.requestDeserialize;
            const noProperties = Buffer.from(
                analyzeRequest({ type: "t", name: "n", properties: {} })
                    .setProperties(undefined as never)
                    .serializeBinary(),
            );
            assert.equal(installed(noProperties).hasProperties(), false);
            // properties = 2, length 3, but only 1 byte follows
            const truncated = Buffer.from([0x0a, 0x01, 0x74, 0x12, 0x03, 0x0a]);
            assert.throws(() => original(truncated));
            assert.throws(() => installed(truncated));
        });

        it("is what the SDK's gRPC server decodes an Analyze call with", async () => {
            assert.equal(installRequestDecoding(), true);
            const grpc = require(
                require.resolve("@grpc/grpc-js", { paths: [path.dirname(servicesPath)] }),
            ) as typeof import("@grpc/grpc-js");
            const server = new grpc.Server();
            let seen: unknown;
            server.addService(services.AnalyzerService as unknown as import("@grpc/grpc-js").ServiceDefinition, {
                analyze: (call: { request: Request }, callback: (e: null, r: unknown) => void) => {
                    seen = decodedProperties(call.request.getProperties());
                    const { AnalyzeResponse } = require(
                        require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policySdk] }),
                    ) as { AnalyzeResponse: new () => unknown };
                    callback(null, new AnalyzeResponse());
                },
            });
            const port = await new Promise<number>((resolve, reject) =>
                server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
                    e ? reject(e) : resolve(p),
                ),
            );
            const Client = grpc.makeGenericClientConstructor(services.AnalyzerService as never, "Analyzer");
            const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as {
                analyze(req: unknown, cb: (e: unknown) => void): void;
                close(): void;
            };
            try {
                const request = analyzeRequest({
                    type: "t",
                    name: "vm",
                    properties: { osProfile: { computerName: "vm" } },
                });
                await new Promise<void>((resolve, reject) =>
                    client.analyze(request, (e) => (e ? reject(e) : resolve())),
                );
                assert.deepStrictEqual(seen, { osProfile: { computerName: "vm" } });
            } finally {
                client.close();
                server.forceShutdown();
            }
        });
    });
});
