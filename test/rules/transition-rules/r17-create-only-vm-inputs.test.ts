/**
 * R17 (rules/transition-rules/r17-create-only-vm-inputs.ts) through checkTransition. Sources: Azure's
 * PropertyChangeNotAllowed for provisionVMAgent (checked before the call by Ansible's
 * azure_rm_virtualmachine), azurerm's ForceNew fields of its VM resources.
 */
import assert from "node:assert/strict";
import { checkTransition, type PatchProfile, UNKNOWN } from "../../../rules";
import {
    COMPLIANT_LINUX,
    classicUniformVmss,
    classicVm,
    expectFinding,
    ids,
    nativeVm,
    nativeVmss,
    read,
    T,
    type VmSpec,
} from "../fixtures";
import { windowsIn } from "./support";

const withInputs = (
    profile: PatchProfile,
    value: Record<string, unknown> | typeof UNKNOWN,
    secret = false,
): PatchProfile => ({
    ...profile,
    createOnlyInputs: {
        value,
        path: "createOnly",
        pathKeys: ["createOnly"],
        explicit: true,
        ...(secret ? { secret } : {}),
    },
});

describe("rule core: R17 a VM's create-only inputs", () => {
    it("provisionVMAgent cannot change on a Windows or Linux VM, azure-native or classic", () => {
        const cases: [PatchProfile, PatchProfile, string][] = [
            [
                windowsIn("AutomaticByOS"),
                windowsIn("AutomaticByOS", { provisionVMAgent: false }),
                "osProfile.windowsConfiguration.provisionVMAgent",
            ],
            [
                read(
                    T.nativeVm,
                    nativeVm({ ...COMPLIANT_LINUX, patchMode: "ImageDefault", assessmentMode: undefined }),
                ),
                read(
                    T.nativeVm,
                    nativeVm({
                        ...COMPLIANT_LINUX,
                        patchMode: "ImageDefault",
                        assessmentMode: undefined,
                        provisionVMAgent: false,
                    }),
                ),
                "osProfile.linuxConfiguration.provisionVMAgent",
            ],
            [
                read(T.classicWindowsVm, classicVm({ os: "Windows", patchMode: "AutomaticByOS" }).props),
                read(
                    T.classicWindowsVm,
                    classicVm({ os: "Windows", patchMode: "AutomaticByOS", provisionVMAgent: false }).props,
                ),
                "provisionVmAgent",
            ],
        ];
        for (const [before, after, path] of cases) {
            const result = checkTransition(before, after);
            const f = expectFinding(result, {
                ruleId: "R17",
                path,
                value: "false",
                allowed: "true (the value the VM was created with)",
            });
            assert.match(f.message, /PropertyChangeNotAllowed/);
            assert.match(f.fix, /allowReplacement: true/);
            const replaced = checkTransition(before, after, { allowReplacement: true });
            assert.equal(replaced.replace, true);
            assert.match(replaced.replaceReasons[0], /^\[R17\]/);
        }
    });
    it("a recorded create-only input that changes is refused, naming it by its argument", () => {
        const before = withInputs(windowsIn("AutomaticByOS"), { computerName: "web01", zones: ["1"] });
        const after = withInputs(windowsIn("AutomaticByOS"), { computerName: "web02", zones: ["1"] });
        const f = expectFinding(checkTransition(before, after), {
            ruleId: "R17",
            path: "computerName",
            value: '"web02"',
        });
        assert.match(f.message, /existing VM has "web01"/);
        assert.deepEqual(ids(checkTransition(before, before)), []);
    });
    it("a secret record is never shown; an unknown input leaves R17 undetermined; an input not recorded before is no change", () => {
        const before = withInputs(windowsIn("AutomaticByOS"), { adminUsername: "s3cr3t" }, true);
        const after = withInputs(windowsIn("AutomaticByOS"), { adminUsername: "other" }, true);
        const f = expectFinding(checkTransition(before, after), {
            ruleId: "R17",
            path: "adminUsername",
            value: "[secret]",
        });
        assert.doesNotMatch(f.message, /s3cr3t|other/);
        const unknown = checkTransition(before, withInputs(windowsIn("AutomaticByOS"), UNKNOWN));
        assert.deepEqual(ids(unknown), []);
        assert.deepEqual(
            unknown.undetermined.map((u) => u.ruleId),
            ["R17"],
        );
        const added = withInputs(windowsIn("AutomaticByOS"), { adminUsername: "s3cr3t", vmName: "x" }, true);
        assert.deepEqual(ids(checkTransition(before, added)), []);
    });
    it("scale sets are not subject to R12, R13 or R17 (enableAutomaticUpdates can be updated there)", () => {
        const vmss = (spec: Partial<VmSpec>) =>
            read(
                T.nativeVmss,
                nativeVmss({ os: "Windows", patchMode: "AutomaticByOS", enableAutomaticUpdates: true, ...spec }),
            );
        const result = checkTransition(
            vmss({}),
            vmss({ patchMode: "Manual", enableAutomaticUpdates: false, provisionVMAgent: false }),
        );
        assert.deepEqual(ids(result), []);
        const classic = classicUniformVmss({ os: "Windows", enableAutomaticUpdates: true });
        const flipped = classicUniformVmss({ os: "Windows", enableAutomaticUpdates: false, provisionVMAgent: false });
        assert.deepEqual(
            ids(checkTransition(read(classic.type, classic.props), read(flipped.type, flipped.props))),
            [],
        );
    });
});
