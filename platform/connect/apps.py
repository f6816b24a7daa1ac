from django.apps import AppConfig


class ConnectConfig(AppConfig):
    name = "connect"
    verbose_name = "Stripe Connect"

    def ready(self) -> None:
        from connect import checks  # noqa: F401  (registers the Stripe key checks)
