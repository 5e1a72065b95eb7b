/**
 * What a PatchAssessment stores (schema version 1, documented in docs/feature-registration.md): its
 * inputs and the assessment's result.
 */
import type { ArmConnection, TimeoutsArgs } from "../arm";
import type { PatchAssessmentResult } from "./compute-calls";

/** Bump when the stored shape changes; the handlers must keep reading every earlier version. */
export const ASSESSMENT_STATE_SCHEMA_VERSION = 1;

export interface PatchAssessmentInputs {
    connection: ArmConnection;
    resourceGroupName: string;
    vmName: string;
    /** Any change of these values runs a new assessment. */
    triggers?: Record<string, string>;
    timeouts?: TimeoutsArgs;
    progressUrn?: string;
}

export interface PatchAssessmentState extends PatchAssessmentInputs, PatchAssessmentResult {
    schemaVersion: number;
    vmId: string;
    /** When this provider ran the assessment (ISO 8601). */
    assessedAt: string;
}
