"""What the findings panel shows for a post: per variant, everything that would stop it or that
a reviewer should see. Platform rules (posts.rules), the organization's content rules and the
PHI scanner (policies), and the consent a patient story needs: one list per variant."""

from dataclasses import dataclass, field

from policies.consent import consent_problems
from policies.findings import Finding, Severity
from policies.models import ConsentRecord
from policies.phi import AllowList, scan
from policies.rules import OrgRules, allow_list_for
from posts.models import Media, Post, Variant
from posts.rules import Count, MediaInfo, rules_for
from socialops.models import Organization


@dataclass(frozen=True)
class Story:
    """What a patient story needs checked: the consent linked and what of the patient is used."""

    consent: ConsentRecord | None
    kinds: list[str]
    window: tuple | None  # (start, end) of when the post goes out, or None without a time


@dataclass(frozen=True)
class Context:
    """Looked up once per request, used for every variant."""

    organization: Organization
    allow: AllowList
    rules: OrgRules
    campaign_id: int | None = None
    story: Story | None = None  # None: not a patient story


@dataclass(frozen=True)
class VariantCheck:
    variant: Variant
    count: Count
    findings: list[Finding] = field(default_factory=list)

    @property
    def excerpts(self) -> list[tuple[Finding, str]]:
        """Each finding with the words it is about, for the author to find them."""
        text = self.variant.text
        return [
            (f, text[f.start : f.end] if f.start is not None and f.end is not None else "")
            for f in self.findings
        ]

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


SAVED = object()


def context_for(
    post: Post, *, patient_story=SAVED, consent=SAVED, kinds=SAVED, campaign=SAVED
) -> Context:
    """The context for `post` as saved, or as the editor currently holds it (the overrides)."""
    organization = post.organization
    story = None
    if post.patient_story if patient_story is SAVED else patient_story:
        window = (post.scheduled_at, post.scheduled_at) if post.scheduled_at else None
        story = Story(
            consent=post.consent if consent is SAVED else consent,
            kinds=post.consent_kinds if kinds is SAVED else kinds,
            window=window,
        )
    campaign_id = post.campaign_id if campaign is SAVED else getattr(campaign, "pk", None)
    return Context(
        organization=organization,
        allow=allow_list_for(organization),
        rules=OrgRules.load(organization),
        campaign_id=campaign_id,
        story=story,
    )


def check_variant(variant: Variant, media: list[Media], context: Context) -> VariantCheck:
    platform = variant.account.platform
    rules = rules_for(platform)
    findings = rules.check(variant.text, [media_info(m) for m in media])
    findings += context.rules.check(
        variant.text, platform=platform, campaign_id=context.campaign_id
    )
    patient_story = context.story is not None
    findings += scan(variant.text, context.allow, patient_story=patient_story).findings
    for item in media:
        for where, text in (("alt text", item.alt_text), ("captions", item.captions_text)):
            for found in scan(text, context.allow, patient_story=patient_story).findings:
                findings.append(
                    Finding(
                        None, None, found.label, found.severity,
                        f"In the {where} of {item.original_name}: {found.reason}",
                    )
                )  # fmt: skip
    if patient_story:
        findings += _consent_findings(context.story, platform)
    return VariantCheck(variant=variant, count=rules.count(variant.text), findings=findings)


def _consent_findings(story: Story, platform: str) -> list[Finding]:
    if story.consent is None:
        return [
            Finding(
                None, None, "consent.missing", Severity.BLOCK,
                "A patient story needs the patient's signed consent: link one below.",
            )
        ]  # fmt: skip
    if story.window is None:
        return []
    problems = consent_problems(
        story.consent,
        platforms=[platform],
        kinds=sorted(set(story.kinds) | {"story"}),
        window_start=story.window[0],
        window_end=story.window[1],
    )
    return [
        Finding(None, None, "consent.coverage", Severity.BLOCK, f"The consent {problem}.")
        for problem in problems
    ]
