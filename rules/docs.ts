/** The Azure documentation each rule links to, so a developer can read why. */
export const DOCS = {
    guestPatching: "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching",
    patchModes:
        "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching#patch-orchestration-modes",
    supportedImages:
        "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching#supported-os-images",
    hotpatch: "https://learn.microsoft.com/windows-server/get-started/hotpatch",
    apiVersions:
        "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching#requirements-for-enabling-automatic-vm-guest-patching",
    flexibleScaleSets:
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-health-extension",
    assessment: "https://learn.microsoft.com/azure/update-manager/assessment-options",
    createOnly:
        "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching#changing-the-patch-mode",
} as const;
