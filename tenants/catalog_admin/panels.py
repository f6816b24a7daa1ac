"""The product editor's own panels: options, the variant grid, pictures.

Wagtail's field panels draw one input each; these three draw what the editor's
script drives (``static/catalog_admin/product_editor.js``) from the form's state
(``ProductEditorForm.grid``, ``.image_rows``), so a page re-shown after an error
holds exactly what the merchant typed.
"""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.panels import Panel

from catalog.models import MAX_OPTIONS, Variant


class OptionsPanel(Panel):
    def get_form_options(self):
        names = [
            f"option{i}_{part}" for i in range(1, MAX_OPTIONS + 1) for part in ("name", "values")
        ]
        return {"fields": [*names, "confirm_removal"]}

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog_admin/panels/options.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            form = self.form
            context["options"] = [
                (form[f"option{i}_name"], form[f"option{i}_values"])
                for i in range(1, MAX_OPTIONS + 1)
            ]
            context["confirm_removal"] = form["confirm_removal"]
            context["removed_labels"] = form.removed_labels
            return context


class VariantGridPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog_admin/panels/variant_grid.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["rows"] = self.form.grid
            context["locations"] = self.form.locations
            context["can_stock"] = self.form.can_stock
            context["policies"] = Variant.InventoryPolicy.choices
            return context


class ImagesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog_admin/panels/images.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["image_rows"] = self.form.image_rows
            context["upload_url"] = reverse("catalog_admin:image_upload")
            return context
