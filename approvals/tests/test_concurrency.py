"""Races on PostgreSQL: two reviewers giving the last sign-off at the same instant, and an
author's edit racing a reviewer's last sign-off. Real threads, each with its own connection.

To make "at the same instant" true rather than likely, the test holds the post's row lock from
its own connection, starts the racers, waits until PostgreSQL says every racer is blocked on that
lock (inside its action), then lets go: the racers go in the order PostgreSQL grants the lock.
Each race runs several times, starting the racers in turn in both orders."""

import threading
import time
from collections.abc import Callable
from functools import partial

import pytest
from django.db import DatabaseError, connection, transaction

from approvals import actions, content
from approvals.models import Outcome, SignOff, Submission
from approvals.testing import second_reviewer, sign, submitted_post
from approvals.tests.invariants import assert_review_invariants
from posts import actions as post_actions
from posts.models import Post, PostState
from socialops.actions import ActionError
from socialops.audit import AuditEvent

ROUNDS = 10
pytestmark = pytest.mark.django_db(transaction=True)


class Racer(threading.Thread):
    """Runs `call` on its own database connection once the test lets it, keeping what came
    back: the result, the ActionError, or any other exception (which the test fails on)."""

    def __init__(self, name: str, call: Callable):
        super().__init__(name=name)
        self.call = call
        self.ready = threading.Event()
        self.pid: int | None = None
        self.result = None
        self.refusal: ActionError | None = None
        self.crash: BaseException | None = None

    def run(self):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]
            self.ready.set()
            self.result = self.call()
        except ActionError as error:
            self.refusal = error
        except BaseException as error:
            self.crash = error  # raised by the test, in the main thread
        finally:
            self.ready.set()
            connection.close()


def _blocked(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", [pid])
        return cursor.fetchone()[0]


def race(post: Post, *racers: Racer) -> None:
    """Hold the post's row lock, start the racers one after the other (each once it is blocked
    on the lock, so they queue in this order), then let them all go at once."""
    with transaction.atomic():
        Post.objects.select_for_update().get(pk=post.pk)
        for racer in racers:
            racer.start()
            racer.ready.wait(5)
            deadline = time.monotonic() + 10
            while not _blocked(racer.pid):
                assert racer.is_alive(), f"{racer.name} finished without waiting for the lock"
                assert time.monotonic() < deadline, f"{racer.name} never reached the lock"
                time.sleep(0.005)
    for racer in racers:
        racer.join(30)
        assert not racer.is_alive(), f"{racer.name} is still running"
        if racer.crash is not None:
            assert not isinstance(racer.crash, DatabaseError), (
                f"{racer.name} let a database error through: {racer.crash!r}"
            )
            raise racer.crash


def test_two_reviewers_giving_the_last_sign_off_at_once_approve_the_post_once(riverside):
    third = second_reviewer(riverside.reviewer)
    orders = []
    for round_number in range(ROUNDS):
        post, submission = submitted_post(riverside.author, body=f"Flu shots, round {round_number}")
        sign(post, riverside.reviewer)  # one more sign-off approves it
        first, second = (riverside.admin, third)[:: 1 if round_number % 2 else -1]
        racers = [
            Racer(
                member.user.full_name,
                partial(
                    actions.sign_off,
                    post=post,
                    by=member.user,
                    content_hash=submission.content_hash,
                ),
            )
            for member in (first, second)
        ]
        race(post, *racers)

        post.refresh_from_db()
        submission.refresh_from_db()
        assert post.state == PostState.APPROVED
        assert submission.outcome == Outcome.APPROVED
        approved = AuditEvent.objects.filter(verb="post.approved", target_id=str(post.pk))
        assert approved.count() == 1
        signed = set(SignOff.objects.filter(submission=submission).values_list("signer", flat=True))
        winners = [r for r in racers if r.refusal is None]
        # The first through approves; the second finds it approved and is told so (its
        # sign-off would add nothing), or, had it gone first, the other way round.
        assert len(winners) == 1, [str(r.refusal) for r in racers]
        loser = next(r for r in racers if r.refusal is not None)
        assert "approved: there is nothing to sign off" in loser.refusal.message
        assert signed == {riverside.reviewer.user.pk, winners[0].result.signer_id}
        orders.append(winners[0].name)
        assert_review_invariants(riverside.org)
    # Both reviewers won some of the races.
    assert set(orders) == {riverside.admin.user.full_name, third.user.full_name}


def test_an_edit_racing_the_last_sign_off_never_leaves_changed_content_approved(riverside):
    outcomes = set()
    for round_number in range(ROUNDS):
        post, submission = submitted_post(riverside.author, body=f"Flu shots, round {round_number}")
        sign(post, riverside.reviewer)
        post.refresh_from_db()
        changes = post_actions.PostChanges.of(post)
        changes.body = f"Flu shots are free this Sunday too (round {round_number})."
        edit = Racer(
            "edit",
            partial(
                post_actions.save_post,
                post=post,
                by=riverside.author.user,
                expected_version=post.version,
                changes=changes,
            ),
        )
        signing = Racer(
            "sign-off",
            partial(
                actions.sign_off,
                post=post,
                by=riverside.admin.user,
                content_hash=submission.content_hash,
            ),
        )
        racers = (edit, signing) if round_number % 2 else (signing, edit)
        race(post, *racers)

        assert edit.refusal is None, edit.refusal  # the author's save always goes through
        post.refresh_from_db()
        submission.refresh_from_db()
        live = Submission.objects.get(post=post, outcome__in=[Outcome.OPEN, Outcome.APPROVED])
        # Either way the edit leaves the post in review, on a fresh round for the new text...
        assert post.state == PostState.IN_REVIEW
        assert live.number == 2 and live.content_hash == content.current_hash(post)
        assert live.sign_offs.count() == 0
        assert submission.outcome == Outcome.VOIDED
        assert submission.content_hash != live.content_hash
        if signing.refusal is None:
            # ...the sign-off went first: it approved the old text, and the edit voided it.
            outcomes.add("approved, then voided")
            assert AuditEvent.objects.filter(verb="post.approved", target_id=str(post.pk)).exists()
            assert SignOff.objects.filter(submission=submission).count() == 2
        else:
            # ...the edit went first: the sign-off was for text that no longer goes out.
            outcomes.add("edited, sign-off refused as stale")
            assert "changed while you were reading" in signing.refusal.message
            assert SignOff.objects.filter(submission=submission).count() == 1
            assert not AuditEvent.objects.filter(
                verb="post.approved", target_id=str(post.pk)
            ).exists()
        assert_review_invariants(riverside.org)
    assert outcomes == {"approved, then voided", "edited, sign-off refused as stale"}
