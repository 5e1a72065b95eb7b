/**
 * R17: a VM's create-only inputs cannot change on an existing VM. provisionVMAgent is refused by Azure
 * ("Changing property 'windowsConfiguration.provisionVMAgent' is not allowed", PropertyChangeNotAllowed,
 * which Ansible's azure_rm_virtualmachine checks before calling); computerName, adminUsername, the image,
 * the zone, the OS disk's name and creation and the other inputs azurerm marks ForceNew cannot be
 * changed in place either. Pulumi would replace the VM (its OS disk included) or Azure would fail the
 * update half-way: refused at preview unless the user allowed replacement.
 *
 * provisionVMAgent is a patch setting (every profile has it). The other inputs are known only to the
 * transition guard, which records them (`createOnlyInputs`, by the component argument's name). Scale
 * sets are not subject: whether Azure refuses these changes there is not documented (azurerm marks some
 * ForceNew on scale sets too; see docs/rules.md, limitations).
 *
 * The admin password is one of them: azurerm marks admin_password ForceNew (Required, ForceNew,
 * Sensitive in windows_virtual_machine_resource.go, SOURCES.azurermWindowsVm; the Linux resource the
 * same), because osProfile.adminPassword of an existing VM is not changed by an update: a password is
 * reset inside the VM (the VMAccess extension, https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/reset-rdp).
 * The guard records only a salted digest of it (provider/guard/password-digest.ts) and lists it in
 * `secretKeys`: a message names the property, never a value.
 */
import { isUnknown } from "../profile";
import type { Violation } from "../rule-context";
import { DOCS, SOURCES } from "../sources";
import { REPLACE_HINT } from "./mode-transitions";
import { transitionRule } from "./transition-rule";

/** Two recorded values are the same input: JSON of the plain values, absent and null alike. */
function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export const createOnlyVmInputs = transitionRule({
    id: "R17",
    severity: "error",
    title: "a VM's create-only inputs (provisionVMAgent, computerName, adminUsername, adminPassword, image, zone, OS disk...) cannot change on an existing VM",
    docUrl: DOCS.createOnly,
    sources: [SOURCES.propertyChangeNotAllowed, SOURCES.azurermWindowsVm, SOURCES.azurermLinuxVmForceNew],
    appliesTo: "VMs",
    check(before, after) {
        if (before.profile.resourceKind !== "virtualMachine") return [];
        const violations: Violation[] = [];
        const from = before.vmAgent();
        const to = after.vmAgent();
        if (from !== undefined && to !== undefined && from !== to) {
            const field = after.profile.provisionVMAgent;
            const fromText = before.shown(before.profile.provisionVMAgent, String(from));
            violations.push({
                field,
                reason: `provisionVMAgent is ${fromText} on the existing VM, and Azure does not allow changing it (PropertyChangeNotAllowed): the VM agent is installed, or not, when the VM is created.`,
                allowed: `${fromText} (the value the VM was created with)`,
                fix: `set provisionVMAgent back to ${before.profile.provisionVMAgent.secret ? "the value the VM was created with" : from}, or ${REPLACE_HINT}.`,
            });
        }
        const was = before.profile.createOnlyInputs;
        const will = after.profile.createOnlyInputs;
        if (was === undefined || will === undefined) return violations;
        const old = before.known(was);
        const next = after.known(will);
        // A record written before an input was recorded cannot say it changed: only inputs in both count.
        if (old === undefined || next === undefined) return violations;
        for (const key of Object.keys(next)) {
            if (!Object.hasOwn(old, key) || same(old[key], next[key])) continue;
            const secret = was.secret || will.secret || was.secretKeys?.includes(key) || will.secretKeys?.includes(key);
            if (isUnknown(next[key])) after.known({ ...will, value: next[key] });
            const shown = (value: unknown) =>
                secret ? "[secret]" : value == null ? "(not set)" : JSON.stringify(value);
            violations.push({
                field: {
                    value: next[key] ?? undefined,
                    path: key,
                    pathKeys: key.split("."),
                    explicit: true,
                    ...(secret ? { secret } : {}),
                },
                reason: `${key} can only be set when the VM is created (the existing VM has ${shown(old[key])}): Azure cannot change it in place, so the change needs a new VM, whose OS disk is created anew.`,
                allowed: `${shown(old[key])} (the value the VM was created with)`,
                fix: `set ${key} back to ${shown(old[key])}, or ${REPLACE_HINT}.`,
            });
        }
        return violations;
    },
});
