"""The Stripe plumbing billing, connect and payments share."""

import pytest

from kernel import stripe_client


def test_no_key_means_not_configured(settings):
    settings.STRIPE_SECRET_KEY = ""
    assert not stripe_client.configured()
    with pytest.raises(stripe_client.StripeNotConfigured):
        stripe_client.request_options()


def test_request_options_carry_the_key_the_account_and_the_idempotency_key(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    assert stripe_client.request_options() == {"api_key": "sk_test_123"}
    assert stripe_client.request_options(account="acct_1", idempotency_key="k") == {
        "api_key": "sk_test_123",
        "stripe_account": "acct_1",
        "idempotency_key": "k",
    }
    assert not stripe_client.key_livemode()
    settings.STRIPE_SECRET_KEY = "rk_live_123"
    assert stripe_client.key_livemode()


def test_a_forged_webhook_is_refused():
    with pytest.raises(stripe_client.WebhookRefused, match="bad signature"):
        stripe_client.webhook_event(
            body=b'{"id": "evt_1"}', signature="t=1,v1=forged", secret="whsec_x"
        )
