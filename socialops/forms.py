import zoneinfo

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, UsernameField

from socialops.actions import ActionError
from socialops.models import Organization, Role, User

# US zones first: nearly every health center is in one of them.
_US_ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Pacific/Guam",
]
TIMEZONE_CHOICES = [(z, z) for z in _US_ZONES] + [
    (z, z) for z in sorted(zoneinfo.available_timezones() - set(_US_ZONES))
]


def add_action_error(form: forms.Form, error: ActionError) -> None:
    """Put an action's refusal next to its field, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class LoginForm(AuthenticationForm):
    """Django's form, which answers a wrong email and a wrong password with the same message,
    so nobody can find out who has an account."""

    # An email keyboard on phones, and no autofocus: the first Tab must reach "Skip to content".
    username = UsernameField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That email and password don't match an account. Check both and try again."
        ),
    }


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.AUTHOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class OrganizationForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=TIMEZONE_CHOICES,
        help_text="Posts are scheduled and shown in this time zone.",
    )

    class Meta:
        model = Organization
        fields = ["name", "timezone"]


class AcceptInvitationForm(forms.Form):
    """For a person new to SocialOps: their name and a password; the email is the invitation's."""

    full_name = forms.CharField(max_length=150, label="Your full name")
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Type the password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords don't match.")
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
