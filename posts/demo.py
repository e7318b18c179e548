"""Demo content: a realistic quarter of a health center's social posts, across pillars,
campaigns, accounts and states, from six weeks back to seven weeks ahead."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.db.models import F, Q
from django.utils.timezone import now

from approvals import demo as approvals_demo
from platforms import demo as platforms_demo
from platforms.actions import set_posters
from platforms.models import SocialAccount
from policies.models import Disclaimer
from posts import actions
from posts.models import Campaign, ContentPillar, Post, PostState
from socialops.models import Membership, Organization, Role

PILLARS = ["Education", "Prevention", "Services", "Community", "Behind the scenes", "Recruitment"]

ACCOUNTS = [
    ("x", "@RiversideCHC", "Riverside Community Health"),
    ("facebook", "riversidecommunityhealth", "Riverside Community Health"),
    ("instagram", "@riverside.chc", "Riverside Community Health"),
    ("linkedin", "riverside-community-health", "Riverside Community Health"),
]

# (pillar, campaign or None, observance, language, text). Every name and number is invented;
# the phone number is the center's own public line.
POSTS = [
    (
        "Prevention",
        "Flu season 2026",
        "",
        "en",
        "Flu shots are free for everyone 6 months and older at all three Riverside clinics. "
        "Walk in Mon-Sat, no appointment needed. Call (555) 010-4400 with questions. #FluSeason",
    ),
    (
        "Prevention",
        "Flu season 2026",
        "",
        "es",
        "Las vacunas contra la gripe son gratis para todos desde los 6 meses en nuestras tres "
        "clínicas. Sin cita, de lunes a sábado. Preguntas: (555) 010-4400. #TemporadaDeGripe",
    ),
    (
        "Education",
        None,
        "American Diabetes Month",
        "en",
        "1 in 10 Americans has diabetes, and 1 in 5 of them doesn't know it. A simple A1C test "
        "tells you where you stand. Ask your care team at your next visit. #DiabetesAwareness",
    ),
    (
        "Services",
        None,
        "",
        "en",
        "Our Eastside clinic now has evening hours: Tuesdays and Thursdays until 7 pm for "
        "primary care, dental cleanings and behavioral health.",
    ),
    (
        "Community",
        "Health Center Week",
        "National Health Center Week",
        "en",
        "Thank you to the 60 volunteers who packed 1,200 winter kits for neighbors in need this "
        "weekend. This is what community health looks like. 💙",
    ),
    (
        "Behind the scenes",
        None,
        "",
        "en",
        "Meet our pharmacy team! They filled more than 4,000 prescriptions last month and still "
        "know every regular by name. Stop by and say hi.",
    ),
    (
        "Recruitment",
        None,
        "",
        "en",
        "We're hiring a bilingual (English/Spanish) medical assistant for our Northgate clinic. "
        "Full benefits, loan repayment eligible. Apply at riversidehealth.example/careers",
    ),
    (
        "Education",
        None,
        "Great American Smokeout",
        "en",
        "Ready to quit smoking? Our tobacco cessation program is free and includes coaching and "
        "nicotine replacement. Today is a great day to start. #GreatAmericanSmokeout",
    ),
    (
        "Prevention",
        None,
        "Lung Cancer Awareness Month",
        "en",
        "If you're 50 to 80 and smoked for 20 pack-years, a yearly low-dose CT scan can find lung "
        "cancer early. Ask us if screening is right for you.",
    ),
    (
        "Services",
        None,
        "",
        "es",
        "¿Sabía que ofrecemos servicios dentales para niños y adultos? Aceptamos Medicaid y "
        "tenemos tarifas con descuento según sus ingresos.",
    ),
    (
        "Community",
        None,
        "World AIDS Day",
        "en",
        "On World AIDS Day we remember those we've lost and recommit to ending HIV. Free, "
        "confidential testing is available at every Riverside clinic. #WorldAIDSDay",
    ),
    (
        "Education",
        None,
        "National Influenza Vaccination Week",
        "en",
        "It's not too late to get your flu shot. Protection builds in about two weeks, just in "
        "time for holiday gatherings.",
    ),
    (
        "Behind the scenes",
        None,
        "",
        "en",
        "Our new mobile health van hits the road next month, bringing screenings and vaccines to "
        "five neighborhoods every week.",
    ),
    (
        "Recruitment",
        None,
        "",
        "en",
        "Nurses: join a team that puts patients first. We're hiring RNs for primary care with "
        "flexible schedules. riversidehealth.example/careers",
    ),
]

# Past posts are the history a demo needs to read like a real quarter: approved, then really
# published through the platform simulator at their time; one in nine the platform refuses, so
# it really failed. Upcoming ones go through the verbs.
PAST_STATES = [PostState.PUBLISHED] * 8 + [PostState.FAILED]
REMINDER = {"en": "Reminder: ", "es": "Recordatorio: "}
NEAR_STATES = [PostState.APPROVED, PostState.IN_REVIEW, PostState.IN_REVIEW]
FAR_STATES = [PostState.DRAFT, PostState.DRAFT, PostState.CHANGES_REQUESTED]


def _with_disclaimers(text: str, accounts, campaign) -> dict[int, str]:
    """Each account's text with the disclaimers its platform needs (the organization's rules),
    as a careful author writes it."""
    rules = Disclaimer.objects.filter(organization=accounts[0].organization).filter(
        Q(campaign__isnull=True) | Q(campaign=campaign)
    )
    texts = {}
    for account in accounts:
        needed = [d.text for d in rules if account.platform in d.platforms]
        if needed:
            texts[account.pk] = "\n\n".join([text, *needed])
    return texts


def seed(organization: Organization, author: Membership) -> None:
    """Idempotent: an organization that already has posts is left as it is."""
    if Post.objects.filter(organization=organization).exists():
        return
    # The accounts the platforms seed connected to the simulator, else planned ones.
    accounts = [
        SocialAccount.objects.filter(organization=organization, platform=platform).first()
        or SocialAccount.objects.create(
            organization=organization, platform=platform, handle=handle, display_name=name
        )
        for platform, handle, name in ACCOUNTS
    ]
    # The demo author may post to every account.
    admin = organization.memberships.filter(role=Role.ADMIN).first()
    for account in accounts:
        set_posters(account=account, members=[author], by=admin.user)
    pillars = {
        name: ContentPillar.objects.get_or_create(
            organization=organization, name=name, defaults={"position": i}
        )[0]
        for i, name in enumerate(PILLARS)
    }
    campaigns = {
        "Flu season 2026": Campaign.objects.get_or_create(
            organization=organization, name="Flu season 2026",
            defaults={"starts_on": dt.date(2026, 9, 15), "ends_on": dt.date(2027, 2, 28)},
        )[0],
        "Health Center Week": Campaign.objects.get_or_create(
            organization=organization, name="Health Center Week",
        )[0],
    }  # fmt: skip
    tz = ZoneInfo(organization.timezone)
    today = now().astimezone(tz).date()
    # A quarter needs more posts than POSTS has: a message that comes round again is a reminder,
    # worded as one. The platforms refuse the same text twice (LinkedIn, X), as they should.
    texts = itertools.chain(
        POSTS,
        itertools.cycle(
            (pillar, campaign, observance, language, REMINDER[language] + text)
            for pillar, campaign, observance, language, text in POSTS
        ),
    )
    past, near, far = (itertools.cycle(s) for s in (PAST_STATES, NEAR_STATES, FAR_STATES))
    # Three posts a week (Mon, Wed, Fri) from six weeks back to seven weeks ahead.
    monday = today - dt.timedelta(days=today.weekday() + 42)
    for week in range(13):
        for offset, hour in ((0, 9), (2, 12), (4, 10)):
            day = monday + dt.timedelta(days=7 * week + offset)
            when = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=tz)
            pillar, campaign, observance, language, text = next(texts)
            targets = accounts if language == "en" else accounts[:2]
            targets = [a for a in targets if a.platform != "instagram"]
            campaign = campaigns.get(campaign) if campaign else None
            post = actions.create_post(
                organization=organization,
                by=author.user,
                changes=actions.PostChanges(
                    body=text,
                    accounts=targets,
                    variant_texts=_with_disclaimers(text, targets, campaign),
                    campaign=campaign,
                    pillar=pillars[pillar],
                    observance=observance,
                    language=language,
                ),
            )
            if when <= now():
                state = next(past)
            elif when <= now() + dt.timedelta(days=14):
                state = next(near)
            else:
                state = next(far)
            Post.objects.filter(pk=post.pk).update(scheduled_at=when, version=F("version") + 1)
            post.refresh_from_db()
            if when <= now():
                approvals_demo.record_history(post)
                platforms_demo.publish_history(post, refused=state == PostState.FAILED)
            elif state != PostState.DRAFT:
                approvals_demo.bring_to(post, state)
    platforms_demo.close_history()
    targets = [a for a in accounts if a.platform != "instagram"]
    approvals_demo.seed_crisis_template(
        organization,
        author.user,
        actions.PostChanges(
            body=approvals_demo.HOLDING_STATEMENT,
            accounts=targets,
            variant_texts=_with_disclaimers(approvals_demo.HOLDING_STATEMENT, targets, None),
            crisis_template=True,
        ),
    )
