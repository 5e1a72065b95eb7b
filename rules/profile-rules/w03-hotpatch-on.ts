/** W3 (recommendation): turn hotpatch on for hotpatch-capable images. */
import { lastSegment } from "../rule-context";
import { DOCS, SOURCES } from "../sources";
import { profileRule } from "./profile-rule";

export const hotpatchOn = profileRule({
    id: "W3",
    severity: "warning",
    title: "turn hotpatch on for hotpatch-capable images",
    docUrl: DOCS.hotpatch,
    sources: [SOURCES.hotpatch, SOURCES.enableHotpatchAzureEdition],
    check(ctx) {
        if (ctx.known(ctx.profile.enableHotpatching) !== false || !ctx.image().hotpatch) return [];
        return [
            {
                field: ctx.profile.enableHotpatching,
                reason: "the image is hotpatch-capable; with hotpatch off, every security update needs a reboot (Azure Policy 6d02d2f7).",
                allowed: "true (recommended); false is allowed",
                // Removing it only helps where Azure supplies the default (not where the provider sends false).
                fix: ctx.profile.enableHotpatching.defaultBy
                    ? `set ${lastSegment(ctx.profile.enableHotpatching.path)} to true (${ctx.profile.enableHotpatching.defaultBy} when it is not set).`
                    : "set enableHotpatching to true (or remove it: Azure turns it on for this image).",
            },
        ];
    },
});
