/**
 * How a component's refusal of its arguments reaches a host that wants every refusal of a run, not only
 * the first (the offline check reports them all, like policy violations). Without a collector, a
 * refusal throws, as `pulumi preview` expects. With one, the component hands the refusal to it and
 * the program goes on; what the component would have built on the refused arguments never registers
 * (its inputs fail with the same error, which the host recognises).
 *
 * The collector is found under a global symbol, so a program with its own copy of this package reaches
 * the host's collector too. Its shape is this file's contract: change it only compatibly.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Finding } from "../rules";

/** The global symbol a host sets its collector under. */
export const REFUSAL_COLLECTOR = Symbol.for("pulumi-azure-vm-patching.refusal-collector");

export interface ComponentRefusal {
    /** The error a plain run would have thrown; later failures caused by the refusal carry it too. */
    readonly error: Error;
    /** The component that refused its arguments. */
    readonly resource: pulumi.Resource;
    /** The rule core's findings behind the refusal (empty for an argument error no rule covers). */
    readonly findings: readonly Finding[];
    readonly message: string;
}

export type RefusalCollector = (refusal: ComponentRefusal) => void;

/** The host's collector, if it installed one. */
export function refusalCollector(): RefusalCollector | undefined {
    const collector = (globalThis as Record<symbol, unknown>)[REFUSAL_COLLECTOR];
    return typeof collector === "function" ? (collector as RefusalCollector) : undefined;
}
