from django import forms

from platforms.models import SocialAccount


class ApproveForm(forms.Form):
    """The sign-off: the hash of exactly the content the page showed the reviewer."""

    content_hash = forms.CharField(max_length=64, widget=forms.HiddenInput)


class RequestChangesForm(forms.Form):
    """Send a post back: a comment on the whole post (the action refuses an empty one, with its
    own message next to this field) and, optionally, one per variant as `variant-<account id>`."""

    comment = forms.CharField(
        label="What should change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "accesskey": "r"}),
        help_text="The author sees this with the post. Required.",
    )

    def __init__(self, *args, accounts: list[SocialAccount], **kwargs):
        super().__init__(*args, **kwargs)
        for account in accounts:
            self.fields[f"variant-{account.pk}"] = forms.CharField(
                label=f"On the {account.get_platform_display()} variant ({account.handle})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.accounts = accounts

    @property
    def variant_fields(self):
        return [self[f"variant-{account.pk}"] for account in self.accounts]

    def variant_comments(self) -> dict[int, str]:
        return {
            account.pk: self.cleaned_data.get(f"variant-{account.pk}", "")
            for account in self.accounts
        }
