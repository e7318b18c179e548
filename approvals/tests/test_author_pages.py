"""The author's side of review through the pages: the editor's review panel, Submit for review
(with the PHI justification), Withdraw, comments, editing a post in review, crisis templates, the
drafts badges and the delete page. Three personas each: an author who may act, a viewer who may
only look, an outsider who gets 404."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import now

from approvals import actions
from approvals.models import CommentKind, Outcome, ReviewComment, Submission
from approvals.testing import second_reviewer, sign, submitted_post
from posts import actions as post_actions
from posts.models import Post, PostState
from posts.testing import editor_data, make_account, make_post
from socialops.actions import ActionError
from socialops.models import Role
from socialops.testing import make_member

PHI_TEXT = "Get well soon Maria Gonzalez after your knee surgery at our Main Street clinic!"
JUSTIFICATION = (
    "Maria asked us to share this and signed the story consent; her family approved the wording."
)


def _url(name: str, post: Post) -> str:
    app = "posts" if name in ("edit", "autosave", "delete") else "approvals"
    return reverse(f"{app}:{name}", args=[post.organization.slug, post.pk])


def _editor(post: Post, **overrides) -> dict:
    """What the editor posts: the post as saved, with `overrides`."""
    post.refresh_from_db()
    return editor_data(post, **overrides)


@pytest.fixture
def post(riverside):
    return make_post(riverside.author, [make_account(riverside.org, "facebook")])


class TestSubmit:
    def test_an_author_submits_what_the_editor_holds(self, client, riverside, post):
        client.force_login(riverside.author.user)
        response = client.post(
            _url("submit", post), _editor(post, body="Free flu shots Saturday, all clinics.")
        )
        assert response.status_code == 302
        post.refresh_from_db()
        assert post.state == PostState.IN_REVIEW
        submission = actions.live_submission(post)
        # The text on the screen was saved first, and that is what the reviewers sign.
        assert submission.content["variants"][0]["text"] == "Free flu shots Saturday, all clinics."
        editor = client.get(response["Location"]).content.decode()
        assert "Submitted for review: 2 more sign-offs, from a reviewer." in editor

    def test_a_submit_without_the_editor_submits_the_saved_post(self, client, riverside, post):
        client.force_login(riverside.author.user)
        assert client.post(_url("submit", post)).status_code == 302
        assert Post.objects.get(pk=post.pk).state == PostState.IN_REVIEW

    def test_a_viewer_gets_403_and_an_outsider_404(self, client, riverside, harbor, post):
        client.force_login(riverside.viewer.user)
        assert client.post(_url("submit", post), _editor(post)).status_code == 403
        client.force_login(harbor.admin.user)
        assert client.post(_url("submit", post), _editor(post)).status_code == 404
        other = reverse("approvals:submit", args=[harbor.org.slug, post.pk])
        assert client.post(other, _editor(post)).status_code == 404
        assert Post.objects.get(pk=post.pk).state == PostState.DRAFT

    def test_a_refusal_is_shown_next_to_the_button_and_nothing_is_submitted(
        self, client, riverside, post
    ):
        client.force_login(riverside.author.user)
        response = client.post(
            _url("submit", post), _editor(post, scheduled_date="", scheduled_time="")
        )
        assert response.status_code == 400
        assert "Set when the post goes out." in response.content.decode()
        post.refresh_from_db()
        assert post.state == PostState.DRAFT and post.scheduled_at is None

    def test_an_invalid_editor_is_not_submitted(self, client, riverside, post):
        client.force_login(riverside.author.user)
        response = client.post(_url("submit", post), _editor(post, scheduled_time=""))
        assert response.status_code == 400
        text = response.content.decode()
        assert "Not submitted: the post could not be saved." in text
        assert "Pick a time as well as a date." in text
        assert Post.objects.get(pk=post.pk).state == PostState.DRAFT

    def test_a_stale_editor_is_not_submitted(self, client, riverside, post):
        client.force_login(riverside.author.user)
        stale = _editor(post)
        client.post(_url("autosave", post), _editor(post, body="Saved from another tab."))
        response = client.post(_url("submit", post), stale | {"body": "Older text"})
        assert response.status_code == 409
        assert "saved a newer version" in response.content.decode()
        post.refresh_from_db()
        assert post.state == PostState.DRAFT and post.body == "Saved from another tab."


class TestPhiJustification:
    def test_phi_is_refused_then_goes_through_with_a_justification(self, client, riverside, post):
        client.force_login(riverside.author.user)
        refused = client.post(_url("submit", post), _editor(post, body=PHI_TEXT))
        assert refused.status_code == 400
        text = refused.content.decode()
        assert "PHI justification" in text
        assert 'name="phi_justification"' in text
        assert "The PHI scanner found protected health information" in text
        assert Post.objects.get(pk=post.pk).state == PostState.DRAFT

        too_short = client.post(
            _url("submit", post), _editor(post, phi_justification="She agreed.")
        )
        assert too_short.status_code == 400
        assert Post.objects.get(pk=post.pk).state == PostState.DRAFT

        response = client.post(_url("submit", post), _editor(post, phi_justification=JUSTIFICATION))
        assert response.status_code == 302
        submission = actions.live_submission(post)
        assert submission.phi_override and submission.phi_justification == JUSTIFICATION
        assert submission.required_reviewers == 2
        editor = client.get(response["Location"]).content.decode()
        assert "one more reviewer has to sign off than usual" in editor
        assert "3 more sign-offs, 2 of them from reviewers." in editor
        assert "a PHI finding sent with a justification" in editor


class TestWithdraw:
    def test_the_author_takes_a_post_back_keeping_what_was_typed(self, client, riverside):
        post, submission = submitted_post(riverside.author)
        sign(post, riverside.reviewer)
        client.force_login(riverside.author.user)
        response = client.post(_url("withdraw", post), _editor(post, body="Rewritten."))
        assert response.status_code == 302
        post.refresh_from_db()
        submission.refresh_from_db()
        assert post.state == PostState.DRAFT and post.body == "Rewritten."
        assert submission.outcome == Outcome.WITHDRAWN
        # Saved as a draft after the withdrawal: no new round was opened for the edit.
        assert actions.live_submission(post) is None
        editor = client.get(response["Location"]).content.decode()
        assert "Taken out of review: it is a draft again." in editor
        assert "took it back out of review" in editor

    def test_someone_who_did_not_write_it_is_told_no(self, client, riverside):
        post, _ = submitted_post(riverside.author)
        client.force_login(riverside.admin.user)
        response = client.post(_url("withdraw", post), follow=True)
        assert "Only the post&#x27;s authors can take it back." in response.content.decode()
        assert Post.objects.get(pk=post.pk).state == PostState.IN_REVIEW

    def test_a_viewer_gets_403_and_an_outsider_404(self, client, riverside, harbor):
        post, _ = submitted_post(riverside.author)
        client.force_login(riverside.viewer.user)
        assert client.post(_url("withdraw", post)).status_code == 403
        client.force_login(harbor.admin.user)
        assert client.post(_url("withdraw", post)).status_code == 404
        assert Post.objects.get(pk=post.pk).state == PostState.IN_REVIEW


class TestComments:
    @pytest.fixture
    def sent_back(self, riverside):
        post, _ = submitted_post(riverside.author)
        account = post.variants.get().account
        actions.request_changes(
            post=post, by=riverside.reviewer.user, comment="Say which clinic.",
            variant_comments={account.pk: "Too long for X: cut the second sentence."},
        )  # fmt: skip
        return post, account

    def test_the_author_sees_each_comment_where_it_belongs(self, client, riverside, sent_back):
        post, account = sent_back
        client.force_login(riverside.author.user)
        text = client.get(_url("edit", post)).content.decode()
        panel = text[text.index('id="review-panel"') :]
        variant = text[text.index(f'id="variant-{account.pk}-title"') : text.index("</article>")]
        assert "Say which clinic." in panel
        assert "Too long for X" in variant and "Too long for X" not in panel
        # Changes requested stand out in words, not only in colour.
        assert "Changes requested" in variant
        assert f'form="reply-{account.pk}"' in variant

    def test_the_author_replies_on_the_post_and_on_a_variant(self, client, riverside, sent_back):
        post, account = sent_back
        client.force_login(riverside.author.user)
        response = client.post(_url("comment", post), {"body": "Main Street, done."})
        assert response.status_code == 302 and response["Location"].endswith("#review-thread")
        response = client.post(
            _url("comment", post), {"body": "Cut it.", "account": str(account.pk)}
        )
        assert response["Location"].endswith(f"#variant-{account.pk}-thread")
        replies = ReviewComment.objects.filter(kind=CommentKind.REPLY).order_by("id")
        assert [(r.body, r.account_id) for r in replies] == [
            ("Main Street, done.", None),
            ("Cut it.", account.pk),
        ]

    def test_the_editor_sends_a_reply_with_htmx_and_gets_its_thread_back(
        self, client, riverside, sent_back
    ):
        post, account = sent_back
        client.force_login(riverside.author.user)
        data = {"body": "Cut it.", "account": str(account.pk)}
        response = client.post(_url("comment", post), data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        text = response.content.decode()
        assert "<html" not in text  # the thread alone, swapped in place
        assert f'id="variant-{account.pk}-thread"' in text
        assert "Too long for X" in text and "Cut it." in text
        refused = client.post(
            _url("comment", post), data | {"body": ""}, HTTP_HX_REQUEST="true"
        ).content.decode()
        assert f'id="reply-{account.pk}-error">Write something first.' in refused

    def test_an_empty_reply_is_refused_next_to_its_box(self, client, riverside, sent_back):
        post, account = sent_back
        client.force_login(riverside.author.user)
        response = client.post(_url("comment", post), {"body": "  ", "account": str(account.pk)})
        assert response.status_code == 400
        text = response.content.decode()
        assert f'id="reply-{account.pk}-error">Write something first.' in text
        assert not ReviewComment.objects.filter(kind=CommentKind.REPLY).exists()

    def test_a_comment_on_an_account_the_post_does_not_use_is_refused(
        self, client, riverside, sent_back
    ):
        post, _ = sent_back
        elsewhere = make_account(riverside.org, "x")
        client.force_login(riverside.author.user)
        response = client.post(
            _url("comment", post), {"body": "Hi", "account": elsewhere.pk}, follow=True
        )
        assert "Comment on an account this post goes to." in response.content.decode()
        assert not ReviewComment.objects.filter(body="Hi").exists()

    def test_a_reviewer_goes_back_to_the_review_page(self, client, riverside, sent_back):
        post, _ = sent_back
        client.force_login(riverside.reviewer.user)
        response = client.post(_url("comment", post), {"body": "Thanks!"})
        assert response["Location"] == actions.review_url(post) + "#review-thread"

    def test_a_viewer_gets_403_and_an_outsider_404(self, client, riverside, harbor, sent_back):
        post, _ = sent_back
        client.force_login(riverside.viewer.user)
        assert client.post(_url("comment", post), {"body": "Hi"}).status_code == 403
        client.force_login(harbor.admin.user)
        assert client.post(_url("comment", post), {"body": "Hi"}).status_code == 404
        assert not ReviewComment.objects.exclude(kind=CommentKind.CHANGES_REQUESTED).exists()


class TestReviewPanel:
    def test_it_shows_the_round_the_sign_offs_and_who_still_has_to_sign(self, client, riverside):
        post, _ = submitted_post(riverside.author)
        sign(post, riverside.reviewer)
        client.force_login(riverside.author.user)
        text = client.get(_url("edit", post)).content.decode()
        assert "Round 1, submitted" in text
        assert riverside.reviewer.user.get_full_name() in text
        assert "Reviewer ·" in text
        assert "Still to sign:</strong> 1 more sign-off." in text
        assert "Withdraw from review" in text
        assert "Submit for review" not in text

    def test_a_draft_offers_submit_and_no_withdraw(self, client, riverside, post):
        client.force_login(riverside.author.user)
        text = client.get(_url("edit", post)).content.decode()
        assert "Submit for review" in text and "Withdraw from review" not in text
        assert "Not submitted yet." in text

    def test_an_approved_post_warns_before_a_save_voids_its_sign_offs(self, client, riverside):
        post, _ = submitted_post(riverside.author)
        sign(post, riverside.reviewer)
        sign(post, riverside.admin)
        client.force_login(riverside.author.user)
        text = client.get(_url("edit", post)).content.decode()
        assert (
            "This post is approved: saving a change voids 2 sign-offs and sends it back to review."
            in text
        )
        # No autosave while sign-offs are at stake: only the Save button saves.
        assert 'hx-trigger="input' not in text.split('id="post-form"')[1].split(">")[0]

        response = client.post(_url("edit", post), _editor(post, body="Now on Sunday."))
        assert response.status_code == 302
        post.refresh_from_db()
        assert post.state == PostState.IN_REVIEW
        after = client.get(response["Location"]).content.decode()
        reviewer, admin, author = (
            m.user.get_full_name() for m in (riverside.reviewer, riverside.admin, riverside.author)
        )
        said = f"Sign-offs by {reviewer} and {admin} were voided when {author} changed the post."
        assert f"Saved. {said} The post is back in review." in after
        assert said in after.split('id="review-panel"')[1]  # and it stays, under Earlier rounds

    def test_an_autosave_with_nothing_changed_voids_nothing(self, client, riverside):
        # Its time has seconds (as the API may set), which the editor's time field drops.
        when = (now() + dt.timedelta(days=3)).replace(second=17)
        post, submission = submitted_post(riverside.author, scheduled_at=when)
        sign(post, riverside.reviewer)
        client.force_login(riverside.author.user)
        response = client.post(_url("autosave", post), _editor(post))
        assert response.status_code == 200
        assert "Saved at" in response.content.decode()
        submission.refresh_from_db()
        assert submission.outcome == Outcome.OPEN and submission.sign_offs.count() == 1
        assert Submission.objects.filter(post=post).count() == 1
        assert Post.objects.get(pk=post.pk).state == PostState.IN_REVIEW

    def test_an_autosave_that_voids_a_round_says_so(self, client, riverside):
        post, _ = submitted_post(riverside.author)
        sign(post, riverside.reviewer)
        client.force_login(riverside.author.user)
        response = client.post(_url("autosave", post), _editor(post, body="Changed."))
        text = response.content.decode()
        assert "were voided when" in text and "The post is back in review." in text
        assert 'id="review-panel" class="review-panel"' in text and 'hx-swap-oob="true"' in text


class TestCrisisTemplate:
    def test_a_template_drops_its_time_in_the_editor(self, client, riverside, post):
        client.force_login(riverside.author.user)
        response = client.post(_url("edit", post), _editor(post, crisis_template="on"))
        assert response.status_code == 302
        post.refresh_from_db()
        assert post.crisis_template and post.scheduled_at is None
        text = client.get(_url("edit", post)).content.decode()
        assert "Crisis holding statement (template)" in text
        assert "A crisis template has no time." in text

    def test_a_template_with_a_time_is_refused_by_the_actions(self, riverside, post):
        changes = post_actions.PostChanges.of(post)
        changes.crisis_template = True
        with pytest.raises(ActionError, match="no time of its own"):
            post_actions.save_post(
                post=post, by=riverside.author.user, expected_version=post.version,
                changes=changes,
            )  # fmt: skip
        changes.scheduled_at = None
        template = post_actions.save_post(
            post=post, by=riverside.author.user, expected_version=post.version, changes=changes
        )
        with pytest.raises(ActionError, match="no time of its own"):
            post_actions.reschedule_post(
                post=template, by=riverside.author.user, when=now() + dt.timedelta(days=2)
            )
        # A template is submitted without a time, for the full quorum to approve in advance.
        assert actions.submit_post(post=template, by=riverside.author.user).number == 1

    def test_the_api_reads_and_writes_the_flag(self, client, riverside, post):
        client.force_login(riverside.author.user)
        url = reverse("post-detail", args=["riverside", post.pk])
        refused = client.patch(
            url, {"crisis_template": True, "version": post.version}, content_type="application/json"
        )
        assert refused.status_code == 400
        assert "no time of its own" in str(refused.json())
        response = client.patch(
            url,
            {"crisis_template": True, "scheduled_at": None, "version": post.version},
            content_type="application/json",
        )
        assert response.status_code == 200, response.json()
        assert response.json()["crisis_template"] is True


class TestDraftsList:
    def _drafts(self, client, riverside):
        client.force_login(riverside.author.user)
        client.get(reverse("posts:drafts", args=["riverside"]))  # the session settles first
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("posts:drafts", args=["riverside"]))
        return response.content.decode(), len(queries)

    def test_each_post_shows_its_state_and_sign_offs(self, client, riverside):
        account = make_account(riverside.org)
        make_post(riverside.author, [account], body="A plain draft")
        waiting, _ = submitted_post(riverside.author, accounts=[account], body="Waiting one")
        sign(waiting, riverside.reviewer)
        approved, _ = submitted_post(riverside.author, accounts=[account], body="Approved one")
        sign(approved, riverside.reviewer)
        sign(approved, riverside.admin)
        back, _ = submitted_post(riverside.author, accounts=[account], body="Sent back one")
        actions.request_changes(post=back, by=riverside.reviewer.user, comment="Shorter.")
        text, _ = self._drafts(client, riverside)
        assert "Draft</span>" in text
        assert 'In review · 1 of 2<span class="visually-hidden"> sign-offs</span>' in text
        assert "Approved</span>" in text
        assert "Changes requested</span>" in text

    def test_its_query_count_does_not_grow_with_the_posts(self, client, riverside):
        account = make_account(riverside.org)
        reviewer2 = second_reviewer(riverside.reviewer)
        post, _ = submitted_post(riverside.author, accounts=[account])
        sign(post, riverside.reviewer)
        _, few = self._drafts(client, riverside)
        for _ in range(4):
            more, _ = submitted_post(riverside.author, accounts=[account])
            sign(more, reviewer2)
            make_post(riverside.author, [account])
        _, many = self._drafts(client, riverside)
        assert many == few


class TestDelete:
    def test_a_reviewed_post_says_why_it_stays_and_offers_no_button(self, client, riverside):
        post, _ = submitted_post(riverside.author)
        actions.withdraw(post=post, by=riverside.author.user)
        client.force_login(riverside.author.user)
        page = client.get(_url("delete", post))
        assert page.status_code == 200
        text = page.content.decode()
        assert "This post has been through review: its record is kept." in text
        assert 'class="danger">Delete draft' not in text
        editor = client.get(_url("edit", post)).content.decode()
        assert "Delete draft" not in editor
        response = client.post(_url("delete", post), follow=True)
        assert response.status_code == 200
        assert "its record is kept" in response.content.decode()
        assert Post.objects.filter(pk=post.pk).exists()

    def test_a_fresh_draft_can_still_be_deleted(self, client, riverside, post):
        client.force_login(riverside.author.user)
        assert 'class="danger">Delete draft' in client.get(_url("delete", post)).content.decode()
        client.post(_url("delete", post))
        assert not Post.objects.filter(pk=post.pk).exists()


def test_the_editor_links_the_evidence_for_its_authors_once_submitted(client, riverside):
    post = make_post(riverside.author, [make_account(riverside.org)])
    evidence = reverse("approvals:evidence", args=[riverside.org.slug, post.pk])
    editor = reverse("posts:edit", args=[riverside.org.slug, post.pk])
    client.force_login(riverside.author.user)
    assert evidence not in client.get(editor).content.decode()
    actions.submit_post(post=post, by=riverside.author.user)
    assert evidence in client.get(editor).content.decode()
    other = make_member(riverside.org, Role.AUTHOR)
    client.force_login(other.user)
    assert evidence not in client.get(editor).content.decode()
