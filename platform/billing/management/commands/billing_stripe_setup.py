"""Create the Stripe prices of plans that have none yet (idempotent)."""

from django.core.management.base import BaseCommand

from billing import stripe_gateway as gateway
from billing.models import Plan
from kernel import stripe_client


class Command(BaseCommand):
    help = (
        "Create a Stripe price per plan and interval where the plan has none "
        "(needs STRIPE_SECRET_KEY)."
    )

    def handle(self, *args, **options):
        for plan in Plan.objects.all():
            for interval, field, amount in (
                ("month", "stripe_price_monthly", plan.price_monthly),
                ("year", "stripe_price_yearly", plan.price_yearly),
            ):
                if getattr(plan, field):
                    continue
                price_id = f"souk-{plan.code}-{interval}"
                gateway.plan_price_create(
                    price_id=price_id,
                    name=plan.name,
                    amount=stripe_client.to_minor(amount, plan.currency),
                    currency=plan.currency,
                    interval=interval,
                )
                setattr(plan, field, price_id)
                plan.save(update_fields=[field])
                self.stdout.write(f"{plan.code} {interval}: {price_id}")
