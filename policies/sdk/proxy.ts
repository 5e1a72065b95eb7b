/**
 * Adapter: what the policy SDK hands a policy beyond its typed API. @pulumi/policy marks an unknown
 * value (preview) with one sentinel string per type and wraps the properties in proxies that give out
 * their target under a special key; both live in `@pulumi/policy/proxy`, whose typings export nothing,
 * so they are read here from the module's runtime exports, never retyped. Secrets it keeps wrapped are
 * its `Secret` class. test/policies/sdk/policy-sdk.contract.test.ts checks all of it against the
 * pinned SDK.
 */
import { Secret } from "@pulumi/policy";

interface ProxyModule {
    readonly getSpecialProxyTarget: string;
    readonly unknownBooleanValue: string;
    readonly unknownNumberValue: string;
    readonly unknownStringValue: string;
    readonly unknownArrayValue: string;
    readonly unknownAssetValue: string;
    readonly unknownArchiveValue: string;
    readonly unknownObjectValue: string;
}

const proxy = require("@pulumi/policy/proxy") as ProxyModule;

/** The SDK's unknown sentinels, one per type (the engine sends the string one for every unknown). */
export const POLICY_UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    proxy.unknownBooleanValue,
    proxy.unknownNumberValue,
    proxy.unknownStringValue,
    proxy.unknownArrayValue,
    proxy.unknownAssetValue,
    proxy.unknownArchiveValue,
    proxy.unknownObjectValue,
]);

/** The key under which the SDK's proxies hand out their target. */
export const PROXY_TARGET_KEY: string = proxy.getSpecialProxyTarget;

/** What a policy SDK `Secret` holds; undefined for any other value. */
export function secretValue(value: unknown): { secret: true; value: unknown } | undefined {
    return value instanceof Secret ? { secret: true, value: value.value } : undefined;
}
