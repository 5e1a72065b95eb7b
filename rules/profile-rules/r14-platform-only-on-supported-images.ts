/**
 * R14: Azure's automatic guest patching (AutomaticByPlatform with the platform's own schedule, i.e.
 * bypassPlatformSafetyChecksOnUserSchedule not true) only on the marketplace images Microsoft lists.
 * A customer-managed schedule (bypass... = true) is Update Manager's scheduled patching, with its own
 * support list: not this rule's. Custom images get W6: Azure accepts them and never patches them.
 */
import { catalogDate } from "../images";
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const platformOnlyOnSupportedImages = profileRule({
    id: "R14",
    severity: "error",
    title: "automatic guest patching (AutomaticByPlatform on the platform's schedule) only on the marketplace images Microsoft lists",
    docUrl: DOCS.supportedImages,
    sources: [SOURCES.supportedImages, SOURCES.scheduledPatchingSupport],
    check(ctx) {
        if (ctx.mode() !== PLATFORM) return [];
        // A customer-managed schedule: Update Manager installs the patches, not automatic guest patching.
        if (ctx.known(ctx.profile.bypassPlatformSafetyChecksOnUserSchedule) === true) return [];
        const image = ctx.known(ctx.profile.image);
        if (image.kind !== "platform" || ctx.image().automaticByPlatform) return [];
        return [
            {
                field: ctx.profile.patchMode,
                reason: `${ctx.imageText()} is not in the automatic-patching catalog dated ${catalogDate(ctx.catalog)} (Microsoft's list of images supported for automatic guest patching, which documents every other image as not supported).`,
                allowed: "AutomaticByPlatform on the platform's schedule only on a listed image",
                fix: `use a listed image; or patch on your own schedule (${ctx.name("bypassPlatformSafetyChecksOnUserSchedule")} true and a maintenance configuration assigned to the VM, if Update Manager supports the image); or choose ${ctx.name("patchMode")} ${ctx.os() === "Linux" ? "ImageDefault" : "AutomaticByOS"}. If Microsoft lists this image now and the catalog does not, add it with extendCatalog (or the policy pack's extraSupportedImages).`,
            },
        ];
    },
});
