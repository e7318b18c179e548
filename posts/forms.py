from django import forms
from django.utils import timezone

from platforms.models import SocialAccount
from policies.models import ConsentKind, ConsentRecord
from posts.actions import PostChanges
from posts.models import Campaign, ContentPillar, Language, Post
from posts.schedule import local_to_aware
from socialops.actions import ActionError
from socialops.models import Organization


class AccountChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: SocialAccount) -> str:
        return f"{obj.get_platform_display()} · {obj.label}"


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ConsentRecord) -> str:
        return f"{obj} (revoked)" if obj.revoked_at else str(obj)


class PostForm(forms.Form):
    """The editor. Variant texts arrive as `variant-<account id>` fields next to it."""

    body = forms.CharField(
        label="Post",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Write once; each account's variant starts from this text until you tailor it.",
    )
    accounts = AccountChoiceField(
        label="Accounts",
        queryset=SocialAccount.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), required=False)
    pillar = forms.ModelChoiceField(
        label="Content pillar", queryset=ContentPillar.objects.none(), required=False
    )
    observance = forms.CharField(
        label="Health observance",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"list": "observance-names", "autocomplete": "off"}),
    )
    language = forms.ChoiceField(choices=Language.choices)
    patient_story = forms.BooleanField(
        label="This is a patient story",
        required=False,
        help_text="A patient's story, photo or quote needs their signed consent before submitting.",
    )
    consent = ConsentChoiceField(
        label="Patient's consent",
        queryset=ConsentRecord.objects.none(),
        required=False,
        help_text="The signed authorization on file; it must cover every platform and the "
        "whole time the post goes out.",
    )
    consent_kinds = forms.MultipleChoiceField(
        label="The post uses the patient's",
        choices=[(k, label) for k, label in ConsentKind.choices if k != ConsentKind.STORY],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scheduled_date = forms.DateField(
        label="Date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    scheduled_time = forms.TimeField(
        label="Time", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    crisis_template = forms.BooleanField(
        label="Crisis holding statement (template)",
        required=False,
        help_text="Approved in advance by the full quorum, with no time of its own: during a "
        "crisis pause a reviewer fast-tracks a copy of it out.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["accounts"].queryset = SocialAccount.objects.for_org(organization)
        self.fields["campaign"].queryset = Campaign.objects.filter(organization=organization)
        self.fields["pillar"].queryset = ContentPillar.objects.filter(organization=organization)
        # Revoked ones stay listed (marked) so a held post keeps its link until the author
        # picks another; the findings say why it no longer covers the post.
        self.fields["consent"].queryset = ConsentRecord.objects.for_org(organization)
        self.variant_texts: dict[int, str] = {}
        if self.is_bound:
            # A variant's own text counts only once the author tailored it; until then it
            # follows the post text.
            for key, value in self.data.items():
                tailored = self.data.get(f"tailored-{key[8:]}") == "1"
                if key.startswith("variant-") and key[8:].isdigit() and tailored:
                    self.variant_texts[int(key[8:])] = value.replace("\r\n", "\n")

    @classmethod
    def for_post(cls, post: Post) -> "PostForm":
        local = timezone.localtime(post.scheduled_at) if post.scheduled_at else None
        return cls(
            organization=post.organization,
            initial={
                "body": post.body,
                "accounts": [v.account_id for v in post.variants.all()],
                "campaign": post.campaign_id,
                "pillar": post.pillar_id,
                "observance": post.observance,
                "language": post.language,
                "patient_story": post.patient_story,
                "consent": post.consent_id,
                "consent_kinds": post.consent_kinds,
                "scheduled_date": local.date() if local else None,
                "scheduled_time": local.time().replace(second=0) if local else None,
                "crisis_template": post.crisis_template,
                "version": post.version,
            },
        )

    def clean(self):
        data = super().clean()
        day, time = data.get("scheduled_date"), data.get("scheduled_time")
        data["scheduled_at"] = None
        if data.get("crisis_template"):
            # A template has no time; the editor greys the fields out, this drops what a
            # browser without JavaScript still sends.
            return data
        if day and not time:
            self.add_error("scheduled_time", "Pick a time as well as a date.")
        elif time and not day:
            self.add_error("scheduled_date", "Pick a date as well as a time.")
        elif day and time:
            try:
                data["scheduled_at"] = local_to_aware(day, time, self.organization.timezone)
            except ActionError as exc:
                self.add_error("scheduled_time", exc.message)
        return data

    def changes(self) -> PostChanges:
        data = self.cleaned_data
        return PostChanges(
            body=data["body"].replace("\r\n", "\n"),
            accounts=list(data["accounts"]),
            variant_texts=self.variant_texts,
            campaign=data["campaign"],
            pillar=data["pillar"],
            observance=data["observance"].strip(),
            language=data["language"],
            patient_story=data["patient_story"],
            consent=data["consent"] if data["patient_story"] else None,
            consent_kinds=data["consent_kinds"] if data["patient_story"] else [],
            scheduled_at=data["scheduled_at"],
            crisis_template=data["crisis_template"],
        )


class SubmitForm(forms.Form):
    """What Submit for review adds to the editor: a justification, when the PHI scanner found
    something the author means to send anyway."""

    phi_justification = forms.CharField(
        label="PHI justification",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if the PHI scanner stops the post: a sentence or two on why it may go "
        "out as written. One more reviewer then has to sign off.",
    )


class CommentForm(forms.Form):
    """A comment or an answer in a post's review thread, on the post or on one variant."""

    body = forms.CharField(label="Reply", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    account = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MediaForm(forms.Form):
    file = forms.FileField(
        label="Image or video",
        help_text="JPEG, PNG, GIF or WebP images; MP4, MOV or WebM videos.",
    )
    alt_text = forms.CharField(
        label="Alt text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Describe the image for people who can't see it. Needed before submitting.",
    )


class DescribeMediaForm(forms.Form):
    alt_text = forms.CharField(
        label="Alt text", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    captions = forms.FileField(label="Captions (WebVTT or SubRip)", required=False)


class CampaignForm(forms.Form):
    name = forms.CharField(max_length=120)
    starts_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PillarForm(forms.Form):
    name = forms.CharField(label="Pillar", max_length=80)


class ObservanceForm(forms.Form):
    name = forms.CharField(label="Observance", max_length=150)
    starts_on = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))


class RescheduleForm(forms.Form):
    """A drop on the calendar: the new day, and optionally a new time (else the post keeps its
    time of day)."""

    date = forms.DateField()
    time = forms.TimeField(required=False)
