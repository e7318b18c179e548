"""The organization's content and approval rules applied to text and posts.

`check_text` runs the lexicon, disclaimer and link rules over a text and returns Findings with
exact spans; `allow_list_for` hands the PHI scanner what the organization publishes itself;
`approval_requirement` says how many sign-offs, from whom, a post needs. The matching helpers
below take plain values so they can be tested without a database.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.db.models import Q

from platforms.models import Platform
from policies.findings import Finding, Severity
from policies.models import (
    ApprovalRule,
    ContactDetail,
    Disclaimer,
    LexiconEntry,
    LinkRule,
    StaffMember,
)
from policies.phi.allowlist import AllowList
from socialops.models import Organization, Role

# Patterns are written by admins; keep them short so one cannot stall every check.
MAX_PATTERN_LENGTH = 200


# Accent folding ---------------------------------------------------------------------------------


def fold(text: str) -> tuple[str, list[int]]:
    """`text` without accents ("milagro" for "milágro"), and for each character of the result
    the index of the character of `text` it came from, so a match in the folded text maps back
    to an exact span of the original."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFD", char):
            if unicodedata.combining(part):
                continue
            folded.append(part)
            origin.append(index)
    return "".join(folded), origin


def _span(origin: list[int], start: int, end: int) -> tuple[int, int]:
    return origin[start], origin[end - 1] + 1


# Lexicon ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LexiconRule:
    kind: str  # word, phrase or pattern
    text: str
    severity: str
    reason: str


def compile_lexicon_rule(kind: str, text: str) -> re.Pattern:
    """The regular expression for one entry. Words and phrases match whole words, any case, with
    or without accents ("curación" finds "curacion"), and any run of spaces between the words of
    a phrase. Patterns are used as written (case-insensitive). Raises re.error for a bad one."""
    if kind == LexiconEntry.Kind.PATTERN:
        if len(text) > MAX_PATTERN_LENGTH:
            raise re.error(f"keep patterns under {MAX_PATTERN_LENGTH} characters")
        return re.compile(text, re.IGNORECASE)
    folded, _ = fold(text.strip())
    words = [re.escape(word) for word in folded.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def lexicon_findings(text: str, rules: Iterable[LexiconRule]) -> list[Finding]:
    folded, origin = fold(text)
    findings = []
    for rule in rules:
        try:
            pattern = compile_lexicon_rule(rule.kind, rule.text)
        except re.error:
            continue  # refused when saved; an old bad row must not break every check
        haystack = text if rule.kind == LexiconEntry.Kind.PATTERN else folded
        for match in pattern.finditer(haystack):
            if match.end() == match.start():
                continue
            if rule.kind == LexiconEntry.Kind.PATTERN:
                start, end = match.start(), match.end()
            else:
                start, end = _span(origin, match.start(), match.end())
            findings.append(
                Finding(
                    start=start,
                    end=end,
                    label="lexicon",
                    severity=Severity(rule.severity),
                    reason=f'"{text[start:end]}": {rule.reason}',
                )
            )
    return findings


# Disclaimers ------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(fold(text)[0].casefold().split())


def disclaimer_findings(
    text: str, disclaimers: Iterable[tuple[str, Sequence[str]]], *, platform: str
) -> list[Finding]:
    """One finding per required disclaimer (text, platforms) this platform needs and the text
    lacks. Case, accents and spacing do not matter; the words do."""
    have = _normalise(text)
    return [
        Finding(
            start=None,
            end=None,
            label="disclaimer",
            severity=Severity.BLOCK,
            reason=f'needs the disclaimer "{required}" on {Platform(platform).label}',
        )
        for required, platforms in disclaimers
        if platform in platforms and _normalise(required) not in have
    ]


# Links ------------------------------------------------------------------------------------------

# A URL with a scheme or www., or a bare domain followed by a path ("riverside.example/flu").
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}/[^\s<>\"']*",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}'\""


def find_links(text: str) -> list[tuple[int, int, str]]:
    """(start, end, url) for every link in the text, without trailing punctuation."""
    links = []
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        links.append((match.start(), match.start() + len(url), url))
    return links


def host_of(url: str) -> str:
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "http://" + url
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def link_findings(
    text: str,
    *,
    blocked: Iterable[tuple[str, str]],
    tracking_parameters: Sequence[str],
    own_domains: Iterable[str],
) -> list[Finding]:
    """Links to a blocked domain (or any subdomain of it) block; links to the organization's own
    domains that lack a required tracking parameter warn."""
    blocked = [(domain.lower().strip("."), reason) for domain, reason in blocked]
    own_domains = [domain.lower().strip(".") for domain in own_domains]
    findings = []
    for start, end, url in find_links(text):
        host = host_of(url)
        hit = next(((d, r) for d, r in blocked if _under(host, d)), None)
        if hit is not None:
            domain, reason = hit
            findings.append(
                Finding(
                    start=start,
                    end=end,
                    label="link.blocked",
                    severity=Severity.BLOCK,
                    reason=f"links to {domain}, which is blocked"
                    + (f": {reason}" if reason else ""),
                )
            )
            continue
        if tracking_parameters and any(_under(host, d) for d in own_domains):
            query = parse_qs(urlsplit(url if "://" in url else "http://" + url).query)
            missing = [p for p in tracking_parameters if p not in query]
            if missing:
                findings.append(
                    Finding(
                        start=start,
                        end=end,
                        label="link.tracking",
                        severity=Severity.WARN,
                        reason=f"link to {host} lacks the tracking parameter " + ", ".join(missing),
                    )
                )
    return findings


# The organization's rules, from the database ---------------------------------------------------


@dataclass(frozen=True)
class OrgRules:
    """An organization's content rules, read once and applied to many texts (every variant of
    a post, on every keystroke in the editor)."""

    lexicon: list[LexiconRule]
    blocked: list[tuple[str, str]]
    tracking_parameters: list[str]
    own_domains: list[str]
    disclaimers: list[tuple[str, list[str], int | None]]  # text, platforms, campaign id

    @classmethod
    def load(cls, organization: Organization) -> "OrgRules":
        links = list(LinkRule.objects.for_org(organization))
        return cls(
            lexicon=[
                LexiconRule(kind=e.kind, text=e.text, severity=e.severity, reason=e.reason)
                for e in LexiconEntry.objects.for_org(organization)
            ],
            blocked=[(r.value, r.reason) for r in links if r.kind == LinkRule.Kind.BLOCKED_DOMAIN],
            tracking_parameters=[
                r.value for r in links if r.kind == LinkRule.Kind.TRACKING_PARAMETER
            ],
            own_domains=list(
                ContactDetail.objects.for_org(organization)
                .filter(kind=ContactDetail.Kind.DOMAIN)
                .values_list("value", flat=True)
            ),
            disclaimers=[
                (d.text, d.platforms, d.campaign_id)
                for d in Disclaimer.objects.for_org(organization)
            ],
        )

    def check(self, text: str, *, platform: str, campaign_id: int | None = None) -> list[Finding]:
        """Lexicon, disclaimer and link findings for one text going to one platform (in a
        campaign, or none), in the order they appear (whole-text findings, such as a missing
        disclaimer, last)."""
        findings = lexicon_findings(text, self.lexicon) + link_findings(
            text,
            blocked=self.blocked,
            tracking_parameters=self.tracking_parameters,
            own_domains=self.own_domains,
        )
        findings.sort(key=lambda f: (f.start, f.end))
        disclaimers = [
            (text_, platforms)
            for text_, platforms, campaign in self.disclaimers
            if campaign is None or campaign == campaign_id
        ]
        return findings + disclaimer_findings(text, disclaimers, platform=platform)


def check_text(
    organization: Organization, text: str, *, platform: str, campaign_id: int | None = None
) -> list[Finding]:
    """OrgRules.load(organization).check(...) for a single text."""
    return OrgRules.load(organization).check(text, platform=platform, campaign_id=campaign_id)


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def allow_list_for(organization: Organization) -> AllowList:
    """What the PHI scanner must not flag for this organization: its own contact details and
    public staff, normalised as AllowList documents."""
    by_kind: dict[str, set[str]] = {kind: set() for kind in ContactDetail.Kind.values}
    for detail in ContactDetail.objects.for_org(organization):
        value = digits(detail.value) if detail.kind == ContactDetail.Kind.PHONE else detail.value
        by_kind[detail.kind].add(" ".join(value.lower().split()))
    return AllowList(
        phones=frozenset(p for p in by_kind[ContactDetail.Kind.PHONE] if p),
        emails=frozenset(by_kind[ContactDetail.Kind.EMAIL]),
        addresses=frozenset(by_kind[ContactDetail.Kind.ADDRESS]),
        domains=frozenset(by_kind[ContactDetail.Kind.DOMAIN]),
        staff_names=frozenset(
            " ".join(s.name.lower().split()) for s in StaffMember.objects.for_org(organization)
        ),
    )


# Approval rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """What a post needs before it is approved.

    count: sign-offs in all (the author never counts, one person counts once);
    required_roles: roles each represented by at least one of them;
    extra_reviewer: how many of them must be reviewers over and above `required_roles`, one for
    each risk that raised the bar (patient story, PHI override, crisis)."""

    count: int
    required_roles: tuple[str, ...]
    extra_reviewer: int

    @property
    def min_reviewers(self) -> int:
        return (1 if Role.REVIEWER in self.required_roles else 0) + self.extra_reviewer


# Without any rule: the design's default, two sign-offs with compliance among them, and every
# risk raising the bar.
DEFAULT_RULE = ApprovalRule(sign_offs=2, required_roles=[Role.REVIEWER])


def strictest_requirement(
    rules: Sequence[ApprovalRule], *, patient_story: bool, phi_override: bool, crisis: bool
) -> Requirement:
    """Combine the applicable rules by taking the strictest of each part: the most sign-offs,
    every role any rule requires, and a risk raises the bar if any rule says it does."""
    rules = list(rules) or [DEFAULT_RULE]
    raises = sum(
        [
            patient_story and any(r.patient_story_raises for r in rules),
            phi_override and any(r.phi_override_raises for r in rules),
            crisis and any(r.crisis_raises for r in rules),
        ]
    )
    base = max(r.sign_offs for r in rules)
    roles = sorted({role for r in rules for role in r.required_roles})
    return Requirement(count=base + raises, required_roles=tuple(roles), extra_reviewer=raises)


def approval_requirement(
    organization: Organization,
    *,
    accounts: Iterable,
    campaign=None,
    patient_story: bool = False,
    phi_override: bool = False,
    crisis: bool = False,
) -> Requirement:
    """The sign-offs a post going to `accounts` (SocialAccount rows or ids) in `campaign` (a
    Campaign, an id or None) needs: the organization's rule and every stricter rule of those
    accounts and that campaign, combined strictest-first."""
    account_ids = [getattr(a, "pk", a) for a in accounts]
    applies = Q(social_account__isnull=True, campaign__isnull=True) | Q(
        social_account_id__in=account_ids
    )
    if campaign is not None:
        applies |= Q(campaign_id=getattr(campaign, "pk", campaign))
    rules = ApprovalRule.objects.for_org(organization).filter(applies)
    return strictest_requirement(
        rules, patient_story=patient_story, phi_override=phi_override, crisis=crisis
    )


def review_target_hours(organization: Organization) -> int:
    """How long a post may wait for its sign-offs before it is flagged (the organization's
    rule, or the default 24 hours)."""
    rule = (
        ApprovalRule.objects.for_org(organization)
        .filter(social_account__isnull=True, campaign__isnull=True)
        .only("review_target_hours")
        .first()
    )
    return (rule or DEFAULT_RULE).review_target_hours
