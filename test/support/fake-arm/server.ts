/**
 * A fake Azure Resource Manager on 127.0.0.1 for the provider tests and the benchmark: the
 * Microsoft.Features state machine (with configurable delays and manual approval), resource provider
 * registration, assessPatches as a long-running operation (Azure-AsyncOperation + Location), the VM
 * instance view, and injectable faults (any status with headers, connection resets, hung requests).
 * The real Azure SDK clients talk to it over https with a bearer token it checks.
 */
import * as crypto from "node:crypto";
import type * as http from "node:http";
import * as https from "node:https";
import type * as net from "node:net";
import type { FeatureState } from "../../../provider/features/registration-calls";
import { loopbackCertificate } from "./tls";

export type { FeatureState };

export interface FakeFeature {
    /** State at start (default NotRegistered). */
    state?: FeatureState;
    /** Time from register to Registered (default 0). */
    registerDelayMs?: number;
    /** Register leads to Pending (manual approval) instead of Registered. */
    requiresApproval?: boolean;
    /** Time from unregister to Unregistered (default 0). */
    unregisterDelayMs?: number;
}

export interface FakeVm {
    /** Time the assessment takes (default 0). */
    assessmentDelayMs?: number;
    /** The assessPatches result body (ARM JSON); null answers the result with an empty body. */
    assessment?: Record<string, unknown> | null;
    /** Headers on the 202 and each operation-status answer while the assessment runs (e.g. Retry-After). */
    pollHeaders?: Record<string, string>;
    /** Origin the operation-status and result URLs point at (default this server): another origin's poller bait. */
    operationOrigin?: string;
    /** Answer assessPatches without a Location: the poller then takes the operation-status body as the result. */
    noLocation?: boolean;
    /** instanceView.patchStatus (ARM JSON). */
    patchStatus?: Record<string, unknown>;
}

export interface FakeArmOptions {
    subscriptionId?: string;
    /** Features Azure knows, by name (namespace Microsoft.Compute unless written "Ns/Name"). */
    features?: Record<string, FakeFeature>;
    /** Time from resource provider register to Registered (default 0). */
    providerRegisterDelayMs?: number;
    /** VMs by "resourceGroup/vmName". */
    vms?: Record<string, FakeVm>;
}

export type FaultAction =
    | {
          kind: "status";
          status: number;
          headers?: Record<string, string>;
          /** ARM JSON (default an InjectedFault error). */
          body?: unknown;
          /** Sent as is instead of `body` (HTML pages, garbled JSON), with this content type. */
          raw?: string;
          contentType?: string;
          /** Puts the request's Authorization header into the error message, as a careless proxy would. */
          echoAuthorization?: boolean;
      }
    | { kind: "reset" }
    | { kind: "hang" };

export interface Fault {
    method?: string;
    /** Matches when the request path (without query) contains this text or matches this expression. */
    path?: string | RegExp;
    action: FaultAction;
    /** How many matching requests it affects (default 1). */
    times?: number;
}

export interface RequestRecord {
    readonly method: string;
    readonly path: string;
    readonly query: string;
    /** Milliseconds since the server started. */
    readonly at: number;
    readonly remoteAddress: string;
    /** Whether the request carried an Authorization header (never its value). */
    readonly authorized: boolean;
    outcome: number | "reset" | "hang";
}

export interface PropagationRecord {
    readonly at: number;
    /** Feature states (by lower-case name) when the provider registration was requested. */
    readonly featureStates: Readonly<Record<string, FeatureState>>;
}

interface FeatureRecord {
    namespace: string;
    name: string;
    state: FeatureState;
    next?: { state: FeatureState; at: number };
    config: FakeFeature;
}

interface Operation {
    id: string;
    vmKey: string;
    doneAt: number;
    startTime: string;
}

const API_VERSION = "api-version";

export class FakeArm {
    readonly subscriptionId: string;
    /** The only bearer token the fake accepts; shaped like Azure AD's (a JWT), so redaction meets the real shape. */
    readonly token = fakeJwt();
    readonly certificate = loopbackCertificate().cert;
    readonly requests: RequestRecord[] = [];
    readonly propagations: PropagationRecord[] = [];
    private options: FakeArmOptions;
    private readonly features = new Map<string, FeatureRecord>();
    private readonly vms = new Map<string, FakeVm>();
    private readonly operations = new Map<string, Operation>();
    private readonly faults: Array<Fault & { remaining: number }> = [];
    private readonly sockets = new Set<net.Socket>();
    private providerState: { state: string; next?: { state: string; at: number } } = { state: "Registered" };
    private readonly started = Date.now();
    private server: https.Server | undefined;
    private port = 0;

    constructor(options: FakeArmOptions = {}) {
        this.options = options;
        this.subscriptionId = options.subscriptionId ?? crypto.randomUUID();
        this.reset(options);
    }

    /**
     * Start over with these features, VMs and delays (same address, token and subscription): no faults,
     * no operations, no recorded requests, the resource provider Registered.
     */
    reset(options: Omit<FakeArmOptions, "subscriptionId">): void {
        this.options = { ...options, subscriptionId: this.subscriptionId };
        this.features.clear();
        this.vms.clear();
        this.operations.clear();
        this.faults.length = 0;
        this.requests.length = 0;
        this.propagations.length = 0;
        this.providerState = { state: "Registered" };
        for (const [key, config] of Object.entries(options.features ?? {})) this.addFeature(key, config);
        for (const [key, vm] of Object.entries(options.vms ?? {})) this.vms.set(key.toLowerCase(), vm);
    }

    get url(): string {
        return `https://127.0.0.1:${this.port}`;
    }

    addFeature(key: string, config: FakeFeature): void {
        const [namespace, name] = key.includes("/") ? key.split("/") : ["Microsoft.Compute", key];
        this.features.set(`${namespace}/${name}`.toLowerCase(), {
            namespace,
            name,
            state: config.state ?? "NotRegistered",
            config,
        });
    }

    /** Change a feature's state behind the provider's back (someone ran `az feature unregister`). */
    setFeatureState(name: string, state: FeatureState, namespace = "Microsoft.Compute"): void {
        const record = this.features.get(`${namespace}/${name}`.toLowerCase());
        if (record === undefined) throw new Error(`fake ARM: no feature ${name}`);
        record.state = state;
        record.next = undefined;
    }

    featureState(name: string, namespace = "Microsoft.Compute"): FeatureState | undefined {
        const record = this.features.get(`${namespace}/${name}`.toLowerCase());
        return record === undefined ? undefined : this.current(record);
    }

    /** Someone runs `az feature unregister`: the feature is Unregistering, then Unregistered after its delay. */
    startUnregistering(name: string, namespace = "Microsoft.Compute"): void {
        const record = this.features.get(`${namespace}/${name}`.toLowerCase());
        if (record === undefined) throw new Error(`fake ARM: no feature ${name}`);
        record.state = "Unregistering";
        record.next = { state: "Unregistered", at: this.now() + (record.config.unregisterDelayMs ?? 0) };
    }

    /** Approve a Pending feature: it becomes Registered. */
    approve(name: string): void {
        this.setFeatureState(name, "Registered");
    }

    setProviderState(state: string): void {
        this.providerState = { state };
    }

    addFault(fault: Fault): void {
        this.faults.push({ ...fault, remaining: fault.times ?? 1 });
    }

    /** Requests that reached ARM endpoints, optionally filtered. */
    requestsMatching(method: string, pathPart: string): RequestRecord[] {
        return this.requests.filter((r) => r.method === method && r.path.includes(pathPart));
    }

    async start(): Promise<this> {
        const { cert, key } = loopbackCertificate();
        const server = https.createServer({ cert, key }, (req, res) => this.handle(req, res));
        server.on("connection", (socket: net.Socket) => {
            this.sockets.add(socket);
            socket.on("close", () => this.sockets.delete(socket));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        this.server = server;
        this.port = (server.address() as net.AddressInfo).port;
        return this;
    }

    async close(): Promise<void> {
        for (const socket of this.sockets) socket.destroy();
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }

    private now(): number {
        return Date.now() - this.started;
    }

    private current(record: FeatureRecord): FeatureState {
        if (record.next !== undefined && this.now() >= record.next.at) {
            record.state = record.next.state;
            record.next = undefined;
        }
        return record.state;
    }

    private currentProvider(): string {
        const p = this.providerState;
        if (p.next !== undefined && this.now() >= p.next.at) {
            p.state = p.next.state;
            p.next = undefined;
        }
        return p.state;
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        const url = new URL(req.url ?? "/", "https://127.0.0.1");
        const record: RequestRecord = {
            method: req.method ?? "GET",
            path: url.pathname,
            query: url.search,
            at: this.now(),
            remoteAddress: req.socket.remoteAddress ?? "",
            authorized: req.headers.authorization !== undefined,
            outcome: 0,
        };
        this.requests.push(record);
        // Consume the body (the SDK sends one with some POSTs) before answering.
        req.resume();
        req.on("end", () => this.respond(req, res, url, record));
    }

    private respond(req: http.IncomingMessage, res: http.ServerResponse, url: URL, record: RequestRecord): void {
        const fault = this.faults.find(
            (f) =>
                f.remaining > 0 &&
                (f.method === undefined || f.method === record.method) &&
                (f.path === undefined ||
                    (typeof f.path === "string" ? record.path.includes(f.path) : f.path.test(record.path))),
        );
        if (fault !== undefined) {
            fault.remaining--;
            const action = fault.action;
            if (action.kind === "reset") {
                record.outcome = "reset";
                req.socket.destroy();
                return;
            }
            if (action.kind === "hang") {
                record.outcome = "hang";
                return; // never answers; close() destroys the socket
            }
            if (action.raw !== undefined) {
                this.sendRaw(res, record, action.status, action.raw, action.contentType, action.headers);
                return;
            }
            const body = action.echoAuthorization
                ? armError(
                      "InvalidAuthenticationToken",
                      `Token rejected. Request headers: Authorization: ${req.headers.authorization ?? "(none)"}`,
                  )
                : (action.body ?? armError("InjectedFault", "injected"));
            this.send(res, record, action.status, body, action.headers);
            return;
        }
        if (req.headers.authorization !== `Bearer ${this.token}`) {
            this.send(res, record, 401, armError("AuthenticationFailed", "Authentication failed: invalid token."));
            return;
        }
        if (!url.searchParams.has(API_VERSION)) {
            this.send(
                res,
                record,
                400,
                armError("MissingApiVersionParameter", "The api-version query parameter is required."),
            );
            return;
        }
        const route = this.route(record.method, record.path, url);
        this.send(res, record, route.status, route.body, route.headers);
    }

    private send(
        res: http.ServerResponse,
        record: RequestRecord,
        status: number,
        body: unknown,
        headers: Record<string, string> = {},
    ): void {
        record.outcome = status;
        const text = body === undefined ? "" : JSON.stringify(body);
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
        res.end(text);
    }

    private sendRaw(
        res: http.ServerResponse,
        record: RequestRecord,
        status: number,
        text: string,
        contentType = "text/html; charset=utf-8",
        headers: Record<string, string> = {},
    ): void {
        record.outcome = status;
        res.writeHead(status, { "content-type": contentType, ...headers });
        res.end(text);
    }

    private route(
        method: string,
        path: string,
        url: URL,
    ): { status: number; body?: unknown; headers?: Record<string, string> } {
        const sub = `/subscriptions/${this.subscriptionId}`;
        const p = decodeURIComponent(path);
        if (!p.toLowerCase().startsWith(sub.toLowerCase())) {
            return {
                status: 404,
                body: armError("SubscriptionNotFound", `The subscription in ${p} could not be found.`),
            };
        }
        const rest = p.slice(sub.length);
        let m =
            /^\/providers\/Microsoft\.Features\/providers\/([^/]+)\/features\/([^/]+)(\/register|\/unregister)?$/i.exec(
                rest,
            );
        if (m) return this.featureRoute(method, m[1], m[2], m[3]?.toLowerCase());
        m = /^\/providers\/([^/]+)(\/register)?$/i.exec(rest);
        if (m) return this.providerRoute(method, m[1], m[2] !== undefined);
        m = /^\/providers\/Microsoft\.Compute\/locations\/([^/]+)\/operations\/([^/]+)$/i.exec(rest);
        if (m && method === "GET") return this.operationRoute(m[2], url.searchParams.get("monitor") === "true");
        m =
            /^\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)\/(assessPatches|instanceView)$/i.exec(
                rest,
            );
        if (m) return this.vmRoute(method, `${m[1]}/${m[2]}`.toLowerCase(), m[3].toLowerCase(), m[2]);
        return { status: 404, body: armError("NotFound", `No route for ${method} ${p}`) };
    }

    private featureBody(record: FeatureRecord) {
        return {
            id: `/subscriptions/${this.subscriptionId}/providers/Microsoft.Features/providers/${record.namespace}/features/${record.name}`,
            name: `${record.namespace}/${record.name}`,
            type: "Microsoft.Features/providers/features",
            properties: { state: this.current(record) },
        };
    }

    private featureRoute(method: string, namespace: string, name: string, action: string | undefined) {
        const record = this.features.get(`${namespace}/${name}`.toLowerCase());
        if (record === undefined) {
            return {
                status: 404,
                body: armError("FeatureNotFound", `The feature '${name}' could not be found.`),
            };
        }
        if (action === undefined) {
            return method === "GET" ? { status: 200, body: this.featureBody(record) } : { status: 405 };
        }
        if (method !== "POST") return { status: 405 };
        const state = this.current(record);
        if (action === "/register" && (state === "NotRegistered" || state === "Unregistered")) {
            if (record.config.requiresApproval) {
                record.state = "Pending";
            } else {
                record.state = "Registering";
                record.next = { state: "Registered", at: this.now() + (record.config.registerDelayMs ?? 0) };
                this.current(record);
            }
        } else if (
            action === "/unregister" &&
            (state === "Registered" || state === "Registering" || state === "Pending")
        ) {
            record.state = "Unregistering";
            record.next = { state: "Unregistered", at: this.now() + (record.config.unregisterDelayMs ?? 0) };
            this.current(record);
        }
        return { status: 200, body: this.featureBody(record) };
    }

    private providerRoute(method: string, namespace: string, register: boolean) {
        const body = () => ({
            id: `/subscriptions/${this.subscriptionId}/providers/${namespace}`,
            namespace,
            registrationState: this.currentProvider(),
            resourceTypes: [],
        });
        if (!register) return method === "GET" ? { status: 200, body: body() } : { status: 405 };
        if (method !== "POST") return { status: 405 };
        const featureStates: Record<string, FeatureState> = {};
        for (const [key, record] of this.features) featureStates[key] = this.current(record);
        this.propagations.push({ at: this.now(), featureStates });
        this.providerState = {
            state: "Registering",
            next: { state: "Registered", at: this.now() + (this.options.providerRegisterDelayMs ?? 0) },
        };
        this.currentProvider();
        return { status: 200, body: body() };
    }

    private vmRoute(method: string, vmKey: string, action: string, vmName: string) {
        const vm = this.vms.get(vmKey);
        if (vm === undefined) {
            return {
                status: 404,
                body: armError(
                    "ResourceNotFound",
                    `The Resource 'Microsoft.Compute/virtualMachines/${vmName}' was not found.`,
                ),
            };
        }
        if (action === "instanceview") {
            if (method !== "GET") return { status: 405 };
            return { status: 200, body: { computerName: vmName, patchStatus: vm.patchStatus } };
        }
        if (method !== "POST") return { status: 405 };
        const id = crypto.randomUUID();
        this.operations.set(id, {
            id,
            vmKey,
            doneAt: this.now() + (vm.assessmentDelayMs ?? 0),
            startTime: new Date().toISOString(),
        });
        const base = `${vm.operationOrigin ?? this.url}/subscriptions/${this.subscriptionId}/providers/Microsoft.Compute/locations/westeurope/operations/${id}`;
        return {
            status: 202,
            headers: {
                ...vm.pollHeaders,
                "azure-asyncoperation": `${base}?api-version=2026-03-01`,
                ...(vm.noLocation ? {} : { location: `${base}?monitor=true&api-version=2026-03-01` }),
            },
        };
    }

    private operationRoute(id: string, monitor: boolean) {
        const op = this.operations.get(id);
        if (op === undefined) return { status: 404, body: armError("OperationNotFound", `Operation ${id} not found.`) };
        const done = this.now() >= op.doneAt;
        const vm = this.vms.get(op.vmKey);
        const result = vm?.assessment === null ? undefined : (vm?.assessment ?? { status: "Succeeded" });
        if (monitor) {
            return done ? { status: 200, body: result } : { status: 202, body: undefined };
        }
        return {
            status: 200,
            ...(done ? {} : { headers: vm?.pollHeaders }),
            body: {
                name: id,
                startTime: op.startTime,
                status: done ? "Succeeded" : "InProgress",
                ...(done ? { endTime: new Date().toISOString(), properties: { output: result } } : {}),
            },
        };
    }
}

/** A token with the shape of an Azure AD access token (header.payload.signature, base64url), signed by nobody. */
function fakeJwt(): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const header = part({ typ: "JWT", alg: "RS256" });
    const payload = part({
        aud: "https://management.azure.com",
        oid: crypto.randomUUID(),
        nonce: crypto.randomBytes(16).toString("hex"),
    });
    return `${header}.${payload}.${crypto.randomBytes(32).toString("base64url")}`;
}

export function armError(code: string, message: string) {
    return { error: { code, message } };
}

export async function startFakeArm(options: FakeArmOptions = {}): Promise<FakeArm> {
    return new FakeArm(options).start();
}
