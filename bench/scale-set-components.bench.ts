/**
 * Scale-set components benchmark, as a ratio against a baseline measured in the same run: 300 Linux
 * Flexible scale sets through `PatchedLinuxVirtualMachineScaleSet` versus the same scale sets written by
 * hand (raw azure-native VirtualMachineScaleSet with the settings and Application Health extension the
 * component derives, typed in), under the same mocks, each side in a fresh process. The sides alternate
 * (hand, component, hand, component...), each round's pair gives a ratio of CPU time (on a shared
 * machine wall time measures the neighbours), and the verdict is the median of those ratios, stated
 * with min and max. Target: <= 1.5x; exit code 1 when missed. BENCH_ROUNDS changes the rounds.
 * The component also registers itself per scale set (no transition guard: scale sets have none).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as compute from "@pulumi/azure-native/compute";
import { PatchedLinuxVirtualMachineScaleSet } from "../components";
import { type ProgramCost, timeProgram } from "./components.bench";
import { alternate, formatSummary, load, machine, pairRatios, summarize, Verdicts } from "./support/rounds";

const SCALE_SETS = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
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

function measure(name: Scenario): ProgramCost {
    const result = spawnSync(process.execPath, [__filename, name], { cwd: REPO_ROOT, encoding: "utf8" });
    if (result.status !== 0)
        throw new Error(`${name} scenario failed (${result.signal ?? `exit ${result.status}`}): ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
}

export async function main(): Promise<void> {
    const loadBefore = load();
    const costs = await alternate(ROUNDS, ["hand", "component"] as const, (name) => measure(name));
    console.log(
        `${SCALE_SETS} Linux Flexible scale sets under the same mocks, each run in a fresh process after a warm-up, ${ROUNDS} alternating rounds; ${machine()} (at start ${loadBefore})`,
    );
    for (const [label, name] of [
        ["by hand (VirtualMachineScaleSet)", "hand"],
        ["PatchedLinuxVirtualMachineScaleSet", "component"],
    ] as const) {
        const sample = costs[name];
        console.log(
            `  ${label.padEnd(36)} CPU ${formatSummary(
                sample.map((c) => c.cpuMs),
                "ms",
                0,
            )}; wall ${formatSummary(
                sample.map((c) => c.ms),
                "ms",
                0,
            )}; ${sample[0].resources} registrations`,
        );
    }
    const ratios = pairRatios(
        costs.component.map((c) => c.cpuMs),
        costs.hand.map((c) => c.cpuMs),
    );
    console.log(`  ratio per round, CPU component/hand: ${formatSummary(ratios, "x", 3)}`);
    const verdicts = new Verdicts();
    verdicts.check("component/hand CPU (median of rounds)", summarize(ratios).median, "at most", TARGET);
    verdicts.finish();
}

if (require.main === module) {
    const scenario = process.argv[2] as Scenario | undefined;
    (scenario ? runScenario(scenario) : main()).catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
