"""localstripe (PyPI) runs on this Python and the real SDK talks to it."""

import stripe


def test_the_sdk_creates_a_customer_on_localstripe(stripe_api):
    customer = stripe.Customer.create(api_key="sk_test_souk", email="probe@example.com")
    assert customer.id.startswith("cus_")
    assert (
        stripe.Customer.retrieve(customer.id, api_key="sk_test_souk").email == "probe@example.com"
    )
