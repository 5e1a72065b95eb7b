/**
 * W6 (recommendation): AutomaticByPlatform on the platform's schedule on a custom image (or with no
 * image to check): Azure accepts it, and automatic guest patching never runs there. Update Manager's
 * article on customized images says so and points to scheduled patching instead.
 */
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const customImageNotPatchedAutomatically = profileRule({
    id: "W6",
    severity: "warning",
    title: "automatic guest patching never runs on a custom image: use a customer-managed schedule",
    docUrl: DOCS.customImages,
    sources: [SOURCES.customImages, SOURCES.supportedImages],
    check(ctx) {
        if (ctx.mode() !== PLATFORM) return [];
        if (ctx.known(ctx.profile.bypassPlatformSafetyChecksOnUserSchedule) === true) return [];
        const image = ctx.known(ctx.profile.image);
        if (image.kind === "platform") return [];
        const what =
            image.kind === "custom"
                ? `${ctx.imageText()} is a custom image`
                : "the VM names no image (an attached or specialized OS disk), so it is not a listed marketplace image";
        return [
            {
                field: ctx.profile.patchMode,
                reason: `${what}: Azure accepts AutomaticByPlatform, but automatic guest patching does not run on such images, so nothing is installed.`,
                allowed: `${PLATFORM} with a customer-managed schedule (recommended), or another mode`,
                fix: `set ${ctx.name("bypassPlatformSafetyChecksOnUserSchedule")} to true and assign a maintenance configuration (Azure Update Manager scheduled patching supports custom images built from the operating systems it lists), or choose ${ctx.name("patchMode")} ${ctx.os() === "Linux" ? "ImageDefault" : "AutomaticByOS"}.`,
            },
        ];
    },
});
