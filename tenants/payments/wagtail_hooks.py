"""The order admin's refund gives the money back through the order's payment provider."""

from wagtail import hooks

from payments.refunds import order_refund_through_provider

hooks.register("order_refund_service", order_refund_through_provider)
