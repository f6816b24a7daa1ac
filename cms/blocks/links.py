"""Links a merchant picks in the admin: a page, a collection, a product or a URL.

One shape for buttons, calls to action and menu entries, so every place that links
somewhere offers the same four targets and resolves them the same way. Exactly one
target must be set; the admin says so when none or several are.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from shops.links import safe_link, validate_link

TARGETS = ("page", "collection", "product", "url")


class LinkValue(blocks.StructValue):
    @property
    def url(self) -> str:
        page = self.get("page")
        if page is not None:
            return page.url or ""
        collection = self.get("collection")
        if collection is not None:
            return _reverse("storefront:collection", collection.handle)
        product = self.get("product")
        if product is not None:
            return _reverse("storefront:product", product.handle)
        return safe_link(self.get("url") or "")  # as stored before the rule, too

    @property
    def text(self) -> str:
        """The label as typed, else the target's own title."""
        label = self.get("label")
        if label:
            return label
        for name in ("page", "collection", "product"):
            target = self.get(name)
            if target is not None:
                return target.title
        return self.get("url") or ""


def _reverse(name: str, handle: str) -> str:
    try:
        return reverse(name, args=[handle])
    except NoReverseMatch:  # a handle the URL pattern refuses: link to nothing
        return ""


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=80, required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    collection = SnippetChooserBlock("catalog.Collection", label=_("Collection"), required=False)
    product = SnippetChooserBlock("catalog.Product", label=_("Product"), required=False)
    url = blocks.CharBlock(
        label=_("URL"),
        max_length=500,
        required=False,
        validators=[validate_link],
        help_text=_("A web address or a path on this shop, e.g. /collections/all/"),
    )

    def __init__(self, *args, label_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_required = label_required

    def needs_target(self, value) -> bool:
        return True

    def clean(self, value):
        value = super().clean(value)
        chosen = [name for name in TARGETS if value.get(name)]
        errors = {}
        if len(chosen) > 1 or (not chosen and self.needs_target(value)):
            message = (
                _("Choose where this link goes: a page, a collection, a product or a URL.")
                if not chosen
                else _("Choose only one of page, collection, product or URL.")
            )
            errors[(chosen or ["url"])[-1]] = ValidationError(message)
        if self.label_required and not value.get("label"):
            errors["label"] = ValidationError(_("Give this link a label."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        form_classname = "souk-link-block"


class OptionalLinkBlock(LinkBlock):
    """A button's link: may be left empty altogether (no button then)."""

    def needs_target(self, value) -> bool:
        return bool(value.get("label"))

    class Meta:
        required = False
        value_class = LinkValue


class MenuItemBlock(LinkBlock):
    """A top-level menu entry: a link, with an optional list of links under it (one level)."""

    children = blocks.ListBlock(
        LinkBlock(label_required=False),
        label=_("Links under this entry"),
        required=False,
        default=[],
    )

    def needs_target(self, value) -> bool:
        """A heading with links under it (a footer column) may link nowhere itself."""
        return not (value.get("label") and value.get("children"))

    class Meta:
        icon = "list-ul"
        value_class = LinkValue
        label = _("Menu entry")
