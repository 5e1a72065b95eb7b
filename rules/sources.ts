/**
 * The public sources the rules come from, in one place: each rule cites some of them (its `sources`),
 * docs/rules.md lists them per rule, and `DOCS` are the pages a finding's message links to.
 *
 * Microsoft's documentation states the behaviour; the Compute REST API specification states the
 * property contracts (enums, "must be true" notes, API versions); the Terraform azurerm provider's
 * validations show what another mature tool refuses before calling Azure.
 */

/** The Azure documentation each finding links to (`docUrl`), so a developer can read why. */
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
    orchestrationModes:
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
    customImages: "https://learn.microsoft.com/azure/update-manager/manage-updates-customized-images",
    scheduledPatching: "https://learn.microsoft.com/azure/update-manager/support-matrix-updates",
    automaticOsUpgrade:
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-automatic-upgrade",
    createOnly:
        "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching#changing-the-patch-mode",
} as const;

/** A public document a rule is taken from. */
export interface RuleSource {
    /** What the document is and what in it states the rule, in a few words. */
    readonly title: string;
    readonly url: string;
}

const REST_SPEC =
    "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable";
const AZURERM = "https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/compute";

/** Every source a rule cites, by name. */
export const SOURCES = {
    guestPatching: {
        title: "Microsoft: Automatic guest patching for Azure VMs and scale sets",
        url: DOCS.guestPatching,
    },
    patchModes: {
        title: "Microsoft: automatic guest patching, patch orchestration modes",
        url: DOCS.patchModes,
    },
    supportedImages: {
        title: "Microsoft: automatic guest patching, supported OS images",
        url: DOCS.supportedImages,
    },
    guestPatchingRequirements: {
        title: "Microsoft: automatic guest patching, requirements (API versions)",
        url: DOCS.apiVersions,
    },
    changingPatchMode: {
        title: "Microsoft: automatic guest patching, changing the patch mode of an existing VM",
        url: DOCS.createOnly,
    },
    hotpatch: {
        title: "Microsoft: Hotpatch for Windows Server (supported images, requirements)",
        url: DOCS.hotpatch,
    },
    enableHotpatchAzureEdition: {
        title: "Microsoft: enable Hotpatch for Windows Server Azure Edition VMs",
        url: "https://learn.microsoft.com/windows-server/get-started/enable-hotpatch-azure-edition",
    },
    azureEdition: {
        title: "Microsoft: Windows Server Azure Edition",
        url: "https://learn.microsoft.com/windows-server/get-started/azure-edition",
    },
    assessmentOptions: {
        title: "Microsoft: Azure Update Manager, assessment options (periodic assessment)",
        url: DOCS.assessment,
    },
    periodicAssessmentPolicy: {
        title: "Microsoft: Azure Update Manager, enable periodic assessment at scale with Azure Policy",
        url: "https://learn.microsoft.com/azure/update-manager/periodic-assessment-at-scale",
    },
    applicationHealthExtension: {
        title: "Microsoft: Application Health extension for scale sets",
        url: DOCS.flexibleScaleSets,
    },
    orchestrationModes: {
        title: "Microsoft: scale set orchestration modes",
        url: DOCS.orchestrationModes,
    },
    restVirtualMachine: {
        title: "Compute REST API spec (2024-07-01): virtualMachine.json, WindowsConfiguration and PatchSettings",
        url: `${REST_SPEC}/2024-07-01/virtualMachine.json`,
    },
    restScaleSet: {
        title: "Compute REST API spec (2024-07-01): virtualMachineScaleSet.json",
        url: `${REST_SPEC}/2024-07-01/virtualMachineScaleSet.json`,
    },
    restApiVersions: {
        title: "Compute REST API spec: every stable API version (when each patch property appeared)",
        url: "https://github.com/Azure/azure-rest-api-specs/tree/main/specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable",
    },
    azurermWindowsVm: {
        title: "Terraform azurerm: windows_virtual_machine_resource.go (patch settings validation, ForceNew)",
        url: `${AZURERM}/windows_virtual_machine_resource.go`,
    },
    azurermLinuxVm: {
        title: "Terraform azurerm: linux_virtual_machine_resource.go (patch settings validation)",
        url: `${AZURERM}/linux_virtual_machine_resource.go`,
    },
    azurermWindowsScaleSet: {
        title: "Terraform azurerm: windows_virtual_machine_scale_set_resource.go",
        url: `${AZURERM}/windows_virtual_machine_scale_set_resource.go`,
    },
    azurermOrchestratedScaleSet: {
        title: "Terraform azurerm: orchestrated_virtual_machine_scale_set_resource.go (Flexible: hotpatch images keep hotpatching_enabled, health extension)",
        url: `${AZURERM}/orchestrated_virtual_machine_scale_set_resource.go`,
    },
    azurermSharedSchema: {
        title: "Terraform azurerm: shared_schema.go (the hotpatch-capable image list)",
        url: `${AZURERM}/shared_schema.go`,
    },
    azurermFlexibleHotpatchError: {
        title: "Terraform azurerm PR 24335: Azure's error \"'EnableHotpatching' must be set to 'true' on Virtual Machine Scale Sets running Hotpatch-compatible images\"",
        url: "https://github.com/hashicorp/terraform-provider-azurerm/pull/24335",
    },
    uniformPatchingPreview: {
        title: "Azure Verified Modules issue 3634: AutomaticByPlatform on a Uniform scale set needs InGuestAutoPatchVmssUniformPreview, which stays Pending",
        url: "https://github.com/Azure/bicep-registry-modules/issues/3634",
    },
    customImages: {
        title: "Microsoft: Azure Update Manager, manage updates for customized images (automatic guest patching does not run on them)",
        url: DOCS.customImages,
    },
    scheduledPatchingSupport: {
        title: "Microsoft: Azure Update Manager, support matrix (images supported for scheduled patching)",
        url: DOCS.scheduledPatching,
    },
    automaticOsUpgrade: {
        title: "Microsoft: automatic OS image upgrades for scale sets",
        url: DOCS.automaticOsUpgrade,
    },
    restAutomaticOsUpgradeError: {
        title: 'aks-engine issue 1795: Azure\'s error "windowsConfiguration.enableAutomaticUpdates cannot be set to true if upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade is already true"',
        url: "https://github.com/Azure/aks-engine/issues/1795",
    },
    restLinuxPatchSettings: {
        title: "Compute REST API spec PR 11768 (2020-12-01): Linux patch settings and enableHotpatching added",
        url: "https://github.com/Azure/azure-rest-api-specs/pull/11768",
    },
    restRebootSettingUnknown: {
        title: "Compute REST API spec PR 18581 (2022-03-01): automaticByPlatformSettings.rebootSetting, its enum with the read-back value Unknown",
        url: "https://github.com/Azure/azure-rest-api-specs/pull/18581",
    },
    propertyChangeNotAllowed: {
        title: "Ansible azure_rm_virtualmachine: Azure's PropertyChangeNotAllowed for windowsConfiguration.provisionVMAgent, checked before the call",
        url: "https://github.com/ansible-collections/azure/blob/dev/plugins/modules/azure_rm_virtualmachine.py",
    },
    azurermLinuxVmForceNew: {
        title: "Terraform azurerm: linux_virtual_machine_resource.go (ForceNew: admin_username, computer_name, provision_vm_agent, source image, zone...)",
        url: `${AZURERM}/linux_virtual_machine_resource.go`,
    },
} as const satisfies Record<string, RuleSource>;
