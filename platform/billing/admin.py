"""Plans and subscriptions in the platform staff's Django admin (the console has its own)."""

from django.contrib import admin

from billing.models import Plan, StripeEvent, Subscription


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "price_monthly",
        "price_yearly",
        "currency",
        "is_public",
        "position",
    ]
    ordering = ["position"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["shop", "plan", "interval", "status", "current_period_end", "grace_deadline"]
    list_filter = ["status", "plan"]
    list_select_related = ["shop", "plan"]
    readonly_fields = ["stripe_customer_id", "stripe_subscription_id"]


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "type", "shop", "received_at", "processed_at"]
    list_filter = ["type"]
    list_select_related = ["shop"]
    readonly_fields = [f.name for f in StripeEvent._meta.fields]
