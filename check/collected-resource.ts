/**
 * One resource a program registered under the offline check's mocks, in the shape the Pulumi engine
 * gives a policy pack (AnalyzerResource): type, name, URN, the inputs in their wire form, and the
 * resource options a policy can read. It crosses a process boundary (program host -> check), so it is
 * plain JSON.
 */
export interface CollectedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** false for component resources (and the root stack). */
    readonly custom: boolean;
    /**
     * The inputs exactly as the program sent them to the engine: secrets stay wrapped in Pulumi's secret
     * envelope and unknowns are Pulumi's unknown sentinel, so the pack sees what it would see in a preview.
     */
    readonly properties: Record<string, unknown>;
    /** Parent URN ("" for none). */
    readonly parent: string;
    /** Provider reference (`<provider urn>::<id>`), "" for a default provider. */
    readonly provider: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly options: CollectedResourceOptions;
    /**
     * Where the user's code created the resource (source-location.ts): file relative to the project
     * directory ("/" separators), 1-based line and column; absent when no frame of the stack is theirs.
     */
    readonly source?: SourceLocation;
}

export interface SourceLocation {
    readonly file: string;
    readonly line: number;
    readonly column: number;
}

/**
 * A component that refused its arguments (components/refusal-collector.ts), as data: the run went on,
 * and the check reports it with the policy violations.
 */
export interface CollectedRefusal {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly message: string;
    /** The rule core's findings behind it: rule id, property path, message (none for a plain argument error). */
    readonly findings: readonly { readonly ruleId: string; readonly path: string; readonly message: string }[];
    readonly source?: SourceLocation;
}

export interface CollectedResourceOptions {
    readonly protect: boolean;
    readonly ignoreChanges: readonly string[];
    readonly deleteBeforeReplace: boolean;
    readonly deleteBeforeReplaceDefined: boolean;
    readonly additionalSecretOutputs: readonly string[];
    readonly aliases: readonly string[];
    readonly customTimeouts?: { readonly create: number; readonly update: number; readonly delete: number };
}

/** What the program host sends the check while and after the program runs. */
export type HostMessage =
    | { readonly kind: "progress"; readonly registered: number }
    | {
          readonly kind: "done";
          readonly resources: readonly CollectedResource[];
          readonly refusals: readonly CollectedRefusal[];
      }
    | {
          readonly kind: "failed";
          readonly message: string;
          readonly registered: number;
          /** The user's setup is at fault (a tsconfig TypeScript cannot read): exit 2, not 3. */
          readonly usage?: boolean;
      };

/** What the check asks the program host to run. */
export interface HostRequest {
    readonly entry: string;
    readonly projectDir: string;
    readonly projectName: string;
    readonly stackName: string;
    readonly typescript: boolean;
    readonly esm: boolean;
    readonly config: Readonly<Record<string, string>>;
    readonly secretKeys: readonly string[];
    /** Run as a preview: outputs the mocks do not return become unknown. */
    readonly preview: boolean;
}
