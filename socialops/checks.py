"""System checks that catch a bad deployment at start-up instead of at the first request."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from socialops import crypto


@register()
def check_encryption_keys(app_configs, **kwargs) -> list[Error]:
    try:
        crypto.encrypt("start-up check")
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="socialops.E001")]
    return []
