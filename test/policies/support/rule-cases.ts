/**
 * For every rule the pack checks: settings that break it and the same settings fixed, written once
 * and independent of the resource shape (docs/rules.md). The rule matrix builds each on every
 * resource type that can express it (support/targets.ts).
 */
import { CUSTOM_PATCHING_TAG } from "pulumi-azure-vm-patching";
import { IMAGES, type Orchestration, type PatchSpec } from "./targets";

export interface RuleCase {
    readonly ruleId: string;
    /** What the case shows, for the test title. */
    readonly what: string;
    readonly broken: PatchSpec;
    /** The broken settings with the fix the message proposes; the rule must then be silent. */
    readonly fixed: PatchSpec;
    /** Kinds of resource the rule is about (default: all). */
    readonly orchestrations?: readonly Orchestration[];
    /** Only azure-native shapes can express it (the classic provider sends the value itself). */
    readonly nativeOnly?: boolean;
}

const W = "Windows" as const;
const L = "Linux" as const;

export const RULE_CASES: readonly RuleCase[] = [
    {
        ruleId: "R0",
        what: "a boolean written as a string",
        broken: { os: W, provisionVMAgent: "yes" },
        fixed: { os: W, provisionVMAgent: true },
    },
    {
        ruleId: "R0",
        what: "a boolean written as a string (Linux)",
        broken: { os: L, provisionVMAgent: "true" },
        fixed: { os: L, provisionVMAgent: true },
    },
    {
        ruleId: "R1",
        what: "a Linux patch mode on Windows",
        broken: { os: W, patchMode: "ImageDefault" },
        fixed: { os: W, patchMode: "AutomaticByOS" },
    },
    {
        ruleId: "R1",
        what: "a Windows patch mode on Linux",
        broken: { os: L, patchMode: "Manual" },
        fixed: { os: L, patchMode: "ImageDefault" },
    },
    {
        ruleId: "R2",
        what: "AutomaticByOS with automatic updates off",
        broken: { os: W, patchMode: "AutomaticByOS", enableAutomaticUpdates: false },
        fixed: { os: W, patchMode: "AutomaticByOS", enableAutomaticUpdates: true },
    },
    {
        ruleId: "R3",
        what: "Manual with automatic updates on",
        broken: { os: W, patchMode: "Manual", enableAutomaticUpdates: true },
        fixed: { os: W, patchMode: "Manual", enableAutomaticUpdates: false },
    },
    {
        ruleId: "R4",
        what: "AutomaticByPlatform without the VM agent",
        broken: { os: W, patchMode: "AutomaticByPlatform", provisionVMAgent: false },
        fixed: { os: W, patchMode: "AutomaticByPlatform", provisionVMAgent: true },
    },
    {
        ruleId: "R4",
        what: "AutomaticByPlatform without the VM agent (Linux)",
        broken: { os: L, patchMode: "AutomaticByPlatform", provisionVMAgent: false },
        fixed: { os: L, patchMode: "AutomaticByPlatform", provisionVMAgent: true },
    },
    {
        ruleId: "R5",
        what: "AutomaticByPlatform with automatic updates off",
        broken: { os: W, patchMode: "AutomaticByPlatform", enableAutomaticUpdates: false },
        fixed: { os: W, patchMode: "AutomaticByPlatform", enableAutomaticUpdates: true },
    },
    {
        ruleId: "R6",
        what: "periodic assessment without the VM agent",
        broken: { os: W, assessmentMode: "AutomaticByPlatform", provisionVMAgent: false },
        fixed: { os: W, assessmentMode: "AutomaticByPlatform", provisionVMAgent: true },
    },
    {
        ruleId: "R6",
        what: "periodic assessment without the VM agent (Linux)",
        broken: { os: L, assessmentMode: "AutomaticByPlatform", provisionVMAgent: false },
        fixed: { os: L, assessmentMode: "AutomaticByPlatform", provisionVMAgent: true },
    },
    {
        ruleId: "R7",
        what: "hotpatch with patchMode AutomaticByOS",
        broken: { os: W, image: IMAGES.windowsHotpatch, enableHotpatching: true, patchMode: "AutomaticByOS" },
        fixed: { os: W, image: IMAGES.windowsHotpatch, enableHotpatching: true, patchMode: "AutomaticByPlatform" },
    },
    {
        ruleId: "R8",
        what: "hotpatch on an image that is not hotpatch-capable",
        broken: { os: W, image: IMAGES.windows, enableHotpatching: true, patchMode: "AutomaticByPlatform" },
        fixed: { os: W, image: IMAGES.windowsHotpatch, enableHotpatching: true, patchMode: "AutomaticByPlatform" },
    },
    {
        ruleId: "R8",
        what: "hotpatch on a custom image",
        broken: { os: W, image: IMAGES.custom, enableHotpatching: true, patchMode: "AutomaticByPlatform" },
        fixed: { os: W, image: IMAGES.custom, enableHotpatching: false, patchMode: "AutomaticByPlatform" },
    },
    {
        ruleId: "R9",
        what: "a hotpatch-capable image with patchMode AutomaticByOS (hotpatch never written)",
        broken: { os: W, image: IMAGES.windowsHotpatch, patchMode: "AutomaticByOS" },
        fixed: { os: W, image: IMAGES.windowsHotpatch, patchMode: "AutomaticByPlatform" },
    },
    {
        ruleId: "R10",
        what: "hotpatch with the platform's safety checks bypassed",
        broken: {
            os: W,
            image: IMAGES.windowsHotpatch,
            patchMode: "AutomaticByPlatform",
            enableHotpatching: true,
            bypass: true,
        },
        fixed: {
            os: W,
            image: IMAGES.windowsHotpatch,
            patchMode: "AutomaticByPlatform",
            enableHotpatching: true,
            bypass: false,
        },
    },
    {
        ruleId: "R11",
        what: "rebootSetting with patchMode AutomaticByOS",
        broken: { os: W, patchMode: "AutomaticByOS", rebootSetting: "IfRequired" },
        fixed: { os: W, patchMode: "AutomaticByPlatform", rebootSetting: "IfRequired" },
    },
    {
        ruleId: "R11",
        what: "bypass of safety checks with patchMode ImageDefault (Linux)",
        broken: { os: L, patchMode: "ImageDefault", bypass: true },
        fixed: { os: L, patchMode: "AutomaticByPlatform", bypass: true },
    },
    {
        ruleId: "R14",
        what: "automatic patching on a marketplace image not in the catalog",
        broken: { os: W, image: IMAGES.windowsUnlisted, patchMode: "AutomaticByPlatform" },
        // The fix the message offers: the customer-managed schedule.
        fixed: { os: W, image: IMAGES.windowsUnlisted, patchMode: "AutomaticByPlatform", bypass: true },
        orchestrations: ["vm", "flexible"],
    },
    {
        ruleId: "R14",
        what: "AutomaticByPlatform on an image not in the catalog (Linux)",
        broken: { os: L, image: IMAGES.linuxUnlisted, patchMode: "AutomaticByPlatform" },
        fixed: { os: L, image: IMAGES.linux, patchMode: "AutomaticByPlatform" },
        orchestrations: ["vm", "flexible"],
    },
    {
        ruleId: "R15",
        what: "assessmentMode on a type pinned to API version 2020-12-01",
        broken: { os: W, apiVersion: "2020-12-01", assessmentMode: "AutomaticByPlatform" },
        fixed: { os: W, apiVersion: "2021-03-01", assessmentMode: "AutomaticByPlatform" },
    },
    {
        ruleId: "R15",
        what: "bypass of safety checks on a type pinned to API version 2022-03-01 (Linux)",
        broken: { os: L, apiVersion: "2022-03-01", patchMode: "AutomaticByPlatform", bypass: false },
        fixed: { os: L, apiVersion: "2023-03-01", patchMode: "AutomaticByPlatform", bypass: false },
    },
    {
        ruleId: "R16",
        what: "an Azure Edition hotpatch image on a Uniform scale set",
        broken: { os: W, image: IMAGES.windowsHotpatch, assessmentMode: "ImageDefault" },
        fixed: { os: W, image: IMAGES.windows, assessmentMode: "ImageDefault" },
        orchestrations: ["uniform"],
    },
    {
        ruleId: "R16",
        what: "AutomaticByPlatform on a Uniform scale set (the preview is not opted in)",
        broken: { os: L, patchMode: "AutomaticByPlatform" },
        fixed: { os: L, patchMode: "ImageDefault" },
        orchestrations: ["uniform"],
    },
    {
        ruleId: "R16",
        what: "hotpatch turned off on a Flexible scale set with a hotpatch image",
        broken: { os: W, image: IMAGES.windowsHotpatch, patchMode: "AutomaticByPlatform", enableHotpatching: false },
        fixed: { os: W, image: IMAGES.windowsHotpatch, patchMode: "AutomaticByPlatform", enableHotpatching: true },
        orchestrations: ["flexible"],
    },
    {
        ruleId: "R20",
        what: "automatic updates on a Windows Uniform scale set with automatic OS image upgrades",
        broken: { os: W, automaticOSUpgrade: true, enableAutomaticUpdates: true, assessmentMode: "ImageDefault" },
        fixed: { os: W, automaticOSUpgrade: true, enableAutomaticUpdates: false, assessmentMode: "ImageDefault" },
        orchestrations: ["uniform"],
    },
    {
        ruleId: "R16",
        what: "a Flexible scale set patched by the platform without Application Health",
        broken: { os: W, patchMode: "AutomaticByPlatform", healthExtension: false },
        fixed: { os: W, patchMode: "AutomaticByPlatform", healthExtension: true },
        orchestrations: ["flexible"],
    },
    {
        ruleId: "R16",
        what: "a Flexible scale set patched by the platform without Application Health (Linux)",
        broken: { os: L, patchMode: "AutomaticByPlatform", healthExtension: false },
        fixed: { os: L, patchMode: "AutomaticByPlatform", healthExtension: true },
        orchestrations: ["flexible"],
    },
    {
        ruleId: "W6",
        what: "automatic patching on a custom image (never runs)",
        broken: { os: W, image: IMAGES.custom, patchMode: "AutomaticByPlatform" },
        fixed: { os: W, image: IMAGES.custom, patchMode: "AutomaticByPlatform", bypass: true },
        orchestrations: ["vm", "flexible"],
    },
    {
        ruleId: "W7",
        what: "a misspelled SKU of a known offer, where hotpatch's default depends on it",
        broken: {
            os: W,
            image: {
                publisher: "MicrosoftWindowsServer",
                offer: "WindowsServer",
                sku: "2022-datacenter-azure-editon-core",
            },
            patchMode: "AutomaticByOS",
        },
        fixed: {
            os: W,
            image: {
                publisher: "MicrosoftWindowsServer",
                offer: "WindowsServer",
                sku: "2022-datacenter-azure-editon-core",
            },
            patchMode: "AutomaticByOS",
            enableHotpatching: false,
        },
        orchestrations: ["vm", "flexible"],
        // The classic provider sends hotpatchingEnabled false itself: no Azure default follows the image.
        nativeOnly: true,
    },
    {
        ruleId: "W8",
        what: "a Windows configuration on a Linux image",
        broken: { os: W, image: IMAGES.linux, patchMode: "AutomaticByOS" },
        fixed: { os: W, image: IMAGES.windows, patchMode: "AutomaticByOS" },
        orchestrations: ["vm", "flexible"],
    },
    {
        ruleId: "W1",
        what: "AutomaticByOS where the image supports AutomaticByPlatform",
        broken: { os: W, patchMode: "AutomaticByOS" },
        fixed: { os: W, patchMode: "AutomaticByPlatform" },
        // patchMode cannot act on a Uniform scale set (the rule core's W1 leaves them out).
        orchestrations: ["vm", "flexible"],
    },
    {
        ruleId: "W1",
        what: "ImageDefault where the image supports AutomaticByPlatform (Linux)",
        broken: { os: L, patchMode: "ImageDefault" },
        fixed: { os: L, patchMode: "AutomaticByPlatform" },
        orchestrations: ["vm", "flexible"],
    },
    {
        ruleId: "W2",
        what: "no periodic assessment",
        broken: { os: W },
        fixed: { os: W, assessmentMode: "AutomaticByPlatform" },
    },
    {
        ruleId: "W2",
        what: "no periodic assessment (Linux)",
        broken: { os: L, assessmentMode: "ImageDefault" },
        fixed: { os: L, assessmentMode: "AutomaticByPlatform" },
    },
    {
        ruleId: "W3",
        what: "hotpatch off on a hotpatch-capable image",
        broken: { os: W, image: IMAGES.windowsHotpatch, patchMode: "AutomaticByPlatform", enableHotpatching: false },
        fixed: { os: W, image: IMAGES.windowsHotpatch, patchMode: "AutomaticByPlatform", enableHotpatching: true },
    },
    {
        ruleId: "W4",
        what: "Manual without a record of the patching solution",
        broken: { os: W, patchMode: "Manual", enableAutomaticUpdates: false },
        fixed: {
            os: W,
            patchMode: "Manual",
            enableAutomaticUpdates: false,
            tags: { [CUSTOM_PATCHING_TAG]: "WSUS, owned by team-x" },
        },
    },
];
