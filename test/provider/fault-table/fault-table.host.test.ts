/**
 * Every row of the fault table (scenarios.ts) against the fake ARM server, through the real SDK clients
 * and Pulumi's dynamic-provider host; then a sweep: no token, password or private key in any message,
 * log line, output or state any row produced; and the table in docs/feature-registration.md is this one.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { CLIENT_SECRET, FAULT_TABLE, PASSWORD, PRIVATE_KEY } from "./scenarios";
import { World } from "./world";

/** The lines of a PEM's base64 body: any one of them in a text means the key leaked. */
const pemBodyLines = (pem: string) => pem.split("\n").filter((line) => line !== "" && !line.startsWith("-----"));

describe("fault table: what users can rely on (fake ARM, real SDK clients, dynamic-provider host)", function () {
    this.timeout(60_000);
    const world = new World();
    before(() => world.start());
    after(() => world.stop());

    for (const row of FAULT_TABLE) {
        it(`${row.id} ${row.subject}: ${row.fault} -> ${row.outcome}`, async () => {
            world.fake.reset(row.arm ?? {});
            world.other.reset({});
            for (const fault of row.faults ?? []) world.fake.addFault(fault);
            row.setup?.(world.fake, world.other);
            row.expect(await world.run(row.call));
        });
    }

    it("no token, password, client secret or private key in any message, log line, output or state", () => {
        const secrets = [world.fake.token, PASSWORD, CLIENT_SECRET, ...pemBodyLines(PRIVATE_KEY)];
        const texts = world.producedTexts();
        // The sweep must look at what the rows produced, or it proves nothing.
        assert.ok(texts.filter((t) => t.length > 0).length > FAULT_TABLE.length);
        for (const text of texts) {
            for (const secret of secrets) {
                assert.ok(!text.includes(secret), `a secret reached a message, log or state: ${text.slice(0, 300)}`);
            }
        }
    });

    it("is the table docs/feature-registration.md shows", () => {
        const docs = fs.readFileSync(
            path.resolve(__dirname, "..", "..", "..", "..", "docs", "feature-registration.md"),
            "utf8",
        );
        const documented = docs
            .split("\n")
            .filter((line) => /^\| [A-Z]\d\d /.test(line))
            .map((line) =>
                line
                    .split("|")
                    .slice(1, -1)
                    .map((cell) => cell.trim()),
            );
        assert.deepEqual(
            documented,
            FAULT_TABLE.map((row) => [row.id, row.subject, row.fault, row.outcome]),
        );
    });
});
