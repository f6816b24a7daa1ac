from django.apps import AppConfig


class CatalogAdminConfig(AppConfig):
    """The catalog in the shop admin: product list and editor, bulk editor, stock page.

    Its own app because the product editor shows and saves stock per location
    (inventory) on the same form as the product (catalog), and inventory sits above
    catalog: only a module above both may join them (``.importlinter``).
    """

    name = "catalog_admin"
    verbose_name = "Catalog admin"
