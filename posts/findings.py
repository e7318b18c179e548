"""What the findings panel shows for a post: per variant, everything that would stop it or that
a reviewer should see. Platform rules come from posts.rules."""

from dataclasses import dataclass

from policies.findings import Finding, Severity
from posts.models import Media, Post, Variant
from posts.rules import Count, MediaInfo, rules_for


@dataclass(frozen=True)
class VariantCheck:
    variant: Variant
    count: Count
    findings: list[Finding]

    @property
    def blocking(self) -> bool:
        return any(f.severity == Severity.BLOCK for f in self.findings)


def media_info(item: Media) -> MediaInfo:
    return MediaInfo(
        kind=item.kind,
        mime=item.mime,
        size=item.size,
        width=item.width,
        height=item.height,
        alt_text=item.alt_text,
        has_captions=bool(item.captions),
        label=item.original_name,
    )


def check_variant(variant: Variant, media: list[Media]) -> VariantCheck:
    rules = rules_for(variant.account.platform)
    return VariantCheck(
        variant=variant,
        count=rules.count(variant.text),
        findings=rules.check(variant.text, [media_info(m) for m in media]),
    )


def check_post(post: Post) -> list[VariantCheck]:
    """One check per variant, in the order the editor shows them."""
    media = list(post.media.all())
    variants = post.variants.select_related("account").order_by("account__platform", "id")
    return [check_variant(variant, media) for variant in variants]


def post_level_findings(post: Post) -> list[Finding]:
    found = []
    if not post.variants.exists():
        found.append(
            Finding(None, None, "post.accounts", Severity.BLOCK, "Pick at least one account.")
        )
    if post.scheduled_at is None:
        found.append(Finding(None, None, "post.schedule", Severity.BLOCK, "Pick when it goes out."))
    return found
