from django.apps import AppConfig


class SocialOpsConfig(AppConfig):
    name = "socialops"
    verbose_name = "SocialOps core"

    def ready(self) -> None:
        from socialops import checks  # noqa: F401  (registers the system checks)
