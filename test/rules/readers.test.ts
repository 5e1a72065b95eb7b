/**
 * readResource: which type tokens carry patch settings, and what each shape reads as (resource kind,
 * OS, orchestration, API version, property paths), so rules can serve every shape alike.
 */
import assert from "node:assert/strict";
import { isPatchableType, profileOfSettings, readAzureNativeImage, readResource } from "../../rules";
import {
    COMPLIANT_LINUX,
    COMPLIANT_WINDOWS,
    classicOrchestratedVmss,
    classicUniformVmss,
    classicVm,
    IMG,
    nativeVm,
    nativeVmss,
    read,
    T,
} from "./fixtures";

describe("rule core: readers", () => {
    it("recognises VM and scale-set tokens, versioned or not, and nothing else", () => {
        for (const type of [...Object.values(T), "azure-native:compute/v20240301:VirtualMachine"]) {
            assert.ok(isPatchableType(type), type);
        }
        for (const type of [
            "azure-native:network:VirtualNetwork",
            "azure-native:compute:VirtualMachineExtension",
            "azure:compute/virtualMachine:VirtualMachine",
            "azure-native:compute/v2020:VirtualMachine",
        ]) {
            assert.equal(isPatchableType(type), false, type);
            assert.equal(readResource(type, nativeVm(COMPLIANT_WINDOWS)), undefined, type);
        }
    });

    it("a versioned azure-native token pins its API version; an unversioned one pins none", () => {
        assert.equal(read("azure-native:compute/v20200601:VirtualMachine", {}).apiVersion, "2020-06-01");
        assert.equal(read("azure-native:compute/v20201201:VirtualMachineScaleSet", {}).apiVersion, "2020-12-01");
        assert.equal(read(T.nativeVm, {}).apiVersion, undefined);
    });

    it("azure-native: the OS comes from the configuration block, else osDisk.osType, else the catalog", () => {
        assert.equal(read(T.nativeVm, nativeVm(COMPLIANT_LINUX)).os.value, "Linux");
        assert.equal(
            read(T.nativeVm, { storageProfile: { osDisk: { osType: "Windows" }, imageReference: IMG.linuxSupported } })
                .os.value,
            "Windows",
        );
        assert.equal(read(T.nativeVm, { storageProfile: { imageReference: IMG.win2019 } }).os.value, "Windows");
        assert.equal(read(T.nativeVm, { storageProfile: { imageReference: IMG.winUnlisted } }).os.value, undefined);
    });

    it("azure-native scale sets read under virtualMachineProfile, Uniform unless Flexible", () => {
        const uniform = read(T.nativeVmss, nativeVmss(COMPLIANT_WINDOWS));
        assert.equal(uniform.resourceKind, "scaleSet");
        assert.equal(uniform.orchestrationMode.value, undefined);
        assert.equal(
            uniform.patchMode.path,
            "virtualMachineProfile.osProfile.windowsConfiguration.patchSettings.patchMode",
        );
        const flexible = read(
            T.nativeVmss,
            nativeVmss({ ...COMPLIANT_LINUX, orchestrationMode: "flexible", healthExtension: true }),
        );
        assert.equal(flexible.orchestrationMode.value, "Flexible");
        assert.equal(flexible.hasApplicationHealthExtension.value, true);
    });

    it("classic shapes: OS and orchestration from the type, their own property names", () => {
        const vm = classicVm(COMPLIANT_WINDOWS);
        const windows = read(vm.type, vm.props);
        assert.deepEqual(
            [windows.resourceKind, windows.os.value, windows.patchMode.path],
            ["virtualMachine", "Windows", "patchMode"],
        );
        assert.equal(windows.enableAutomaticUpdates.path, "automaticUpdatesEnabled");
        assert.equal(windows.provisionVMAgent.path, "provisionVmAgent");
        assert.equal(windows.assessmentMode.path, "patchAssessmentMode");

        const linuxVmss = classicUniformVmss(COMPLIANT_LINUX);
        const uniform = read(linuxVmss.type, linuxVmss.props);
        assert.deepEqual(
            [uniform.resourceKind, uniform.os.value, uniform.orchestrationMode.value],
            ["scaleSet", "Linux", "Uniform"],
        );
        // No patchMode property on the classic Uniform shapes: Azure's default applies.
        assert.equal(uniform.patchMode.explicit, false);

        const orchestrated = classicOrchestratedVmss({ ...COMPLIANT_WINDOWS, healthExtension: true });
        const flexible = read(orchestrated.type, orchestrated.props);
        assert.deepEqual([flexible.os.value, flexible.orchestrationMode.value], ["Windows", "Flexible"]);
        assert.equal(flexible.patchMode.path, "osProfile.windowsConfiguration.patchMode");
        assert.equal(flexible.hasApplicationHealthExtension.value, true);
    });

    it("every field carries its path as keys, the shown path being the keys joined", () => {
        const scaleSet = read(T.nativeVmss, nativeVmss(COMPLIANT_WINDOWS));
        assert.deepEqual(scaleSet.enableAutomaticUpdates.pathKeys, [
            "virtualMachineProfile",
            "osProfile",
            "windowsConfiguration",
            "enableAutomaticUpdates",
        ]);
        const vm = classicVm(COMPLIANT_WINDOWS);
        const classic = read(vm.type, vm.props);
        assert.deepEqual(classic.enableAutomaticUpdates.pathKeys, ["automaticUpdatesEnabled"]);
        // The OS of a classic VM is its type, not a property: no keys to point at.
        assert.deepEqual([classic.os.pathKeys, classic.os.path], [[], "(resource type)"]);
        const component = profileOfSettings(
            { os: "Windows", patchMode: "Manual", provisionVMAgent: true, assessmentMode: "ImageDefault" },
            IMG.win2019,
            "patching",
        );
        assert.deepEqual(component.patchMode.pathKeys, ["patching", "patchMode"]);
        for (const profile of [scaleSet, classic, component]) {
            for (const field of Object.values(profile)) {
                if (
                    field === null ||
                    typeof field !== "object" ||
                    !("pathKeys" in field) ||
                    field.pathKeys.length === 0
                )
                    continue;
                assert.equal(field.path, field.pathKeys.join("."));
            }
        }
    });

    it("an azure-native imageReference alone reads as the VM reader reads its image", () => {
        for (const image of [IMG.win2019, IMG.custom, IMG.none]) {
            const props = nativeVm({ ...COMPLIANT_WINDOWS, image });
            const reference = (props.storageProfile as { imageReference?: unknown } | undefined)?.imageReference;
            assert.deepEqual(readAzureNativeImage(reference), read(T.nativeVm, props).image);
        }
    });

    it("classic hotpatchingEnabled absent reads as false (azurerm sends false), not as Azure's image default", () => {
        const vm = classicVm({ os: "Windows", image: IMG.winHotpatch, patchMode: "AutomaticByPlatform" });
        const profile = read(vm.type, vm.props);
        assert.equal(profile.enableHotpatching.value, false);
        const native = read(
            T.nativeVm,
            nativeVm({ os: "Windows", image: IMG.winHotpatch, patchMode: "AutomaticByPlatform" }),
        );
        assert.equal(native.enableHotpatching.value, undefined);
    });

    it("images: platform, custom (gallery id or classic sourceImageId) or none", () => {
        assert.deepEqual(read(T.nativeVm, nativeVm(COMPLIANT_WINDOWS)).image.value, IMG.win2019);
        assert.deepEqual(
            read(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, image: IMG.custom })).image.value,
            IMG.custom,
        );
        const classic = classicVm({ ...COMPLIANT_WINDOWS, image: IMG.custom });
        assert.deepEqual(read(classic.type, classic.props).image.value, IMG.custom);
        assert.deepEqual(read(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, image: IMG.none })).image.value, IMG.none);
    });
});
