/**
 * What the profile-rule tests share: the azure-native property paths a finding names, and compliant
 * VMs with some settings changed, evaluated in each provider's shape.
 */
import { COMPLIANT_LINUX, COMPLIANT_WINDOWS, classicVm, evaluate, nativeVm, T, type VmSpec } from "../fixtures";

export const WIN = "osProfile.windowsConfiguration";
export const LIN = "osProfile.linuxConfiguration";
export const P = {
    patchMode: `${WIN}.patchSettings.patchMode`,
    eau: `${WIN}.enableAutomaticUpdates`,
    agent: `${WIN}.provisionVMAgent`,
    hotpatch: `${WIN}.patchSettings.enableHotpatching`,
    assessment: `${WIN}.patchSettings.assessmentMode`,
    reboot: `${WIN}.patchSettings.automaticByPlatformSettings.rebootSetting`,
    bypass: `${WIN}.patchSettings.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule`,
    linuxPatchMode: `${LIN}.patchSettings.patchMode`,
    linuxAgent: `${LIN}.provisionVMAgent`,
};

/** A compliant Windows VM with some settings changed, evaluated as azure-native input. */
export function win(changes: Partial<VmSpec>) {
    return evaluate(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, ...changes }));
}

/** A compliant Linux VM with some settings changed, evaluated as azure-native input. */
export function linux(changes: Partial<VmSpec>) {
    return evaluate(T.nativeVm, nativeVm({ ...COMPLIANT_LINUX, ...changes }));
}

/** A VM evaluated in the classic `@pulumi/azure` shape. */
export function classic(spec: VmSpec) {
    const { type, props } = classicVm(spec);
    return evaluate(type, props);
}
