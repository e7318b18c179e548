"""Whether a consent covers a post, and the signed document check."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from policies import actions
from policies.consent import DocumentError, consent_problems, sniff_document
from policies.models import ConsentRecord
from policies.testing import make_consent, pdf_upload, png_upload
from socialops import crypto
from socialops.actions import ActionError

TODAY = dt.date(2026, 5, 1)


@pytest.fixture
def consent(riverside):
    return make_consent(
        riverside.org, riverside.reviewer.user, platforms=["facebook"], kinds=["photo", "story"],
        valid_from=TODAY, valid_until=TODAY + dt.timedelta(days=30),
    )  # fmt: skip


def _problems(consent, **overrides):
    arguments = {
        "platforms": ["facebook"], "kinds": ["photo"], "window_start": TODAY,
        "window_end": TODAY + dt.timedelta(days=1),
    } | overrides  # fmt: skip
    return consent_problems(consent, **arguments)


class TestConsentProblems:
    def test_a_consent_that_covers_everything_has_no_problems(self, consent):
        assert _problems(consent) == []

    def test_a_consent_covering_facebook_but_not_instagram_says_so(self, consent):
        assert _problems(consent, platforms=["facebook", "instagram"]) == [
            "does not cover Instagram"
        ]

    def test_a_kind_the_patient_did_not_agree_to_is_named(self, consent):
        assert _problems(consent, kinds=["photo", "video"]) == [
            "does not cover the patient's video"
        ]

    def test_a_window_outside_the_dates_is_refused_at_both_ends(self, consent):
        problems = _problems(
            consent,
            window_start=TODAY - dt.timedelta(days=1),
            window_end=TODAY + dt.timedelta(days=31),
        )
        assert problems == [
            "is not valid until May 1, 2026",
            "ends on May 31, 2026, before the post's window ends",
        ]

    def test_an_aware_datetime_is_read_in_the_organizations_time_zone(self, consent):
        # 02:00 UTC on May 1 is still April 30 in New York.
        late = dt.datetime(2026, 5, 1, 2, 0, tzinfo=dt.UTC)
        assert _problems(consent, window_start=late) == ["is not valid until May 1, 2026"]

    def test_a_revoked_consent_covers_nothing(self, consent, riverside):
        actions.revoke_consent(consent=consent, by=riverside.reviewer.user, reason="Patient asked")
        consent.refresh_from_db()
        [problem] = _problems(consent)
        assert problem.startswith("was revoked on ") and problem.endswith("(Patient asked)")


class TestConsentRecords:
    def test_the_subject_is_encrypted_at_rest_and_not_searchable(self, consent):
        raw = ConsentRecord.objects.values_list("subject_name_encrypted", flat=True).get()
        assert "Rosa" not in raw
        assert crypto.decrypt(raw) == "Rosa Delgado"
        assert not ConsentRecord.objects.filter(subject_name_encrypted__icontains="rosa").exists()
        assert consent.subject_name == "Rosa Delgado"

    def test_the_document_is_stored_under_a_random_name_outside_public_media(self, consent):
        assert "rosa" not in consent.document.name.lower()
        assert consent.document.name.startswith(f"consents/{consent.organization_id}/")
        assert consent.document_type == "application/pdf"

    def test_creating_and_revoking_are_audit_events_without_the_patients_name(
        self, consent, riverside
    ):
        actions.revoke_consent(consent=consent, by=riverside.reviewer.user, reason="Moved away")
        events = riverside.org.audit_events.filter(
            target_type="policies.consentrecord", target_id=str(consent.pk)
        )
        assert [e.verb for e in events] == ["consent.created", "consent.revoked"]
        assert all("Rosa" not in str(e.after) for e in events)

    def test_revoking_twice_is_refused(self, consent, riverside):
        actions.revoke_consent(consent=consent, by=riverside.reviewer.user, reason="Asked")
        with pytest.raises(ActionError, match="already revoked"):
            actions.revoke_consent(consent=consent, by=riverside.reviewer.user, reason="Again")

    def test_expiring_within_30_days_lists_only_active_consents_ending_soon(self, riverside):
        today = timezone.localdate()
        soon = make_consent(
            riverside.org, riverside.admin.user, valid_until=today + dt.timedelta(days=20)
        )
        make_consent(riverside.org, riverside.admin.user, valid_until=today + dt.timedelta(days=90))
        assert list(ConsentRecord.objects.for_org(riverside.org).expiring_within(30)) == [soon]


class TestDocuments:
    def test_a_pdf_and_a_png_are_recognised_by_content(self):
        assert sniff_document(pdf_upload("x.png")) == "application/pdf"
        assert sniff_document(png_upload("x.pdf")) == "image/png"

    def test_a_jpeg_is_recognised(self):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4)).save(buffer, format="JPEG")
        assert sniff_document(SimpleUploadedFile("a.bin", buffer.getvalue())) == "image/jpeg"

    def test_a_file_with_a_pdf_name_but_other_content_is_refused(self):
        fake = SimpleUploadedFile("signed.pdf", b"<html>not a pdf</html>", "application/pdf")
        with pytest.raises(DocumentError, match="PDF, JPEG or PNG"):
            sniff_document(fake)

    def test_a_gif_is_refused_though_it_is_an_image(self):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4)).save(buffer, format="GIF")
        with pytest.raises(DocumentError):
            sniff_document(SimpleUploadedFile("a.gif", buffer.getvalue()))
