/**
 * callArm's retry loop on its own, with a scripted clock and scripted ARM answers: what the user is told
 * when the deadline ends a run of failures. No server, so no timing luck decides the outcome.
 */
import * as assert from "node:assert/strict";
import { waitTiming } from "../../../provider/arm/timeouts";
import { ArmOperationError, callArm, Deadline, type WaitContext } from "../../../provider/arm/wait";

function context(clock: { now: number }): WaitContext {
    return {
        what: "registering",
        subscriptionId: "00000000-0000-0000-0000-000000000000",
        timing: waitTiming({ timeoutSeconds: 10, pollSeconds: 0.01, maxPollSeconds: 0.01, requestTimeoutSeconds: 5 }),
        deadline: new Deadline(10_000, () => clock.now),
        progress: () => {},
        clock: {
            now: () => clock.now,
            sleep: async (ms) => {
                clock.now += ms;
            },
        },
    };
}

const badGateway = Object.assign(new Error("Bad Gateway"), { statusCode: 502 });
const aborted = Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" });

describe("callArm at the deadline", () => {
    it("names ARM's last answer (502) when the deadline cut the final attempt short", async () => {
        const clock = { now: 0 };
        let calls = 0;
        // Each 502 costs 4.5 s of the 10 s deadline; the third attempt only has 0.5 s and is aborted.
        const op = async () => {
            calls++;
            clock.now += calls < 3 ? 4_500 : 500;
            throw calls < 3 ? badGateway : aborted;
        };
        const error = await callArm("register feature X", op, context(clock)).then(
            () => assert.fail("expected a failure"),
            (e: unknown) => e,
        );
        assert.ok(error instanceof ArmOperationError);
        assert.equal(error.deadlineReached, true);
        assert.match(error.message, /502|Bad Gateway/);
        assert.doesNotMatch(error.message, /timed out/);
    });

    it("says the request timed out when that is what ARM did with a full request timeout", async () => {
        const clock = { now: 0 };
        const op = async () => {
            clock.now += 5_000;
            throw aborted;
        };
        const error = await callArm("register feature X", op, context(clock)).then(
            () => assert.fail("expected a failure"),
            (e: unknown) => e as ArmOperationError,
        );
        assert.match(error.message, /did not answer in time/);
        assert.equal(error.deadlineReached, true);
    });
});
