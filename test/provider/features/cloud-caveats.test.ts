/**
 * What FeatureRegistration warns about before a long wait, by cloud: the hotpatch preview was not
 * offered in Azure Government.
 */
import * as assert from "node:assert/strict";
import { resolveArmConnection } from "../../../provider/arm/connection";
import { cloudCaveats } from "../../../provider/features/feature-registration";

const SUB_ARG = "11111111-1111-1111-1111-111111111111";
const defaults = () => ({ azureNativeConfig: () => undefined, env: {} });

describe("cloud caveats", () => {
    it("warns that the hotpatch preview was not offered in Azure Government, and only there", () => {
        const gov = resolveArmConnection({ subscriptionId: SUB_ARG, cloud: "AzureUSGovernment" }, defaults());
        const pub = resolveArmConnection({ subscriptionId: SUB_ARG }, defaults());
        assert.match(cloudCaveats(gov, "inguesthotpatchvmpreview")[0], /not available in Azure Government/);
        assert.deepEqual(cloudCaveats(gov, "InGuestPatchVMPreview"), []);
        assert.deepEqual(cloudCaveats(pub, "InGuestHotPatchVMPreview"), []);
    });
});
