/**
 * Scale-set components benchmark, as a ratio against a baseline measured in the same run: 300 Linux
 * Flexible scale sets through `PatchedLinuxVirtualMachineScaleSet` versus the same scale sets written by
 * hand (raw azure-native VirtualMachineScaleSet with the settings and Application Health extension the
 * component derives, typed in), under the same mocks, each side in a fresh process. Target: <= 1.5x.
 * The component also registers itself per scale set (no transition guard: scale sets have none).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as compute from "@pulumi/azure-native/compute";
import { PatchedLinuxVirtualMachineScaleSet } from "../components";
import { timeProgram } from "./components.bench";

const SCALE_SETS = 100;
const RUNS = 3;
const TARGET = 1.5;
const REPO_ROOT = path.resolve(__dirname, "..", "..");

const IMAGE = { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts", version: "latest" };
const SUBNET = "/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchOnlyKey bench@example";

function viaComponent(i: number): void {
    new PatchedLinuxVirtualMachineScaleSet(`ss${i}`, {
        resourceGroupName: "rg",
        location: "westeurope",
        vmSize: "Standard_D2s_v5",
        imageReference: IMAGE,
        adminUsername: "ops",
        sshPublicKeys: [{ keyData: KEY }],
        subnetId: SUBNET,
    });
}

/** What a careful user writes by hand for the same scale set: the derived settings and extension, typed in. */
function byHand(i: number): void {
    new compute.VirtualMachineScaleSet(
        `ss${i}`,
        {
            resourceGroupName: "rg",
            location: "westeurope",
            orchestrationMode: "Flexible",
            platformFaultDomainCount: 1,
            sku: { name: "Standard_D2s_v5", capacity: 2 },
            virtualMachineProfile: {
                storageProfile: {
                    imageReference: IMAGE,
                    osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "StandardSSD_LRS" } },
                },
                osProfile: {
                    adminUsername: "ops",
                    linuxConfiguration: {
                        disablePasswordAuthentication: true,
                        ssh: { publicKeys: [{ keyData: KEY, path: "/home/ops/.ssh/authorized_keys" }] },
                        provisionVMAgent: true,
                        patchSettings: { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" },
                    },
                },
                networkProfile: {
                    networkApiVersion: "2020-11-01",
                    networkInterfaceConfigurations: [
                        {
                            name: `ss${i}-nic`,
                            primary: true,
                            ipConfigurations: [{ name: "ipconfig1", primary: true, subnet: { id: SUBNET } }],
                        },
                    ],
                },
                extensionProfile: {
                    extensions: [
                        {
                            name: "application-health",
                            publisher: "Microsoft.ManagedServices",
                            type: "ApplicationHealthLinux",
                            typeHandlerVersion: "1.0",
                            autoUpgradeMinorVersion: true,
                            settings: { protocol: "tcp", port: 22 },
                        },
                    ],
                },
            },
        },
        { additionalSecretOutputs: ["virtualMachineProfile"] },
    );
}

const SCENARIOS = { component: viaComponent, hand: byHand } as const;
type Scenario = keyof typeof SCENARIOS;

async function runScenario(name: Scenario): Promise<void> {
    await timeProgram(SCENARIOS[name], 20);
    console.log(JSON.stringify(await timeProgram(SCENARIOS[name], SCALE_SETS)));
}

function measure(name: Scenario): { ms: number; resources: number } {
    const result = spawnSync(process.execPath, [__filename, name], { cwd: REPO_ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${name} scenario failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

export async function main(): Promise<void> {
    // Alternating runs, median of each side: the machine may be shared, and its load drifts over a run.
    const hand: number[] = [];
    const component: number[] = [];
    let registrations = { hand: 0, component: 0 };
    for (let run = 0; run < RUNS; run++) {
        const h = measure("hand");
        const c = measure("component");
        hand.push(h.ms);
        component.push(c.ms);
        registrations = { hand: h.resources, component: c.resources };
    }
    const ratio = median(component) / median(hand);
    console.log(
        `${SCALE_SETS} Linux Flexible scale sets under the same mocks, each run in a fresh process after a warm-up, median of ${RUNS} alternating runs:`,
    );
    console.log(
        `  by hand (VirtualMachineScaleSet):      ${median(hand).toFixed(0)} ms, ${registrations.hand} registrations`,
    );
    console.log(
        `  PatchedLinuxVirtualMachineScaleSet:    ${median(component).toFixed(0)} ms, ${registrations.component} registrations`,
    );
    console.log(`  ratio ${ratio.toFixed(2)}x (target <= ${TARGET}x) ${ratio <= TARGET ? "OK" : "OVER TARGET"}`);
}

if (require.main === module) {
    const scenario = process.argv[2] as Scenario | undefined;
    (scenario ? runScenario(scenario) : main()).catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
