/**
 * The data of one diagnostic of this pack, for programs (the offline check, CI tooling): the rules it
 * reports, what kind of report it is, and the property (as keys) its finding is about, or the
 * properties whose values are unknown. Its encoder (the pack) and its decoder (the offline check,
 * anyone reading the pack's diagnostics) are both here.
 *
 * Where it travels: the Analyzer protocol's AnalyzeDiagnostic has policyName, policyPackName,
 * policyPackVersion, description, message, enforcementLevel, urn and severity, and nothing meant for
 * data (@pulumi/policy 1.21 sets no other field). The pack has two policies, not one per rule (one
 * per rule would rename what organisations configure, and cost more per resource than the pack's
 * budget: docs/policy-pack.md, "Cost"), so policyName cannot name the rule. `message` is what people
 * read: the Pulumi CLI prints it, and nothing may be parsed back out of it. `description` is the
 * policy's description, which the pack already replaces per diagnostic and the CLI does not print:
 * it carries this record, as one JSON object.
 *
 *     {"format":"azure-vm-patching/diagnostic","version":1,"summary":"R3: Manual needs ...",
 *      "kind":"violation","ruleIds":["R3"],"path":["osProfile","windowsConfiguration",
 *      "enableAutomaticUpdates"]}
 *
 * What people read (the value, what is allowed, the fix) stays in the message, and what the rule says
 * about itself (title, doc link, sources) is the rule's metadata, found by its id: a second copy in
 * every diagnostic would double the bytes each preview sends through the SDK's protobuf code (measured:
 * about 14 us more per diagnostic), for no information the reader lacks.
 *
 * `version` changes with any incompatible change; a reader that does not know a version reads no data
 * (rather than wrong data). Nothing in the record is a value of the resource: no secret can be in it.
 */
import { z } from "zod";
import type { PolicyReport } from "./checks";

export const DIAGNOSTIC_DATA_FORMAT = "azure-vm-patching/diagnostic";
export const DIAGNOSTIC_DATA_VERSION = 1;

const keys = z.array(z.string());

const diagnosticData = z.object({
    format: z.literal(DIAGNOSTIC_DATA_FORMAT),
    version: z.literal(DIAGNOSTIC_DATA_VERSION),
    /** One line for people: the rule ids and what they check (what the description said before). */
    summary: z.string(),
    /**
     * violation: the rule is broken; exempted: broken, but an exemption covers the resource;
     * undetermined: a value the rules need is unknown (or whether an exemption applies is);
     * configuration: the policy's configuration is invalid (no rule).
     */
    kind: z.enum(["violation", "exempted", "undetermined", "configuration"]),
    /** Every rule the diagnostic reports: one, several for a grouped "cannot be checked yet", none for configuration. */
    ruleIds: z.array(z.string()),
    /**
     * The property the finding is about, as keys in the resource's own shape (violation, exempted, an
     * undetermined exemption); [] when the finding is about no one property.
     */
    path: keys.optional(),
    /** The properties, as keys, whose unknown values keep the rules undecided. */
    unknownPaths: z.array(keys).optional(),
});

export type DiagnosticData = z.infer<typeof diagnosticData>;

/**
 * The description of a pack diagnostic: its report as one JSON record. Written field by field: the
 * pack encodes about one record per resource of every preview, and building an intermediate object
 * for JSON.stringify to walk costs more than the strings it holds.
 */
export function encodeDiagnosticData(report: PolicyReport): string {
    const { finding, unknownPaths } = report;
    let json = `{"format":"${DIAGNOSTIC_DATA_FORMAT}","version":${DIAGNOSTIC_DATA_VERSION},"summary":${JSON.stringify(report.description)},"kind":"${report.kind}","ruleIds":${JSON.stringify(report.ruleIds)}`;
    if (finding) json += `,"path":${JSON.stringify(finding.pathKeys)}`;
    if (unknownPaths) json += `,"unknownPaths":${JSON.stringify(unknownPaths)}`;
    return `${json}}`;
}

/**
 * The record in a diagnostic's description, or undefined when there is none this reader knows: a
 * diagnostic of another pack (free text), of a later format version, or not well-formed.
 */
export function decodeDiagnosticData(description: string): DiagnosticData | undefined {
    if (!description.startsWith("{")) return undefined;
    let json: unknown;
    try {
        json = JSON.parse(description);
    } catch {
        return undefined;
    }
    const parsed = diagnosticData.safeParse(json);
    return parsed.success ? parsed.data : undefined;
}
