/**
 * Components benchmark, as ratios against baselines measured in the same run:
 * 1. 500 Windows VMs through `PatchedWindowsVirtualMachine` versus the same 500 VMs written by hand
 *    (raw azure-native VirtualMachine + NetworkInterface, patch settings typed in), under the same
 *    mocks, each side in a fresh process, in alternating rounds (hand, component, hand, component...).
 *    Each round's pair gives a ratio of the CPU time the program took (this process's, every thread:
 *    on a machine shared with other jobs it is steadier than wall time, which is printed too); the
 *    verdict is the median of those ratios. The component also registers itself and its transition
 *    guard per VM. Target: <= 1.3x; exit code 1 when missed.
 *    A third side, for reference (no target): the hand-written VMs without azure-native's API-version
 *    type aliases, which the component drops from its children (components/child-aliases.ts) and
 *    which cost the SDK most of a hand-written VM's work. component/that ratio is what the component's
 *    own two registrations (itself and its guard) cost beside the same VM and NIC.
 * 2. Import time of `pulumi-azure-vm-patching/components` versus `@pulumi/azure-native/compute` alone,
 *    each in fresh child processes, alternating, median of several runs (no target: reference).
 *
 * BENCH_ROUNDS changes the rounds of 1, BENCH_VMS its VMs per side.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { PatchedWindowsVirtualMachine } from "../components";
import { withoutVersionedTypeAliases } from "../components/child-aliases";
import { alternate, formatSummary, load, machine, ownCpuNs, pairRatios, summarize, Verdicts } from "./support/rounds";

const VMS = Number(process.env.BENCH_VMS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const IMPORT_RUNS = 7;
const TARGET = 1.3;
const REPO_ROOT = path.resolve(__dirname, "..", "..");

const state: { withLocalStorage<T>(callback: () => Promise<T>): Promise<T> } = require("@pulumi/pulumi/runtime/state");
const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");

const IMAGE = {
    publisher: "MicrosoftWindowsServer",
    offer: "WindowsServer",
    sku: "2019-Datacenter",
    version: "latest",
};
const SUBNET = "/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app";

export function viaComponent(i: number): void {
    new PatchedWindowsVirtualMachine(`vm${i}`, {
        resourceGroupName: "rg",
        location: "westeurope",
        vmSize: "Standard_D2s_v5",
        imageReference: IMAGE,
        adminUsername: "azureadmin",
        adminPassword: "bench-only-Passw0rd",
        subnetId: SUBNET,
    });
}

/** What a careful user writes by hand for the same VM: the settings the component derives, typed in. */
export function byHand(i: number, opts: pulumi.CustomResourceOptions = {}): void {
    const nic = new network.NetworkInterface(
        `vm${i}-nic`,
        {
            resourceGroupName: "rg",
            location: "westeurope",
            ipConfigurations: [
                { name: "ipconfig1", primary: true, privateIPAllocationMethod: "Dynamic", subnet: { id: SUBNET } },
            ],
        },
        opts,
    );
    new compute.VirtualMachine(
        `vm${i}`,
        {
            resourceGroupName: "rg",
            location: "westeurope",
            hardwareProfile: { vmSize: "Standard_D2s_v5" },
            storageProfile: {
                imageReference: IMAGE,
                osDisk: {
                    createOption: "FromImage",
                    managedDisk: { storageAccountType: "StandardSSD_LRS" },
                    deleteOption: "Delete",
                },
            },
            osProfile: {
                adminUsername: "azureadmin",
                adminPassword: pulumi.secret("bench-only-Passw0rd"),
                windowsConfiguration: {
                    provisionVMAgent: true,
                    enableAutomaticUpdates: true,
                    patchSettings: {
                        patchMode: "AutomaticByPlatform",
                        assessmentMode: "AutomaticByPlatform",
                        enableHotpatching: false,
                    },
                },
            },
            networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
        },
        { ...opts, deleteBeforeReplace: true, additionalSecretOutputs: ["osProfile"] },
    );
}

/** The same VM by hand, its NIC and VM without the type aliases the component drops from its children. */
export function byHandWithoutTypeAliases(i: number): void {
    byHand(i, { transformations: [withoutVersionedTypeAliases()] });
}

export interface ProgramCost {
    /** Wall time to declare the VMs and have every registration answered, ms. */
    readonly ms: number;
    /** CPU time of this process meanwhile (every thread, garbage collection included), ms. */
    readonly cpuMs: number;
    readonly resources: number;
}

/** Declares `count` VMs and waits until every registration is answered by the mock engine. */
export async function timeProgram(declare: (i: number) => void, count: number): Promise<ProgramCost> {
    return state.withLocalStorage(async () => {
        let resources = 0;
        await pulumi.runtime.setMocks({
            newResource: (args) => {
                resources++;
                return { id: args.custom ? `/mock/${args.name}` : undefined, state: args.inputs };
            },
            call: (args) => args.inputs,
        });
        const cpuBefore = ownCpuNs();
        const start = process.hrtime.bigint();
        for (let i = 0; i < count; i++) declare(i);
        await settings.waitForRPCs();
        return {
            ms: Number(process.hrtime.bigint() - start) / 1e6,
            cpuMs: (ownCpuNs() - cpuBefore) / 1e6,
            resources,
        };
    });
}

/** Milliseconds for a fresh Node process to require `module` (process start included, as for a user). */
function importMs(module: string): number {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(module)})`], { cwd: REPO_ROOT });
    if (result.status !== 0) throw new Error(`require(${module}) failed: ${result.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
}

const SCENARIOS = {
    component: viaComponent,
    hand: (i: number) => byHand(i),
    handWithoutTypeAliases: byHandWithoutTypeAliases,
} as const;
type Scenario = keyof typeof SCENARIOS;

/** Runs one scenario in this process (a child): warm up, measure, print the result as JSON. */
async function runScenario(name: Scenario): Promise<void> {
    await timeProgram(SCENARIOS[name], 20);
    console.log(JSON.stringify(await timeProgram(SCENARIOS[name], VMS)));
}

/** Each scenario in a fresh process, so neither inherits the other's heap (the SDK's GC load is heavy). */
function measure(name: Scenario): ProgramCost {
    const result = spawnSync(process.execPath, [__filename, name], { cwd: REPO_ROOT, encoding: "utf8" });
    if (result.status !== 0)
        throw new Error(`${name} scenario failed (${result.signal ?? `exit ${result.status}`}): ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
}

export async function main(): Promise<void> {
    const loadBefore = load();
    const runs = await alternate(ROUNDS, ["hand", "component", "handWithoutTypeAliases"] as const, (name) =>
        measure(name),
    );
    const { hand, component, handWithoutTypeAliases } = runs;
    console.log(
        `${VMS} Windows VMs under the same mocks, each side in a fresh process after a 20-VM warm-up, ` +
            `${ROUNDS} alternating rounds; ${machine()} (at start ${loadBefore})`,
    );
    for (const [label, side] of [
        ["by hand (VM + NIC)", hand],
        ["PatchedWindowsVirtualMachine", component],
        ["by hand without API-version type aliases (reference)", handWithoutTypeAliases],
    ] as const) {
        console.log(`  ${label}, ${side[0].resources} registrations:`);
        console.log(
            `    CPU  ${formatSummary(
                side.map((r) => r.cpuMs),
                "ms",
                0,
            )}`,
        );
        console.log(
            `    wall ${formatSummary(
                side.map((r) => r.ms),
                "ms",
                0,
            )}`,
        );
    }
    const cpuRatios = pairRatios(
        component.map((r) => r.cpuMs),
        hand.map((r) => r.cpuMs),
    );
    const wallRatios = pairRatios(
        component.map((r) => r.ms),
        hand.map((r) => r.ms),
    );
    console.log(`  ratio per round component/hand, CPU:  ${formatSummary(cpuRatios, "x", 3)}`);
    console.log(`  ratio per round component/hand, wall: ${formatSummary(wallRatios, "x", 3)} (reference)`);
    const ownRatios = pairRatios(
        component.map((r) => r.cpuMs),
        handWithoutTypeAliases.map((r) => r.cpuMs),
    );
    console.log(
        `  ratio per round component/hand without type aliases, CPU: ${formatSummary(ownRatios, "x", 3)} (reference: the component's and its guard's registrations)`,
    );
    const verdicts = new Verdicts();
    verdicts.check("component/hand CPU (median of rounds)", summarize(cpuRatios).median, "at most", TARGET);

    const imports = await alternate(IMPORT_RUNS, ["compute", "components"] as const, (name) =>
        importMs(name === "compute" ? "@pulumi/azure-native/compute" : "pulumi-azure-vm-patching/components"),
    );
    console.log(`import time, fresh process, ${IMPORT_RUNS} alternating runs (reference, no target):`);
    console.log(`  @pulumi/azure-native/compute alone:  ${formatSummary(imports.compute, "ms", 0)}`);
    console.log(`  pulumi-azure-vm-patching/components: ${formatSummary(imports.components, "ms", 0)}`);
    console.log(`  ratio per run ${formatSummary(pairRatios(imports.components, imports.compute), "x", 2)}`);
    verdicts.finish();
}

if (require.main === module) {
    const scenario = process.argv[2] as Scenario | undefined;
    (scenario ? runScenario(scenario) : main()).catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
