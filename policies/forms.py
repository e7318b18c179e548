from django import forms

from platforms.models import Platform, SocialAccount
from policies.models import ConsentKind, ContactDetail, LexiconEntry, LinkRule, Severity
from posts.models import Campaign
from socialops.models import Role

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PublishForm(forms.Form):
    title = forms.CharField(max_length=200)
    effective_date = forms.DateField(widget=DATE)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 22}),
        help_text="Markdown: # headings, - lists, **bold**, [links](https://…).",
    )


class AcknowledgeForm(forms.Form):
    confirmed = forms.BooleanField(
        label="I have read and understood this policy and will follow it.",
        error_messages={"required": "Tick the box to confirm you have read the policy."},
    )
    typed_name = forms.CharField(
        label="Type your full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class RuleForm(forms.Form):
    """A content-rule form: it knows the organization, for choices scoped to it."""

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization


class LexiconForm(RuleForm):
    kind = forms.ChoiceField(choices=LexiconEntry.Kind.choices)
    text = forms.CharField(label="Word, phrase or pattern", max_length=200)
    severity = forms.ChoiceField(choices=Severity.choices, initial=Severity.WARN)
    reason = forms.CharField(label="Reason shown to the author", max_length=200)


class DisclaimerForm(RuleForm):
    text = forms.CharField(label="Disclaimer text", max_length=500)
    platforms = forms.MultipleChoiceField(
        choices=Platform.choices, widget=forms.CheckboxSelectMultiple
    )
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(),
        required=False,
        empty_label="Every post",
        help_text="Only posts of this campaign need it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(organization=self.organization)


class LinkRuleForm(RuleForm):
    kind = forms.ChoiceField(choices=LinkRule.Kind.choices)
    value = forms.CharField(label="Domain or parameter", max_length=253)
    reason = forms.CharField(max_length=200, required=False)


class ContactForm(RuleForm):
    kind = forms.ChoiceField(choices=ContactDetail.Kind.choices)
    value = forms.CharField(max_length=300)
    label = forms.CharField(max_length=100, required=False)


class StaffForm(RuleForm):
    name = forms.CharField(max_length=150)
    title = forms.CharField(max_length=150, required=False)


SIGN_OFF_ROLES = [(Role.REVIEWER, "Reviewer"), (Role.ADMIN, "Admin")]


class ApprovalRuleForm(forms.Form):
    sign_offs = forms.TypedChoiceField(
        label="Sign-offs needed", choices=[(2, "2"), (3, "3")], coerce=int
    )
    required_roles = forms.MultipleChoiceField(
        label="Roles that must be among them",
        choices=SIGN_OFF_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    patient_story_raises = forms.BooleanField(
        label="A patient story needs one more sign-off, from a reviewer", required=False
    )
    phi_override_raises = forms.BooleanField(
        label="A PHI override (with justification) needs one more, from a reviewer",
        required=False,
    )
    crisis_raises = forms.BooleanField(
        label="During a crisis, posts need one more, from a reviewer", required=False
    )


class OrgRuleForm(ApprovalRuleForm):
    """The organization's rule: the bar for every post, and the review target."""

    # The range is checked by policies.actions.save_approval_rule, whose message the field shows.
    review_target_hours = forms.IntegerField(
        label="Review target (hours)",
        help_text="A post waiting longer for its sign-offs is flagged in the review queue and "
        "its reviewers are reminded by email. 1 to 168 hours.",
        # Left empty, the target stays as it was.
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "max": 168}),
    )


class AccountRuleForm(ApprovalRuleForm):
    social_account = forms.ModelChoiceField(queryset=SocialAccount.objects.none())

    field_order = ["social_account"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_account"].queryset = SocialAccount.objects.for_org(organization)


class CampaignRuleForm(ApprovalRuleForm):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none())

    field_order = ["campaign"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(organization=organization)


class ConsentForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="What it is for, without the patient's name, e.g. “Diabetes program story”.",
    )
    subject_name = forms.CharField(label="Patient's name, as signed", max_length=200)
    subject_contact = forms.CharField(
        label="Contact (phone or email)",
        max_length=200,
        required=False,
        help_text="Only if you may need to reach them about this consent.",
    )
    platforms = forms.MultipleChoiceField(
        choices=Platform.choices, widget=forms.CheckboxSelectMultiple
    )
    kinds = forms.MultipleChoiceField(
        label="The patient agreed to use of their",
        choices=ConsentKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_from = forms.DateField(widget=DATE)
    valid_until = forms.DateField(widget=DATE)
    document = forms.FileField(
        label="Signed form",
        help_text="PDF, JPEG or PNG, up to 10 MB. Only reviewers and admins can open it.",
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        max_length=500, widget=forms.Textarea(attrs={"rows": 3}), label="Why is it revoked?"
    )
