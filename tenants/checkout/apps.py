from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "checkout"
    verbose_name = "Checkout"

    def ready(self) -> None:
        # Not a signal: checkout adds its Stripe event handlers to the registry
        # ``payments`` (below it) keeps, so payments never imports checkout.
        from checkout.stripe_events import register

        register()
