import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from platforms.models import SocialAccount
from posts.schedule import local_to_aware
from socialops.actions import ActionError


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


# Crisis pause ------------------------------------------------------------------------------------

# A fast-tracked holding statement goes out soon, but not this instant: a moment to check it.
FAST_TRACK_LEAD = dt.timedelta(minutes=5)


class PauseForm(forms.Form):
    reason = forms.CharField(
        label="Why is publishing paused?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Everyone in the organization sees it on every page until the pause ends.",
        error_messages={"required": "Say why publishing is paused."},
    )
    whole_network = forms.BooleanField(label="Pause every center of the network", required=False)

    def __init__(self, *args, network: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Only an admin of a network is offered the network-wide pause.
        if not network:
            del self.fields["whole_network"]


class LiftForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text="What changed, for the history of pauses.",
    )


class FastTrackForm(forms.Form):
    """When a copy of a crisis template goes out: a date and a time on the organization's
    clock, read the way the post editor reads them."""

    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, zone: str, **kwargs):
        self.zone = zone
        soon = timezone.localtime(timezone.now() + FAST_TRACK_LEAD, ZoneInfo(zone))
        kwargs.setdefault("initial", {"date": soon.date(), "time": soon.time().replace(second=0)})
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = "Pick the day it goes out."
        self.fields["time"].error_messages["required"] = "Pick the time it goes out."

    def clean(self):
        data = super().clean()
        day, time = data.get("date"), data.get("time")
        if day and time:
            try:
                data["when"] = local_to_aware(day, time, self.zone)
            except ActionError as exc:
                self.add_error("time", exc.message)
        return data

    def add_action_error(self, error: ActionError) -> None:
        """The action's refusals of the time ("when") belong next to the time field."""
        self.add_error("time" if error.field == "when" else None, error.message)
