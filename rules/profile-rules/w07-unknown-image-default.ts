/**
 * W7 (recommendation): a platform image the catalog does not know, where a default depends on the
 * image. The components derive the patch mode from the catalog (AutomaticByPlatform where listed), and
 * Azure turns hotpatch on for hotpatch-capable images: a misspelled SKU silently turns both down. Say
 * that the default fell back, and name the nearest SKU the catalog knows.
 */
import { closestValue } from "../did-you-mean";
import { catalogDate } from "../images";
import type { Field } from "../profile";
import { DOCS, SOURCES } from "../sources";
import { profileRule } from "./profile-rule";

export const unknownImageDefault = profileRule({
    id: "W7",
    severity: "warning",
    title: "an image the catalog does not know, where a default depends on the image",
    docUrl: DOCS.supportedImages,
    sources: [SOURCES.supportedImages, SOURCES.hotpatch],
    check(ctx) {
        const p = ctx.profile;
        const image = ctx.known(p.image);
        if (image.kind !== "platform" || ctx.image().listed) return [];
        const os = ctx.os();
        // The defaults that follow the image: the components' patch mode, and hotpatch on Windows.
        const fellBack: [Field<unknown>, string][] = [];
        if (p.source === "component" && !p.patchMode.explicit) fellBack.push([p.patchMode, "the patch mode"]);
        if (os === "Windows" && !p.enableHotpatching.explicit && p.enableHotpatching.defaultBy === undefined)
            fellBack.push([p.enableHotpatching, "hotpatch"]);
        if (fellBack.length === 0) return [];
        const sameOffer = ctx.catalog.filter(
            (e) =>
                e.publisher.toLowerCase() === image.publisher.toLowerCase() &&
                e.offer.toLowerCase() === image.offer.toLowerCase() &&
                !e.sku.includes("*"),
        );
        // On a resource written out, only Azure's hotpatch default follows the image, and Azure knows
        // images the catalog does not: warn where a typo is likely (an offer the catalog knows).
        if (p.source !== "component" && sameOffer.length === 0) return [];
        // The nearest SKU of the same publisher (and offer, when the catalog has it): another vendor's
        // image is no suggestion.
        const candidates =
            sameOffer.length > 0
                ? sameOffer
                : ctx.catalog.filter(
                      (e) => e.publisher.toLowerCase() === image.publisher.toLowerCase() && !e.sku.includes("*"),
                  );
        const nearest = p.image.secret
            ? undefined
            : closestValue(
                  image.sku,
                  candidates.map((e) => e.sku),
              );
        const nearestEntry = nearest ? candidates.find((e) => e.sku === nearest) : undefined;
        const suggestion = nearestEntry
            ? `did you mean ${nearestEntry.publisher}:${nearestEntry.offer}:${nearestEntry.sku}? `
            : "";
        return [
            {
                field: p.image,
                reason: `${ctx.imageText()} is not in the image catalog dated ${catalogDate(ctx.catalog)}, so ${fellBack.map(([, what]) => what).join(" and ")} fell back to the default for an unlisted image (${p.source === "component" && !p.patchMode.explicit ? `patchMode ${ctx.modeText()}` : "hotpatch off"}).`,
                allowed: "an image the catalog lists, or the settings written out",
                fix: `${suggestion}check the SKU; if the image is right, write ${fellBack
                    .map(([field]) => ctx.name(lastKey(field)))
                    .join(
                        " and ",
                    )} explicitly, or add the image with extendCatalog (the policy pack's extraSupportedImages) if Microsoft lists it.`,
            },
        ];
    },
});

/** The setting a field holds, for `ctx.name`. */
function lastKey(field: Field<unknown>): "patchMode" | "enableHotpatching" {
    return field.pathKeys.at(-1)?.toLowerCase().includes("hotpatch") ? "enableHotpatching" : "patchMode";
}
