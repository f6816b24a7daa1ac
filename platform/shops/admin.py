"""Platform staff's view of shops in the Django admin (the real console comes later).

Lifecycle changes go through the services, never through saving a form: the admin
shows shops read-only and offers suspend/reactivate as actions.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from shops.models import Domain, Shop, ShopEvent
from shops.services import shop_reactivate, shop_suspend


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    fields = ("domain", "is_primary", "verified_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    list_display = ("name", "subdomain", "status", "theme", "owner", "created_at")
    list_filter = ("status", "theme")
    search_fields = ("name", "subdomain", "owner__email")
    readonly_fields = (
        "name",
        "subdomain",
        "schema_name",
        "owner",
        "status",
        "theme",
        "suspended_at",
        "created_at",
        "updated_at",
    )
    inlines = [DomainInline]
    actions = ["suspend", "reactivate"]

    def has_add_permission(self, request):
        return False  # shops are provisioned by the service (create_shop, signup)

    def has_delete_permission(self, request, obj=None):
        return False  # deletion needs the typed confirmation (delete_shop)

    @admin.action(description=_("Suspend selected shops"))
    def suspend(self, request, queryset):
        for shop in queryset:
            shop_suspend(shop=shop, actor=request.user)
        messages.success(request, _("Suspended %(n)d shop(s).") % {"n": queryset.count()})

    @admin.action(description=_("Reactivate selected shops"))
    def reactivate(self, request, queryset):
        for shop in queryset:
            shop_reactivate(shop=shop, actor=request.user)
        messages.success(request, _("Reactivated %(n)d shop(s).") % {"n": queryset.count()})


@admin.register(ShopEvent)
class ShopEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "subdomain", "action", "actor_name")
    list_filter = ("action",)
    search_fields = ("subdomain", "actor_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
