/**
 * Mocha's spec reporter plus one closing line in the plain form CI reads in any language:
 * "tests: N passed, N failed, N skipped". Mocha's own "N passing" line is not one CI recognises.
 */
import Mocha from "mocha";

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(EVENT_RUN_END, () => {
            const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
            // Printed after Spec's epilogue, which also listens for EVENT_RUN_END.
            process.nextTick(() =>
                console.log(`tests: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped`),
            );
        });
    }
}

export = SummaryReporter;
