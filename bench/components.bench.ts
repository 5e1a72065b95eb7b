/**
 * Components benchmark, as ratios against baselines measured in the same run:
 * 1. 500 Windows VMs through `PatchedWindowsVirtualMachine` versus the same 500 VMs written by hand
 *    (raw azure-native VirtualMachine + NetworkInterface, patch settings typed in), under the same
 *    mocks. Target: <= 1.5x. The component also registers itself and its transition guard per VM.
 * 2. Import time of `pulumi-azure-vm-patching/components` versus `@pulumi/azure-native/compute` alone,
 *    each in fresh child processes, median of several runs.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { PatchedWindowsVirtualMachine } from "../components";

const VMS = 500;
const IMPORT_RUNS = 7;
const TARGET = 1.5;
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

function viaComponent(i: number): void {
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
function byHand(i: number): void {
    const nic = new network.NetworkInterface(`vm${i}-nic`, {
        resourceGroupName: "rg",
        location: "westeurope",
        ipConfigurations: [
            { name: "ipconfig1", primary: true, privateIPAllocationMethod: "Dynamic", subnet: { id: SUBNET } },
        ],
    });
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
        { deleteBeforeReplace: true, additionalSecretOutputs: ["osProfile"] },
    );
}

/** Milliseconds to declare `count` resources (VMs here) and have every registration answered by the mock engine. */
export async function timeProgram(
    declare: (i: number) => void,
    count: number,
): Promise<{ ms: number; resources: number }> {
    return state.withLocalStorage(async () => {
        let resources = 0;
        await pulumi.runtime.setMocks({
            newResource: (args) => {
                resources++;
                return { id: args.custom ? `/mock/${args.name}` : undefined, state: args.inputs };
            },
            call: (args) => args.inputs,
        });
        const start = process.hrtime.bigint();
        for (let i = 0; i < count; i++) declare(i);
        await settings.waitForRPCs();
        return { ms: Number(process.hrtime.bigint() - start) / 1e6, resources };
    });
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds for a fresh Node process to require `module` (process start included, as for a user). */
function importMs(module: string): number {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(module)})`], { cwd: REPO_ROOT });
    if (result.status !== 0) throw new Error(`require(${module}) failed: ${result.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
}

const SCENARIOS = { component: viaComponent, hand: byHand } as const;
type Scenario = keyof typeof SCENARIOS;

/** Runs one scenario in this process (a child): warm up, measure, print the result as JSON. */
async function runScenario(name: Scenario): Promise<void> {
    await timeProgram(SCENARIOS[name], 20);
    console.log(JSON.stringify(await timeProgram(SCENARIOS[name], VMS)));
}

/** Each scenario in a fresh process, so neither inherits the other's heap (the SDK's GC load is heavy). */
function measure(name: Scenario): { ms: number; resources: number } {
    const result = spawnSync(process.execPath, [__filename, name], { cwd: REPO_ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${name} scenario failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
}

export async function main(): Promise<void> {
    const hand = measure("hand");
    const component = measure("component");
    const ratio = component.ms / hand.ms;
    console.log(`${VMS} Windows VMs under the same mocks, each side in a fresh process after a 20-VM warm-up:`);
    console.log(`  by hand (VM + NIC):            ${hand.ms.toFixed(0)} ms, ${hand.resources} registrations`);
    console.log(`  PatchedWindowsVirtualMachine:  ${component.ms.toFixed(0)} ms, ${component.resources} registrations`);
    console.log(`  ratio ${ratio.toFixed(2)}x (target <= ${TARGET}x) ${ratio <= TARGET ? "OK" : "OVER TARGET"}`);

    const componentsImport: number[] = [];
    const computeImport: number[] = [];
    for (let run = 0; run < IMPORT_RUNS; run++) {
        componentsImport.push(importMs("pulumi-azure-vm-patching/components"));
        computeImport.push(importMs("@pulumi/azure-native/compute"));
    }
    const importRatio = median(componentsImport) / median(computeImport);
    console.log(`import time, fresh process, median of ${IMPORT_RUNS}:`);
    console.log(`  @pulumi/azure-native/compute alone:   ${median(computeImport).toFixed(0)} ms`);
    console.log(`  pulumi-azure-vm-patching/components:   ${median(componentsImport).toFixed(0)} ms`);
    console.log(`  ratio ${importRatio.toFixed(2)}x`);
}

if (require.main === module) {
    const scenario = process.argv[2] as Scenario | undefined;
    (scenario ? runScenario(scenario) : main()).catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
