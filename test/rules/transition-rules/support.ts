/** What the transition-rule tests share: the paths a finding names, and a valid Windows VM in a mode. */
import type { PatchProfile } from "../../../rules";
import { IMG, nativeVm, read, T, type VmSpec } from "../fixtures";

export const EAU = "osProfile.windowsConfiguration.enableAutomaticUpdates";
export const MODE = "osProfile.windowsConfiguration.patchSettings.patchMode";

/** A valid Windows VM in `mode`: enableAutomaticUpdates as that mode needs it (false only for Manual). */
export function windowsIn(mode: string, changes: Partial<VmSpec> = {}): PatchProfile {
    return read(
        T.nativeVm,
        nativeVm({
            os: "Windows",
            image: IMG.win2019,
            patchMode: mode,
            enableAutomaticUpdates: mode !== "Manual",
            ...changes,
        }),
    );
}
