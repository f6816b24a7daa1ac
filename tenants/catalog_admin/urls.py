from django.urls import path

from catalog_admin import bulk_editor, uploads

app_name = "catalog_admin"

urlpatterns = [
    path("bulk-edit/", bulk_editor.bulk_edit, name="bulk_edit"),
    path("images/upload/", uploads.image_upload, name="image_upload"),
]

# The Inventory page keeps its address and URL name (``inventory_admin:index``).
inventory_urlpatterns = ([path("", bulk_editor.inventory_index, name="index")], "inventory_admin")
