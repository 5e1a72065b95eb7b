/**
 * The transition guard (R12, R13): the dynamic resource beside each VM that remembers the patch
 * settings the VM was given and refuses, at preview, a change Azure would refuse.
 */
export { PatchTransitionGuard, type PatchTransitionGuardArgs } from "./transition-guard";
