/**
 * `npm run bench`: runs every benchmark in bench/ (files named *.bench.ts) one after another, each in
 * its own child process so one benchmark's loaded modules and mocks cannot skew another's numbers.
 * Each benchmark prints its own measurements as ratios against a baseline measured in the same run.
 * `npm run bench -- components` runs only the benchmarks whose file name contains "components".
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const filter = process.argv[2];
const benches = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith(".bench.js") && (!filter || file.includes(filter)))
    .sort();

if (benches.length === 0) {
    console.error(`no benchmark matches ${filter ?? "(any)"} in ${__dirname}`);
    process.exit(1);
}

let failed = 0;
for (const bench of benches) {
    console.log(`\n=== ${bench.replace(/\.bench\.js$/, "")}`);
    const result = spawnSync(process.execPath, [path.join(__dirname, bench)], { stdio: "inherit" });
    if (result.status !== 0) {
        failed++;
        console.error(`${bench} failed (exit ${result.status})`);
    }
}
process.exit(failed === 0 ? 0 : 1);
