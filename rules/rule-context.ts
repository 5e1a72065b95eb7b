/**
 * The small vocabulary every rule check is written in: read a field (or stop, undetermined, when it is
 * unknown), and report a violation. Keeping it here lets each rule read like the sentence of its source,
 * and lets every kind of rule (profile, transition, organisation) share one meaning of "in effect".
 */
import type { CatalogImage } from "./image-catalog";
import { describeImage, type ImageSupport, lookupImage } from "./images";
import {
    AZURE_DEFAULTS,
    effectivePatchMode,
    type Field,
    isUnknown,
    type OsType,
    type PatchProfile,
    type RawField,
    UNKNOWN,
} from "./profile";

/** Thrown by {@link RuleContext.known} when a value is unknown; the evaluator records the rule as undetermined. */
export class UndeterminedValue {
    constructor(readonly field: Pick<Field<unknown>, "path" | "pathKeys">) {}
}

/** The property's own name, as the user's shape spells it (hotpatchingEnabled, enableHotpatching...). */
export function lastSegment(path: string): string {
    return path.slice(path.lastIndexOf(".") + 1);
}

/** The settings a fix may tell the user to change. */
export type SettingName =
    | "patchMode"
    | "enableAutomaticUpdates"
    | "provisionVMAgent"
    | "enableHotpatching"
    | "assessmentMode"
    | "rebootSetting"
    | "bypassPlatformSafetyChecksOnUserSchedule";

export interface Violation {
    /** The property to blame: its path and value appear in the message. */
    readonly field: Field<unknown>;
    /** The raw value to show, when it differs from field.value (wrong types). */
    readonly raw?: unknown;
    /**
     * The value in effect when the property is not written (Azure's default, e.g. the OS's patch
     * mode): shown after "(not set...)" so the user sees what the rule judged.
     */
    readonly inEffect?: string;
    /** Why Azure refuses it, one sentence. */
    readonly reason: string;
    readonly allowed: string;
    readonly fix: string;
}

/** What an organisation decides about rules that depend on its subscriptions (the pack's arguments). */
export interface OrganisationChoices {
    /**
     * The organisation's subscriptions have the gated preview feature InGuestAutoPatchVmssUniformPreview
     * registered (approved, not Pending), so AutomaticByPlatform on Uniform scale sets works there (R16).
     * Default: false.
     */
    readonly uniformScaleSetAutomaticPatching?: boolean;
}

export class RuleContext {
    /** What the catalog says about the image: several rules ask, it is looked up once. */
    private imageSupport?: ImageSupport;

    constructor(
        readonly profile: PatchProfile,
        readonly catalog: readonly CatalogImage[],
        readonly choices: OrganisationChoices = {},
    ) {}

    /** The field's value, or stop the rule as undetermined when it is unknown. */
    known<T>(field: Field<T>): T {
        const value = field.value;
        if (isUnknown(value)) throw new UndeterminedValue(field);
        return value;
    }

    os(): OsType | undefined {
        return this.known(this.profile.os);
    }

    /** The patch mode in effect (written, or the OS's default). */
    mode(): string | undefined {
        const mode = effectivePatchMode(this.profile);
        if (mode === UNKNOWN) {
            throw new UndeterminedValue(
                isUnknown(this.profile.patchMode.value) ? this.profile.patchMode : this.profile.os,
            );
        }
        return mode;
    }

    /**
     * A boolean setting in effect: written, or Azure's default when absent. undefined when it was written
     * with the wrong type: R0 reports that, and rules test for true or false explicitly so they never
     * assume a value for it.
     */
    private flag(field: RawField<boolean>, azureDefault: boolean): boolean | undefined {
        const value = this.known(field);
        if (value !== undefined) return value;
        return field.raw === undefined ? azureDefault : undefined;
    }

    /** enableAutomaticUpdates in effect (Windows): written, or Azure's default true. */
    automaticUpdates(): boolean | undefined {
        return this.flag(this.profile.enableAutomaticUpdates, AZURE_DEFAULTS.enableAutomaticUpdates);
    }

    /** provisionVMAgent in effect: written, or Azure's default true. */
    vmAgent(): boolean | undefined {
        return this.flag(this.profile.provisionVMAgent, AZURE_DEFAULTS.provisionVMAgent);
    }

    /**
     * A setting's name as the user's input shape spells it, so a fix names the property the user has
     * (automaticUpdatesEnabled on a classic VM, enableAutomaticUpdates on azure-native).
     */
    name(setting: SettingName): string {
        const name = lastSegment(this.profile[setting].path);
        return /^[A-Za-z]+$/.test(name) ? name : setting;
    }

    /** How a field's value may appear inside a sentence: never when it came from a secret. */
    shown(field: Field<unknown>, text: string): string {
        return field.secret ? "[secret]" : text;
    }

    /** The patch mode in effect, as a sentence may name it. */
    modeText(): string {
        const mode = this.mode() ?? (this.profile.patchMode.raw !== undefined ? "not a valid mode" : "not set");
        return this.shown(this.profile.patchMode, mode);
    }

    /** The scale set's orchestration mode in effect (Uniform when not written); undefined on a VM. */
    orchestration(): "Uniform" | "Flexible" | undefined {
        if (this.profile.resourceKind !== "scaleSet") return undefined;
        return this.known(this.profile.orchestrationMode) ?? "Uniform";
    }

    /**
     * A Windows Uniform scale set with automatic OS image upgrades: Azure sets enableAutomaticUpdates
     * to false itself and refuses true (R20).
     */
    automaticOsUpgradeForcesUpdatesOff(): boolean {
        const upgrade = this.profile.automaticOSUpgrade;
        if (upgrade === undefined || this.orchestration() !== "Uniform" || this.os() !== "Windows") return false;
        return this.known(upgrade) === true;
    }

    /** The image, as a sentence may name it. */
    imageText(): string {
        return this.shown(this.profile.image, describeImage(this.known(this.profile.image)));
    }

    /** What the catalog says about the image. */
    image(): ImageSupport {
        const image = this.known(this.profile.image);
        this.imageSupport ??= lookupImage(image, this.catalog);
        return this.imageSupport;
    }

    /**
     * Whether hotpatch ends up on: written true, or not written on a hotpatch-capable image (Azure then
     * turns it on for the image).
     */
    hotpatchOn(): boolean {
        const written = this.known(this.profile.enableHotpatching);
        if (written !== undefined) return written;
        if (this.profile.enableHotpatching.raw !== undefined) return false; // wrong type: R0's, no guess
        return this.os() === "Windows" && this.image().hotpatch;
    }
}
