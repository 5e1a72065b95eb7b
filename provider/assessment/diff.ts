/**
 * The `diff` decision of PatchAssessment: another VM or subscription is another assessment (replace);
 * a changed trigger or connection runs a new one (update). Pure.
 */
import { sameName, sameValue } from "../dynamic";
import type { PatchAssessmentInputs, PatchAssessmentState } from "./state";

type Props = Record<string, unknown>;

export function diffAssessment(olds: Props, news: Props): { changes: boolean; replaces: string[] } {
    const o = olds as Partial<PatchAssessmentState>;
    const n = news as Partial<PatchAssessmentInputs>;
    const replaces: string[] = [];
    if (!sameName(o.connection?.subscriptionId, n.connection?.subscriptionId))
        replaces.push("connection.subscriptionId");
    if (!sameName(o.resourceGroupName, n.resourceGroupName)) replaces.push("resourceGroupName");
    if (!sameName(o.vmName, n.vmName)) replaces.push("vmName");
    const changes =
        replaces.length > 0 || !sameValue(o.triggers ?? {}, n.triggers ?? {}) || !sameValue(o.connection, n.connection);
    return { changes, replaces };
}
