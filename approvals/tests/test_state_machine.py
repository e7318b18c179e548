"""The review state machine, driven by Hypothesis: random sequences of edits (text, accounts,
time, media, patient story), submissions with and without a PHI justification, sign-offs on the
current or a stale hash, requests for changes, comments, withdrawals, role changes, pauses and
lifts, the fast track, expiry and releases, by random people of one organization under approval
rules drawn per example, with the invariants of issue #5 (approvals/tests/invariants.py) checked
after every step.

Each example runs inside a savepoint that is rolled back when the example ends (`teardown`), on
top of the test's own transaction: the organization and its people are made once per test, and
every example starts from the same empty organization. Refused moves must be refused with
ActionError for a reason the rules give (each rule lists the refusals it accepts, and the moves
that must be refused are predicted from the state before the move); a database error reaching
the caller fails the test."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import DatabaseError, transaction
from django.utils.timezone import now
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from approvals import actions, content
from approvals.models import (
    LIVE_OUTCOMES,
    Outcome,
    SignOff,
    Submission,
)
from approvals.quorum import Bar, quorum_met
from approvals.tests.invariants import assert_review_invariants, still_counting
from platforms import publishing
from platforms.models import SocialAccount
from policies.models import ApprovalRule, ConsentRecord
from policies.testing import make_consent
from posts import actions as post_actions
from posts.models import EDITABLE_STATES, Media, Post, PostState
from posts.testing import image_upload, make_account
from socialops.actions import ActionError, change_role
from socialops.audit import AuditEvent
from socialops.models import Membership, Organization, Role
from socialops.testing import make_member, make_org

PLAIN_TEXTS = [
    "Flu shots are free this Saturday at our Main Street clinic.",
    "Walk-in dental cleanings every Tuesday morning, no appointment needed.",
    "Vacunas contra la gripe gratis este sábado en nuestra clínica.",
]
# Trips the PHI scanner (a name, a date of birth, a diagnosis).
PHI_TEXT = "Congrats to Maria Lopez (DOB 04/12/1961) on finishing her diabetes treatment!"
JUSTIFICATION = "Maria signed our release and asked us to share her milestone publicly."

# Refusals each verb may give; anything else is a failure.
EDIT_REFUSALS = ("can no longer be changed", "saved a newer version", "You may not post to")
SUBMIT_REFUSALS = (
    "Viewers can't submit",
    "it can't be submitted",
    "Pick at least one account",
    "Set when the post goes out",
    "Pick a time in the future",
    "clear the time",
    "Fix these first",
    "The PHI scanner found",
)
SIGN_REFUSALS = (
    "Only reviewers and admins sign off",
    "there is nothing to sign off",
    "changed while you were reading",
    "You wrote part of this post",
    "already signed off",
    "can't be approved as it stands",
)


# Who acts, by index into World.members: authors 0-1, reviewers 2-4, admins 5-6, viewer 7.
# Each verb draws mostly from the people who do it, and sometimes from anyone.
ANYONE = st.integers(0, 7)
WRITERS = st.one_of(st.sampled_from([0, 1, 5, 6]), ANYONE)
EDITORS = st.one_of(st.sampled_from([0, 1, 5, 6]), st.integers(0, 6))
SIGNERS = st.one_of(st.sampled_from([2, 3, 4, 5, 6]), ANYONE)


@dataclass
class World:
    """The organization every example starts from."""

    org: Organization
    members: list[Membership]
    accounts: list[SocialAccount]
    consent: ConsentRecord


def build_world() -> World:
    org = make_org(name="Riverside Community Health", slug="riverside")
    members = (
        [make_member(org, Role.AUTHOR) for _ in range(2)]
        + [make_member(org, Role.REVIEWER) for _ in range(3)]
        + [make_member(org, Role.ADMIN) for _ in range(2)]
        + [make_member(org, Role.VIEWER)]
    )
    accounts = [make_account(org, "x"), make_account(org, "facebook")]
    consent = make_consent(org, by=members[2].user, platforms=("x", "facebook"))
    return World(org=org, members=members, accounts=accounts, consent=consent)


class ReviewMachine(RuleBasedStateMachine):
    world: World  # set by the test before it runs the machine

    posts = Bundle("posts")

    def __init__(self):
        super().__init__()
        # Everything an example does is undone in teardown().
        self._example = transaction.atomic()
        self._example.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._example.__exit__(None, None, None)

    # Helpers -------------------------------------------------------------------------------------

    @property
    def org(self) -> Organization:
        return self.world.org

    def attempt(self, verb: str, call, *, allowed=(), must_refuse: str = "", must_pass=False):
        """Run one move. A refusal must be an ActionError with one of the `allowed` reasons; a
        move predicted to be refused (`must_refuse` says why) must be, and one predicted to go
        through (`must_pass`) must not be refused."""
        try:
            result = call()
        except ActionError as error:
            assert any(reason in error.message for reason in allowed), (
                f"{verb} was refused for a reason the rules do not give: {error.message}"
            )
            assert not must_pass, f"{verb} should have gone through, was refused: {error.message}"
            return None
        except DatabaseError as error:  # IntegrityError and friends must never reach the caller
            pytest.fail(f"{verb} let a database error through: {error!r}")
        assert not must_refuse, f"{verb} should have been refused: {must_refuse}"
        return result

    def post(self, pk: int) -> Post:
        return Post.objects.select_related("organization").get(pk=pk)

    def any_in(self, *states: str) -> bool:
        return Post.objects.filter(organization=self.org, state__in=states).exists()

    def pick(self, data, *states: str, **where) -> Post | None:
        """One of the organization's posts in one of `states`, or None if there is none."""
        pks = list(
            Post.objects.filter(organization=self.org, state__in=states, **where)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return self.post(data.draw(st.sampled_from(pks))) if pks else None

    def creator(self, post: Post) -> Membership:
        return next(m for m in self.world.members if m.user_id == post.created_by_id)

    def role_of(self, member: Membership) -> str:
        return Membership.objects.get(pk=member.pk).role

    # Set-up --------------------------------------------------------------------------------------

    @initialize(
        count=st.sampled_from([2, 3]),
        roles=st.sampled_from([[], [Role.REVIEWER], [Role.ADMIN], [Role.ADMIN, Role.REVIEWER]]),
        stricter_facebook=st.booleans(),
    )
    def rules(self, count, roles, stricter_facebook):
        ApprovalRule.objects.create(organization=self.org, sign_offs=count, required_roles=roles)
        if stricter_facebook:
            ApprovalRule.objects.create(
                organization=self.org,
                social_account=self.world.accounts[1],
                sign_offs=3,
                required_roles=[Role.ADMIN],
            )

    @initialize(target=posts, by=st.sampled_from([0, 1, 5]))
    def first_post(self, by):
        return self.create_post(by=by, text=PLAIN_TEXTS[0], accounts=[0, 1], hours=48)

    # Writing -------------------------------------------------------------------------------------

    @rule(
        target=posts,
        by=WRITERS,
        text=st.sampled_from([*PLAIN_TEXTS, PHI_TEXT]),
        accounts=st.sampled_from([[0], [1], [0, 1]]),
        hours=st.integers(2, 72),
        crisis_template=st.sampled_from([False, False, False, True]),
    )
    def create_post(self, by, text, accounts, hours, crisis_template=False):
        if crisis_template and self.role_of(self.world.members[by]) in (Role.AUTHOR, Role.ADMIN):
            return self.create_crisis_template(by)
        member = self.world.members[by]
        post = self.attempt(
            "create_post",
            lambda: post_actions.create_post(
                organization=self.org,
                by=member.user,
                changes=post_actions.PostChanges(
                    body=text,
                    accounts=[self.world.accounts[i] for i in accounts],
                    scheduled_at=now() + dt.timedelta(hours=hours),
                ),
            ),
            allowed=("You may not post to",),
            must_refuse="only authors and admins post to accounts"
            if self.role_of(member) not in (Role.AUTHOR, Role.ADMIN)
            else "",
        )
        return post.pk if post else multiple()

    def create_crisis_template(self, by):
        member = self.world.members[by]
        post = self.attempt(
            "create_post",
            lambda: post_actions.create_post(
                organization=self.org,
                by=member.user,
                changes=post_actions.PostChanges(
                    body="We are aware of the situation downtown. Our clinics are open; stay safe.",
                    accounts=list(self.world.accounts),
                    crisis_template=True,
                ),
            ),
            allowed=("You may not post to",),
        )
        return post.pk if post else multiple()

    def _save(self, pk: int, by: int, change, *, stale: bool = False, refuse: str = "") -> None:
        post = self.post(pk)
        member = self.world.members[by]
        changes = post_actions.PostChanges.of(post)
        change(changes)
        version = post.version - 1 if stale else post.version
        must_refuse = refuse
        if post.state not in EDITABLE_STATES:
            must_refuse = f"a {post.state} post is not editable"
        elif stale:
            must_refuse = "the version is stale"
        self.attempt(
            "save_post",
            lambda: post_actions.save_post(
                post=post, by=member.user, expected_version=version, changes=changes
            ),
            allowed=EDIT_REFUSALS,
            must_refuse=must_refuse,
        )

    # Every change to what goes out is one rule, so that changes (which undo review) are not
    # drawn six times as often as a sign-off.
    @rule(
        pk=posts,
        by=EDITORS,
        what=st.sampled_from(["text", "accounts", "story", "time", "add media", "remove media"]),
        data=st.data(),
    )
    def change(self, pk, by, what, data):
        if what == "text":
            text = data.draw(st.sampled_from([*PLAIN_TEXTS, PHI_TEXT]), label="text")
            self.edit_text(pk, by, text, stale=data.draw(st.booleans(), label="stale"))
        elif what == "accounts":
            accounts = data.draw(st.sampled_from([[0], [1], [0, 1], []]), label="accounts")
            self.change_accounts(pk, by, accounts)
        elif what == "story":
            self.toggle_patient_story(pk, by)
        elif what == "time":
            self.reschedule(pk, by, data.draw(st.integers(-3, 96), label="hours"))
        elif what == "add media":
            self.add_media(pk, by)
        else:
            self.remove_media(pk, by)

    def edit_text(self, pk, by, text, stale):
        def change(changes):
            changes.body = text

        self._save(pk, by, change, stale=stale)

    def change_accounts(self, pk, by, accounts):
        def change(changes):
            changes.accounts = [self.world.accounts[i] for i in accounts]

        post = self.post(pk)
        added = set(accounts) - {
            i for i, a in enumerate(self.world.accounts) if post.variants.filter(account=a).exists()
        }
        may_add = self.role_of(self.world.members[by]) in (Role.AUTHOR, Role.ADMIN)
        self._save(pk, by, change, refuse="" if may_add or not added else "may not add accounts")

    def toggle_patient_story(self, pk, by):
        def change(changes):
            changes.patient_story = not changes.patient_story
            changes.consent = self.world.consent if changes.patient_story else None
            changes.consent_kinds = ["story"] if changes.patient_story else []

        self._save(pk, by, change)

    def reschedule(self, pk, by, hours):
        post = self.post(pk)
        when = now() + dt.timedelta(hours=hours)
        must_refuse = ""
        if post.state not in EDITABLE_STATES:
            must_refuse = f"a {post.state} post does not move"
        elif post.crisis_template:
            must_refuse = "a crisis template has no time"
        elif when <= now():
            must_refuse = "the time is past"
        self.attempt(
            "reschedule_post",
            lambda: post_actions.reschedule_post(
                post=post, by=self.world.members[by].user, when=when
            ),
            allowed=(
                "it can't be moved on the calendar",
                "Pick a time in the future",
                "A crisis template has no time of its own",
            ),
            must_refuse=must_refuse,
        )

    def add_media(self, pk, by):
        post = self.post(pk)
        self.attempt(
            "add_media",
            lambda: post_actions.add_media(
                post=post,
                by=self.world.members[by].user,
                upload=image_upload(width=600, height=600),
                alt_text="A nurse giving a flu shot",
            ),
            allowed=("can no longer be changed",),
            must_refuse="" if post.is_editable else f"a {post.state} post is not editable",
        )

    def remove_media(self, pk, by):
        post = self.post(pk)
        item = Media.objects.filter(post=post).order_by("position").first()
        if item is None:
            return
        self.attempt(
            "remove_media",
            lambda: post_actions.remove_media(item=item, by=self.world.members[by].user),
            allowed=("can no longer be changed",),
            must_refuse="" if post.is_editable else f"a {post.state} post is not editable",
        )

    # Review --------------------------------------------------------------------------------------

    @precondition(lambda self: self.any_in(*actions.SUBMITTABLE_STATES))
    @rule(data=st.data(), by=WRITERS, justify=st.booleans())
    def submit(self, data, by, justify):
        self.submit_as(self.pick(data, *actions.SUBMITTABLE_STATES), by, justify=justify)

    def submit_as(self, post: Post, by: int, *, justify: bool) -> None:
        member = self.world.members[by]
        justification = JUSTIFICATION if justify else ""
        check = actions.check_post(post)
        blocking = check.blocking(phi_overridden=bool(justification))
        must_refuse, must_pass = "", False
        if self.role_of(member) == Role.VIEWER:
            must_refuse = "viewers do not submit"
        elif post.state not in actions.SUBMITTABLE_STATES:
            must_refuse = f"a {post.state} post is not submitted"
        elif not post.variants.exists():
            must_refuse = "no accounts"
        elif check.has_phi_block and not justification:
            must_refuse = "PHI without a justification"
        elif blocking:
            must_refuse = "blocking findings"
        elif post.crisis_template:
            must_pass = post.scheduled_at is None
        else:
            must_pass = post.scheduled_at is not None and post.scheduled_at > now()
        submission = self.attempt(
            "submit_post",
            lambda: actions.submit_post(post=post, by=member.user, phi_justification=justification),
            allowed=SUBMIT_REFUSALS,
            must_refuse=must_refuse,
            must_pass=must_pass,
        )
        if submission is not None:
            assert submission.phi_override == (check.has_phi_block and bool(justification))
            assert submission.content_hash == content.current_hash(post)

    @rule(data=st.data(), by=ANYONE, stale=st.booleans())
    def sign(self, data, by, stale):
        self._sign(self.pick(data, *PostState.values), by, stale=stale)

    # Approval takes the most moves of all: reviewers signing one after the other, as one step,
    # so that random sequences reach it as often as they reach the moves that undo it.
    @precondition(lambda self: self.any_in(PostState.IN_REVIEW, *actions.SUBMITTABLE_STATES))
    @rule(
        data=st.data(),
        order=st.permutations([2, 3, 4, 5, 6]),
        count=st.integers(2, 5),
        then=st.sampled_from(["wait", "its time comes", "a crisis, then its time comes"]),
    )
    def review_round(self, data, order, count, then):
        post = self.pick(data, PostState.IN_REVIEW, *actions.SUBMITTABLE_STATES)
        if post.state != PostState.IN_REVIEW:
            # Its first author submits it, justifying any PHI finding.
            self.submit_as(post, self.world.members.index(self.creator(post)), justify=True)
        for by in order[:count]:
            self._sign(self.post(post.pk), by, stale=False)
        post = self.post(post.pk)
        if then != "wait" and post.state == PostState.APPROVED:
            self._release(post, data, late=False, crisis_first=then.startswith("a crisis"))

    def _sign(self, post, by, *, stale):
        if post is None:
            return
        member = self.world.members[by]
        submission = actions.live_submission(post)
        if stale:
            old = post.submissions.exclude(outcome__in=LIVE_OUTCOMES).order_by("-number").first()
            content_hash = old.content_hash if old else "0" * 64
        else:
            content_hash = submission.content_hash if submission else content.current_hash(post)
        role = self.role_of(member)
        must_refuse = ""
        if role not in actions.SIGNER_ROLES:
            must_refuse = "only reviewers and admins sign"
        elif post.state != PostState.IN_REVIEW or submission is None:
            must_refuse = f"a {post.state} post has nothing to sign"
        elif content_hash != submission.content_hash:
            must_refuse = "the hash is stale"
        elif member.user_id in actions.author_ids(post):
            must_refuse = "authors never sign their own post"
        elif submission.sign_offs.filter(signer=member.user).exists():
            must_refuse = "one person counts once"
        must_pass = not must_refuse and not actions.check_post(post).blocking(
            phi_overridden=submission.phi_override
        )
        signed = self.attempt(
            "sign_off",
            lambda: actions.sign_off(post=post, by=member.user, content_hash=content_hash),
            allowed=SIGN_REFUSALS,
            must_refuse=must_refuse,
            must_pass=must_pass,
        )
        if signed is not None:
            submission.refresh_from_db()
            post.refresh_from_db()
            met = quorum_met(Bar.of(submission), still_counting(submission))
            # The last sign-off the bar needs approves the post, and no earlier one does; only
            # the sign-offs of people who still sign off posts count.
            assert (post.state == PostState.APPROVED) == met
            approvals = AuditEvent.objects.filter(
                organization=self.org, verb="post.approved", target_id=str(post.pk)
            )
            assert approvals.filter(after__round=submission.number).count() == (1 if met else 0)

    @rule(pk=posts, by=SIGNERS, per_account=st.booleans())
    def request_changes(self, pk, by, per_account):
        post = self.post(pk)
        member = self.world.members[by]
        notes = {}
        if per_account:
            notes = {v.account_id: "Shorter here." for v in post.variants.all()[:1]}
        must_refuse = ""
        if self.role_of(member) not in actions.SIGNER_ROLES:
            must_refuse = "only reviewers and admins send back"
        elif post.state not in (PostState.IN_REVIEW, PostState.APPROVED):
            must_refuse = f"a {post.state} post is not in review"
        self.attempt(
            "request_changes",
            lambda: actions.request_changes(
                post=post, by=member.user, comment="Say which clinic.", variant_comments=notes
            ),
            allowed=("Only reviewers and admins", "there is nothing to send back"),
            must_refuse=must_refuse,
            must_pass=not must_refuse,
        )

    @rule(pk=posts, by=st.integers(0, 7))
    def comment(self, pk, by):
        post = self.post(pk)
        member = self.world.members[by]
        viewer = self.role_of(member) == Role.VIEWER
        self.attempt(
            "add_comment",
            lambda: actions.add_comment(post=post, by=member.user, body="Which clinic is this?"),
            allowed=("Viewers can't comment",),
            must_refuse="viewers do not comment" if viewer else "",
            must_pass=not viewer,
        )

    @rule(pk=posts, by=WRITERS)
    def withdraw(self, pk, by):
        post = self.post(pk)
        member = self.world.members[by]
        must_refuse = ""
        if member.user_id not in actions.author_ids(post):
            must_refuse = "only authors take a post back"
        elif post.state not in (PostState.IN_REVIEW, PostState.APPROVED):
            must_refuse = f"a {post.state} post is not in review"
        self.attempt(
            "withdraw",
            lambda: actions.withdraw(post=post, by=member.user),
            allowed=("Only the post's authors", "This post is not in review"),
            must_refuse=must_refuse,
            must_pass=not must_refuse,
        )

    # People -------------------------------------------------------------------------------------

    @rule(
        who=st.integers(2, 6),
        role=st.sampled_from([Role.AUTHOR, Role.AUTHOR, Role.REVIEWER, Role.ADMIN]),
        data=st.data(),
    )
    def change_role(self, who, role, data):
        """An admin moves a reviewer or admin to another role, often one who signed a live
        round: their sign-offs stop counting when they no longer sign (an approval they gave
        stands until the post is released, when the last check counts only those who still
        sign)."""
        admins = [m for m in self.world.members if self.role_of(m) == Role.ADMIN]
        by = data.draw(st.sampled_from(admins), label="admin")
        signed = sorted(
            set(
                SignOff.objects.filter(
                    submission__organization=self.org, submission__outcome__in=LIVE_OUTCOMES
                ).values_list("signer_id", flat=True)
            )
        )
        if signed and data.draw(st.booleans(), label="a signer"):
            user_id = data.draw(st.sampled_from(signed), label="signer")
            who = next(i for i, m in enumerate(self.world.members) if m.user_id == user_id)
        # A fresh row: the action changes the instance, and World's are shared by examples.
        membership = Membership.objects.get(pk=self.world.members[who].pk)
        last_admin = membership.role == Role.ADMIN and role != Role.ADMIN and len(admins) == 1
        self.attempt(
            "change_role",
            lambda: change_role(membership=membership, role=role, by=by.user),
            allowed=("last admin",),
            must_refuse="the organization keeps an admin" if last_admin else "",
            must_pass=not last_admin,
        )

    # Pause, time, release ------------------------------------------------------------------------

    # Pausing and lifting, one rule: pausing or lifting while already so is a refusal to check.
    @rule(by=SIGNERS, lift=st.booleans())
    def pause_or_resume(self, by, lift):
        if lift:
            self.resume(by)
        else:
            self.pause(by)

    def pause(self, by):
        member = self.world.members[by]
        must_refuse = ""
        if self.role_of(member) not in actions.SIGNER_ROLES:
            must_refuse = "only reviewers and admins pause"
        elif actions.active_pause(self.org) is not None:
            must_refuse = "already paused"
        self.attempt(
            "pause_publishing",
            lambda: actions.pause_publishing(
                organization=self.org, by=member.user, reason="Shooting downtown"
            ),
            allowed=("Only reviewers and admins", "already paused"),
            must_refuse=must_refuse,
            must_pass=not must_refuse,
        )

    def resume(self, by):
        member = self.world.members[by]
        must_refuse = ""
        if self.role_of(member) not in actions.SIGNER_ROLES:
            must_refuse = "only reviewers and admins lift a pause"
        elif actions.active_pause(self.org) is None:
            must_refuse = "not paused"
        self.attempt(
            "resume_publishing",
            lambda: actions.resume_publishing(organization=self.org, by=member.user),
            allowed=("Only reviewers and admins", "not paused"),
            must_refuse=must_refuse,
            must_pass=not must_refuse,
        )

    @precondition(lambda self: self.any_in(PostState.APPROVED))
    @rule(target=posts, data=st.data(), by=st.one_of(st.sampled_from([2, 3, 4]), ANYONE))
    def fast_track(self, data, by):
        template = self.pick(data, PostState.APPROVED, crisis_template=True) or self.pick(
            data, PostState.APPROVED
        )
        if template is None:
            return multiple()
        member = self.world.members[by]
        approved = actions.live_submission(template)
        must_refuse = ""
        if self.role_of(member) != Role.REVIEWER:
            must_refuse = "only reviewers fast-track"
        elif actions.active_pause(self.org) is None:
            must_refuse = "not paused"
        elif not template.crisis_template or template.state != PostState.APPROVED:
            must_refuse = "not an approved crisis template"
        elif approved.fast_track_of_id is not None:
            must_refuse = "a fast-tracked copy is not a template"
        elif member.user_id in actions.author_ids(template):
            must_refuse = "authors never sign their own template"
        copy = self.attempt(
            "fast_track",
            lambda: actions.fast_track(
                template=template, by=member.user, when=now() + dt.timedelta(hours=1)
            ),
            allowed=(
                "Only a reviewer can fast-track",
                "publishing is not paused",
                "Only a crisis template approved",
                "You wrote this template",
                "can't be approved as it stands",
            ),
            must_refuse=must_refuse,
        )
        if copy is None:
            return multiple()
        assert copy.state == PostState.APPROVED
        signed = SignOff.objects.get(post=copy)
        assert signed.fast_track and signed.signer_id == member.user_id
        return copy.pk

    @precondition(lambda self: self.any_in(PostState.APPROVED, *actions.EXPIRING_STATES))
    @rule(data=st.data(), minutes=st.sampled_from([1, 20]))
    def expire(self, data, minutes):
        """The beat job, some minutes past one post's time."""
        post = self.pick(data, PostState.APPROVED, *actions.EXPIRING_STATES)
        if post.scheduled_at is None:
            return
        at = post.scheduled_at + dt.timedelta(minutes=minutes)
        # Not approved by its time. (Approved but not gone out within its window is the
        # publisher's: missed, see _release.)
        due = set(
            Post.objects.filter(
                state__in=actions.EXPIRING_STATES,
                scheduled_at__lte=at,
                organization=self.org,
                crisis_template=False,
            ).values_list("pk", flat=True)
        )
        expired = actions.expire_overdue(at)
        assert set(expired) == due
        assert not Submission.objects.filter(post__in=due, outcome__in=LIVE_OUTCOMES).exists()
        assert set(Post.objects.filter(pk__in=due).values_list("state", flat=True)) <= {
            PostState.EXPIRED
        }

    @precondition(lambda self: self.any_in(PostState.APPROVED))
    @rule(
        data=st.data(),
        late=st.sampled_from([False, False, True]),
        crisis_first=st.sampled_from([False, False, True]),
    )
    def release(self, data, late, crisis_first):
        self._release(self.pick(data, PostState.APPROVED), data, late, crisis_first)

    def _release(self, post: Post, data, late: bool, crisis_first: bool) -> None:
        if post.scheduled_at is None:
            return
        if crisis_first and actions.active_pause(self.org) is None:
            # A crisis just before the post's time: the approved post must be held.
            self.pause(data.draw(st.sampled_from([2, 3, 4, 5, 6]), label="pauses"))
        paused = actions.active_pause(self.org) is not None
        submission = actions.live_submission(post)
        fast = submission.fast_track_of_id is not None
        counting = quorum_met(Bar.of(submission), still_counting(submission))
        # On time, or past the window the sign-offs cover (after a pause or an outage).
        at = post.scheduled_at + (
            content.TIME_WINDOW + dt.timedelta(minutes=1) if late else dt.timedelta()
        )
        if late:
            # The publisher's sweep past the window: missed, never sent late; the round ends.
            publishing.sweep(at=at)
            post.refresh_from_db()
            assert post.state == PostState.MISSED
            submission.refresh_from_db()
            assert submission.outcome == Outcome.EXPIRED
            return
        result = publishing.release_for_publishing(post=post, at=at)
        post.refresh_from_db()
        if result.released:
            assert post.state == PostState.PUBLISHING
            assert fast or not paused, "released during a pause"
            assert counting, "released on the sign-off of someone who no longer signs"
        elif post.state == PostState.APPROVED:
            assert (paused and not fast) or not counting, (
                f"an approved post due now was not released: {result}"
            )

    # Invariants ----------------------------------------------------------------------------------

    @invariant()
    def every_post_keeps_the_rules(self):
        assert_review_invariants(self.org)


@pytest.mark.django_db
def test_the_review_state_machine_keeps_its_invariants():
    ReviewMachine.world = build_world()
    run_state_machine_as_test(
        ReviewMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
