/**
 * R19 (rules/schedule-rules/r19-guest-patch-configuration-is-valid.ts): each constraint of a
 * guest-patch maintenance configuration, a passing and a failing case, in both providers' shapes where
 * they differ. Every case names the public source of its constraint.
 */
import assert from "node:assert/strict";
import {
    evaluateMaintenanceConfiguration,
    parseRecurEvery,
    readMaintenanceConfiguration,
    UNKNOWN,
} from "../../../rules";
import { expectFinding } from "../fixtures";

const NATIVE = "azure-native:maintenance:MaintenanceConfiguration";
const CLASSIC = "azure:maintenance/configuration:Configuration";

/** A valid weekly guest-patch configuration (azure-native), with one property replaced. */
function native(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        resourceGroupName: "rg",
        location: "westeurope",
        maintenanceScope: "InGuestPatch",
        extensionProperties: { InGuestPatchMode: "User" },
        startDateTime: "2026-12-05 22:00",
        duration: "03:00",
        timeZone: "W. Europe Standard Time",
        recurEvery: "Week Saturday",
        installPatches: {
            rebootSetting: "IfRequired",
            windowsParameters: { classificationsToInclude: ["Critical", "Security"] },
            linuxParameters: { classificationsToInclude: ["Critical", "Security"] },
        },
        ...overrides,
    };
}

function classic(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        resourceGroupName: "rg",
        scope: "InGuestPatch",
        inGuestUserPatchMode: "User",
        window: { startDateTime: "2026-12-05 22:00", duration: "03:00", timeZone: "UTC", recurEvery: "Week Saturday" },
        installPatches: {
            reboot: "IfRequired",
            windows: [{ classificationsToIncludes: ["Critical"] }],
            linuxes: [{ classificationsToIncludes: ["Security"] }],
        },
        ...overrides,
    };
}

function check(props: Record<string, unknown>, type = NATIVE) {
    const mc = readMaintenanceConfiguration(type, props);
    assert.ok(mc);
    return evaluateMaintenanceConfiguration(mc);
}

function ok(props: Record<string, unknown>, type = NATIVE): void {
    const e = check(props, type);
    assert.deepEqual(
        e.findings.map((f) => f.message),
        [],
    );
}

describe("rule core: R19, a guest-patch maintenance configuration is valid", () => {
    it("a valid azure-native and a valid classic configuration pass", () => {
        ok(native());
        ok(classic(), CLASSIC);
    });

    it("configurations of other scopes are not R19's (Host maintenance has no installPatches)", () => {
        ok({ maintenanceScope: "Host", startDateTime: "yesterday" });
    });

    it("scope: installPatches on a non-InGuestPatch configuration (source: Maintenance REST spec)", () => {
        ok(native({ maintenanceScope: "InGuestPatch" }));
        expectFinding(check(native({ maintenanceScope: "OSImage" })), {
            ruleId: "R19",
            path: "maintenanceScope",
            value: '"OSImage"',
            allowed: "InGuestPatch",
        });
    });

    it("InGuestPatchMode User (source: Update Manager programmatically; azurerm requires it)", () => {
        ok(native({ extensionProperties: { InGuestPatchMode: "User" } }));
        expectFinding(check(native({ extensionProperties: {} })), {
            ruleId: "R19",
            path: "extensionProperties.InGuestPatchMode",
            value: "(not set",
            allowed: "User",
        });
        expectFinding(check(classic({ inGuestUserPatchMode: "Platform" }), CLASSIC), {
            ruleId: "R19",
            path: "inGuestUserPatchMode",
            value: '"Platform"',
        });
        // classic may give it as an extension property instead
        ok(classic({ inGuestUserPatchMode: undefined, properties: { InGuestPatchMode: "User" } }), CLASSIC);
    });

    it("visibility Custom (source: azurerm maintenance_configuration_resource.go)", () => {
        ok(native({ visibility: "Custom" }));
        expectFinding(check(native({ visibility: "Public" })), {
            ruleId: "R19",
            path: "visibility",
            allowed: "Custom",
        });
    });

    it('startDateTime "yyyy-MM-dd HH:mm", a real date (source: Maintenance REST spec MaintenanceWindow)', () => {
        ok(native({ startDateTime: "2028-02-29 00:00" }));
        for (const bad of [
            "2026-12-05T22:00",
            "2026-12-05 22:00:00",
            "2026-02-30 10:00",
            "2026-12-05 24:00",
            "05/12/2026 22:00",
        ]) {
            expectFinding(check(native({ startDateTime: bad })), { ruleId: "R19", path: "startDateTime", value: bad });
        }
        expectFinding(check(classic({ window: { duration: "03:00", timeZone: "UTC" } }), CLASSIC), {
            ruleId: "R19",
            path: "window.startDateTime",
            fix: "2026-12-05 22:00",
        });
    });

    it("expirationDateTime: the format, and after the start (source: Maintenance REST spec; after-start derived)", () => {
        ok(native({ expirationDateTime: "2027-12-31 23:59" }));
        expectFinding(check(native({ expirationDateTime: "2027-12-31" })), {
            ruleId: "R19",
            path: "expirationDateTime",
        });
        const f = expectFinding(check(native({ expirationDateTime: "2026-12-01 00:00" })), {
            ruleId: "R19",
            path: "expirationDateTime",
            allowed: "after 2026-12-05 22:00",
        });
        assert.match(f.message, /never runs/);
    });

    it("duration 01:30 to 03:55 for the guest scope, written HH:mm (sources: maintenance configurations doc; azurerm pattern)", () => {
        ok(native({ duration: "01:30" }));
        ok(native({ duration: "03:55" }));
        expectFinding(check(native({ duration: "01:29" })), { ruleId: "R19", path: "duration", allowed: '"01:30"' });
        expectFinding(check(native({ duration: "03:56" })), {
            ruleId: "R19",
            path: "duration",
            fix: '"03:55" or less',
        });
        expectFinding(check(native({ duration: "3h" })), { ruleId: "R19", path: "duration" });
        expectFinding(check(native({ duration: undefined })), { ruleId: "R19", path: "duration", value: "(not set" });
        expectFinding(
            check(
                classic({ window: { startDateTime: "2026-12-05 22:00", duration: "05:00", timeZone: "UTC" } }),
                CLASSIC,
            ),
            {
                ruleId: "R19",
                path: "window.duration",
            },
        );
    });

    it("timeZone a Windows id, case-sensitive; IANA names get their Windows id (source: azurerm validate/maintenance.go)", () => {
        ok(native({ timeZone: "UTC" }));
        ok(native({ timeZone: "Pacific Standard Time" }));
        expectFinding(check(native({ timeZone: "Europe/Paris" })), {
            ruleId: "R19",
            path: "timeZone",
            fix: 'did you mean "Romance Standard Time"?',
        });
        expectFinding(check(native({ timeZone: "w. europe standard time" })), {
            ruleId: "R19",
            path: "timeZone",
            fix: 'did you mean "W. Europe Standard Time"?',
        });
    });

    it("recurEvery in the spec's grammar (sources: Maintenance REST spec; monthly forms: azurerm issue 29348)", () => {
        for (const good of [
            "Day",
            "3Days",
            "Week",
            "2Weeks Saturday,Sunday",
            "Month day1,day15",
            "Month Last Sunday",
            "Month Second Tuesday Offset2",
            "Month Last Sunday Offset-3",
            "6Hours",
        ]) {
            ok(native({ recurEvery: good }));
            assert.equal(parseRecurEvery(good).ok, true, good);
        }
        for (const bad of [
            "Month",
            "2Months",
            "Week Saturday, Sunday",
            "Week Sat",
            "Month day32",
            "Month Fifth Monday",
            "Month Last Sunday Offset7",
            "Weekly",
            "0Days",
        ]) {
            expectFinding(check(native({ recurEvery: bad })), { ruleId: "R19", path: "recurEvery", value: bad });
        }
    });

    it("an hourly recurrence repeats every 6 hours or more (source: maintenance configurations doc)", () => {
        ok(native({ recurEvery: "8Hours" }));
        expectFinding(check(native({ recurEvery: "4Hours" })), {
            ruleId: "R19",
            path: "recurEvery",
            allowed: "6Hours",
        });
    });

    it("installPatches is set (source: azurerm maintenance_configuration_resource.go)", () => {
        expectFinding(check(native({ installPatches: undefined, extensionProperties: { InGuestPatchMode: "User" } })), {
            ruleId: "R19",
            path: "installPatches",
        });
    });

    it("rebootSetting IfRequired, Never or Always (source: Maintenance REST spec RebootOptions)", () => {
        ok(native({ installPatches: { rebootSetting: "Never" } }));
        ok(classic({ installPatches: { reboot: "Always" } }), CLASSIC);
        const f = expectFinding(check(native({ installPatches: { rebootSetting: "AlwaysReboot" } })), {
            ruleId: "R19",
            path: "installPatches.rebootSetting",
        });
        assert.match(f.message, /installPatches action/);
        expectFinding(check(classic({ installPatches: { reboot: "ifrequired" } }), CLASSIC), {
            ruleId: "R19",
            path: "installPatches.reboot",
            fix: 'did you mean "IfRequired"?',
        });
    });

    it("classifications each OS has (sources: Maintenance REST spec; azurerm enums)", () => {
        ok(
            native({
                installPatches: {
                    windowsParameters: {
                        classificationsToInclude: [
                            "UpdateRollup",
                            "Definition",
                            "Tools",
                            "Updates",
                            "FeaturePack",
                            "ServicePack",
                        ],
                    },
                },
            }),
        );
        const f = expectFinding(
            check(
                native({ installPatches: { linuxParameters: { classificationsToInclude: ["Critical", "Updates"] } } }),
            ),
            {
                ruleId: "R19",
                path: "installPatches.linuxParameters.classificationsToInclude.1",
                value: '"Updates"',
                allowed: "Critical, Security, Other",
            },
        );
        assert.match(f.message, /Windows classification/);
        expectFinding(
            check(classic({ installPatches: { windows: [{ classificationsToIncludes: ["Other"] }] } }), CLASSIC),
            {
                ruleId: "R19",
                path: "installPatches.windows.0.classificationsToIncludes.0",
            },
        );
    });

    it("an unknown value leaves only its constraint undecided", () => {
        const e = check(native({ timeZone: UNKNOWN, duration: "09:00" }));
        expectFinding(e, { ruleId: "R19", path: "duration" });
        const u = check(native({ timeZone: UNKNOWN }));
        assert.deepEqual(u.findings, []);
        assert.deepEqual(
            u.undetermined.map((x) => x.paths),
            [["timeZone"]],
        );
    });

    it("reads the versioned azure-native tokens too", () => {
        assert.ok(
            readMaintenanceConfiguration("azure-native:maintenance/v20230401:MaintenanceConfiguration", native()),
        );
        assert.equal(
            readMaintenanceConfiguration("azure-native:maintenance:ConfigurationAssignment", native()),
            undefined,
        );
    });
});
