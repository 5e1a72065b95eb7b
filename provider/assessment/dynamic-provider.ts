/** The serialized provider of PatchAssessment. */
import { forwardingProvider } from "../dynamic";

export const patchAssessmentProvider = forwardingProvider("patchAssessmentHandlers");
