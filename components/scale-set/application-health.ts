/**
 * The Application Health extension a scale set patched by the platform needs (R16): Azure's automatic
 * guest patching on a scale set upgrades instances batch by batch and uses the extension to tell
 * whether an instance is healthy after patching.
 * https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching (requirements for scale sets),
 * https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-health-extension
 */
import { type OsType, readAzureNativeScaleSet } from "../../rules";
import type { ApplicationHealthArgs } from "./args";

/** The extension types the rule core (and Azure) recognise as Application Health, by OS. */
export const APPLICATION_HEALTH_TYPE: Readonly<Record<OsType, string>> = {
    Windows: "ApplicationHealthWindows",
    Linux: "ApplicationHealthLinux",
};

const DEFAULT_PORT: Readonly<Record<OsType, number>> = { Windows: 3389, Linux: 22 };

/** The extension as azure-native's VirtualMachineScaleSetExtension takes it. */
export function applicationHealthExtension(os: OsType, probe: ApplicationHealthArgs = {}): Record<string, unknown> {
    const protocol = probe.protocol ?? "tcp";
    return {
        name: "application-health",
        publisher: "Microsoft.ManagedServices",
        type: APPLICATION_HEALTH_TYPE[os],
        typeHandlerVersion: "1.0",
        autoUpgradeMinorVersion: true,
        settings: {
            protocol,
            port: probe.port ?? DEFAULT_PORT[os],
            ...(protocol !== "tcp" && probe.requestPath !== undefined ? { requestPath: probe.requestPath } : {}),
        },
    };
}

/**
 * True when the user's extensions already include an Application Health extension, as the rule core
 * (and so the policy pack) reads a scale set's extension profile.
 */
export function hasApplicationHealth(extensions: readonly unknown[] | undefined): boolean {
    const profile = readAzureNativeScaleSet({ virtualMachineProfile: { extensionProfile: { extensions } } });
    return profile.hasApplicationHealthExtension.value === true;
}
