/**
 * The benchmarks' shared verdict machinery (bench/support/rounds.ts): sides run in alternating order,
 * a round's samples pair up, and the median is the middle value (or the mean of the middle two).
 */
import * as assert from "node:assert/strict";
import { alternate, pairRatios, summarize, Verdicts } from "../../bench/support/rounds";

describe("benchmark rounds", () => {
    it("runs the sides alternately, A B A B, and keeps each side's samples in round order", async () => {
        const order: string[] = [];
        const samples = await alternate(3, ["a", "b"] as const, (side, round) => {
            order.push(`${side}${round}`);
            return round;
        });
        assert.deepEqual(order, ["a0", "b0", "a1", "b1", "a2", "b2"]);
        assert.deepEqual(samples, { a: [0, 1, 2], b: [0, 1, 2] });
    });

    it("summarizes min, median and max for odd and even counts", () => {
        assert.deepEqual(summarize([3, 1, 2]), { min: 1, median: 2, max: 3 });
        assert.deepEqual(summarize([4, 1, 3, 2]), { min: 1, median: 2.5, max: 4 });
        assert.throws(() => summarize([]), /no samples/);
    });

    it("pairs each round's samples into ratios and refuses uneven sides", () => {
        assert.deepEqual(pairRatios([2, 9], [1, 3]), [2, 3]);
        assert.throws(() => pairRatios([1], [1, 2]), /as many samples/);
    });

    it("sets a failing exit code only when a target is missed", () => {
        const previous = process.exitCode;
        const log = console.log;
        console.log = () => {};
        try {
            process.exitCode = undefined;
            const met = new Verdicts();
            met.check("ratio", 1.1, "at most", 1.15);
            met.check("speedup", 2.6, "at least", 2.5);
            met.finish();
            assert.equal(process.exitCode, undefined);
            const missed = new Verdicts();
            missed.check("ratio", 1.2, "at most", 1.15);
            missed.finish();
            assert.equal(process.exitCode, 1);
        } finally {
            console.log = log;
            process.exitCode = previous;
        }
    });
});
