/**
 * The pieces of the CI reports that real runs rarely reach: escaping of text no message holds today
 * (workflow-command separators, XML's forbidden characters, Markdown that would break a table), the
 * choice of a resource's source frame, and the default source root.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { defaultSourceRoot, failsAt } from "../../check/reports/findings";
import { escapeData, escapeProperty } from "../../check/reports/github-annotations";
import { escapeXml } from "../../check/reports/junit";
import { markdownCell } from "../../check/reports/markdown";
import { frameFile, userSourceLocation, withParentSources } from "../../check/source-location";

describe("check/reports: escaping", () => {
    it("workflow commands: a message cannot end its command or start another", () => {
        const text = "50% done\r\n::error::injected, a:b";
        assert.equal(escapeData(text), "50%25 done%0D%0A::error::injected, a:b");
        assert.equal(escapeProperty(text), "50%25 done%0D%0A%3A%3Aerror%3A%3Ainjected%2C a%3Ab");
    });

    it("XML: the five entities, and characters XML 1.0 forbids become spaces", () => {
        assert.equal(
            escapeXml(`<a href="x">'&'</a>\u0000\u001b[31m`),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;  [31m",
        );
        assert.equal(escapeXml("tab\tand\nline, émoji 🚀"), "tab\tand\nline, émoji 🚀");
    });

    it("Markdown cells: no pipe, line break or HTML ends the cell or the table", () => {
        const cell = markdownCell("a | b\nc <script> *bold* [link](x) `code`");
        assert.ok(!/(?<!\\)\|/.test(cell));
        assert.ok(!cell.includes("\n") && !cell.includes("<script>"));
        assert.equal(cell, "a \\| b<br>c &lt;script&gt; \\*bold\\* \\[link\\](x) \\`code\\`");
    });
});

describe("check/reports: what fails", () => {
    it("mandatory always; advisory at --fail-on advisory unless it cannot be checked yet; remediate never", () => {
        assert.equal(failsAt({ level: "mandatory" }, "mandatory"), true);
        assert.equal(failsAt({ level: "advisory", kind: "violation" }, "mandatory"), false);
        assert.equal(failsAt({ level: "advisory", kind: "violation" }, "advisory"), true);
        assert.equal(failsAt({ level: "advisory", kind: "undetermined" }, "advisory"), false);
        assert.equal(failsAt({ level: "mandatory", kind: "undetermined" }, "mandatory"), true);
        assert.equal(failsAt({ level: "remediate" }, "advisory"), false);
    });
});

describe("check/source-location", () => {
    const project = path.join(os.tmpdir(), "some-project");
    const library = [path.join(os.tmpdir(), "lib", "components")];
    const frame = (file: string, line: number) => ({ uri: pathToFileURL(file).href, line, column: 5 });

    it("the first frame that is the user's: not this library, not node_modules", () => {
        const location = userSourceLocation(
            [
                undefined,
                frame(path.join(library[0], "vm.ts"), 20),
                frame(path.join(project, "node_modules", "@pulumi", "pulumi", "resource.js"), 3),
                frame(path.join(project, "src", "vms.ts"), 12),
                frame(path.join(project, "index.ts"), 4),
            ],
            project,
            library,
        );
        assert.deepEqual(location, { file: "src/vms.ts", line: 12, column: 5 });
        assert.equal(userSourceLocation([frame(path.join(library[0], "vm.ts"), 20)], project, library), undefined);
    });

    it("an ES module's frame, which the SDK turns into <cwd>/file:/..., names the module's file", () => {
        const esm = pathToFileURL(path.join(project, "my dir", "index.mjs")).href;
        const mangled = pathToFileURL(path.resolve(esm)).href;
        assert.equal(frameFile(mangled), path.join(project, "my dir", "index.mjs"));
        assert.equal(frameFile(pathToFileURL(path.join(project, "a.ts")).href), path.join(project, "a.ts"));
        assert.equal(frameFile("node:internal/modules"), undefined);
    });

    it("a resource registered where no frame was the user's takes its nearest ancestor's line", () => {
        const source = { file: "index.ts", line: 7, column: 1 };
        const resources = withParentSources([
            { urn: "vm", parent: "component", name: "vm" },
            { urn: "component", parent: "stack", source },
            { urn: "stack", parent: "" },
            { urn: "orphan", parent: "orphan" },
        ]);
        assert.deepEqual(
            resources.map((r) => r.source),
            [source, source, undefined, undefined],
        );
    });

    it("the default source root: the project's repository (its .git), else the working directory", () => {
        const repo = fs.mkdtempSync(path.join(os.tmpdir(), "source-root-"));
        fs.mkdirSync(path.join(repo, "infra", "stack"), { recursive: true });
        fs.writeFileSync(path.join(repo, ".git"), "gitdir: elsewhere\n");
        assert.equal(defaultSourceRoot(path.join(repo, "infra", "stack"), "/"), repo);
        const loose = fs.mkdtempSync(path.join(os.tmpdir(), "no-repo-"));
        assert.equal(defaultSourceRoot(loose, loose), loose);
    });
});
