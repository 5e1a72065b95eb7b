/**
 * What the engine receives for each resource registration, captured at the resource monitor (the mock
 * engine's): the URN, the alias URNs, the import id and the resource options. Used to show that a
 * program that moves a VM under a component addresses the same resources as before.
 *
 * Alias URNs: the mock engine announces support for structured aliases, and then the engine resolves them.
 * `resolveAliasesInProgram` turns that support off for the program, so the Node SDK resolves each
 * alias to a URN itself (its `allAliases`, the resolution it uses with an engine that lacks alias specs)
 * and sends the URNs: what the real engine matches against the URNs in the stack's state.
 */
const state: { getStore(): { supportsAliasSpecs: boolean } } = require("@pulumi/pulumi/runtime/state");
const settings: { getMonitor(): unknown } = require("@pulumi/pulumi/runtime/settings");

export interface EngineRegistration {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly parent: string;
    readonly aliasUrns: readonly string[];
    readonly importId: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly ignoreChanges: readonly string[];
    readonly deletedWith: string;
    readonly customTimeouts?: { create?: string; update?: string; delete?: string };
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getAliasurnsList(): string[];
    getImportid(): string;
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getIgnorechangesList(): string[];
    getDeletedwith(): string;
    getCustomtimeouts(): { toObject(): { create?: string; update?: string; pb_delete?: string } } | undefined;
}

type Callback = (error: unknown, response?: { getUrn(): string }) => void;
interface Monitor {
    registerResource(request: RegisterRequest, callback: Callback): void;
}

/**
 * Call first thing in a program run under mocks: records every registration into `into`, with alias URNs
 * resolved by the SDK.
 */
export function captureRegistrations(into: EngineRegistration[]): void {
    state.getStore().supportsAliasSpecs = false;
    const monitor = settings.getMonitor() as Monitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) =>
        register(request, (error, response) => {
            if (response) {
                const timeouts = request.getCustomtimeouts()?.toObject();
                into.push({
                    type: request.getType(),
                    name: request.getName(),
                    urn: response.getUrn(),
                    parent: request.getParent(),
                    aliasUrns: request.getAliasurnsList(),
                    importId: request.getImportid(),
                    protect: request.getProtect(),
                    retainOnDelete: request.getRetainondelete(),
                    ignoreChanges: request.getIgnorechangesList(),
                    deletedWith: request.getDeletedwith(),
                    ...(timeouts
                        ? {
                              customTimeouts: {
                                  create: timeouts.create || undefined,
                                  update: timeouts.update || undefined,
                                  delete: timeouts.pb_delete || undefined,
                              },
                          }
                        : {}),
                });
            }
            callback(error, response);
        });
}

/** The registration of one resource by type and name; fails the test when there is none or several. */
export function registrationOf(registrations: readonly EngineRegistration[], type: string, name: string) {
    const found = registrations.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`${found.length} registrations of ${type} ${name}`);
    return found[0];
}

/** The URN the engine would find in the state for a new registration: its own, or one of its aliases. */
export function addressesUrn(registration: EngineRegistration, oldUrn: string): boolean {
    return registration.urn === oldUrn || registration.aliasUrns.includes(oldUrn);
}
