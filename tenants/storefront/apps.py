from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = "Storefront"

    def ready(self) -> None:
        """Wagtail's page signals (framework hooks) purge the shop's cached pages.

        Publishing, unpublishing, moving or deleting a page changes what storefront
        pages show (the page itself, menus listing it); drafts change nothing.
        """
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from storefront.page_cache import storefront_cache_purge

        def purge(reason):
            def receiver(sender, instance, **kwargs):
                storefront_cache_purge(reason=f"{reason}: {instance.pk}")

            return receiver

        for signal, reason in (
            (page_published, "page published"),
            (page_unpublished, "page unpublished"),
            (post_page_move, "page moved"),
        ):
            signal.connect(purge(reason), weak=False, dispatch_uid=f"storefront-{reason}")
        post_delete.connect(
            purge("page deleted"), sender=Page, weak=False, dispatch_uid="storefront-page-deleted"
        )
