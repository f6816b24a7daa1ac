"""The deployment check of the Stripe keys a live shop's payment step needs."""

from connect.checks import stripe_keys_check


def test_no_stripe_at_all_is_fine(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PUBLISHABLE_KEY = ""
    assert stripe_keys_check() == []


def test_a_secret_key_without_a_publishable_key_is_a_warning(settings):
    settings.STRIPE_SECRET_KEY = "sk_live_abc"
    settings.STRIPE_PUBLISHABLE_KEY = ""
    assert [m.id for m in stripe_keys_check()] == ["connect.W001"]


def test_keys_of_different_modes_are_an_error(settings):
    settings.STRIPE_SECRET_KEY = "sk_live_abc"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_abc"
    assert [m.id for m in stripe_keys_check()] == ["connect.E001"]


def test_matching_keys_pass(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_abc"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_abc"
    assert stripe_keys_check() == []
