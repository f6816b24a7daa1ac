"""Product pictures uploaded in the product editor, several at a time.

Each file becomes an image of the shop's Wagtail library (so it has renditions,
focal points and can be reused), through Wagtail's own image form: the file's type
and size are checked there (``WAGTAILIMAGES_EXTENSIONS``, ``WAGTAILIMAGES_MAX_UPLOAD_SIZE``,
the decoder really reading it), and the base form named by
``WAGTAILIMAGES_IMAGE_FORM_BASE`` holds it to the plan's media storage. The image is
attached to a product only when the product is saved (``product_create`` /
``product_update`` with ``images``), so uploading to a product that is not saved yet
works, and an upload abandoned with the form stays an unused library image.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.log_actions import log

TITLE_MAX_LENGTH = 255


@transaction.atomic
def product_image_upload(*, file, user=None):
    """Store one uploaded picture in the image library; ``ValidationError`` if refused."""
    # Wagtail's image forms and collections load models when imported, and this
    # module is imported while the apps are still loading (cms blocks -> storefront).
    from wagtail.images.forms import get_image_form
    from wagtail.models import Collection

    Image = get_image_model()
    ImageForm = get_image_form(Image, fields=["title", "file"])
    title = os.path.splitext(os.path.basename(getattr(file, "name", "") or ""))[0]
    title = " ".join(title.replace("_", " ").replace("-", " ").split())[:TITLE_MAX_LENGTH]
    form = ImageForm(
        {"title": title or _("Product image"), "collection": Collection.get_first_root_node().pk},
        {"file": file},
        user=user,
        instance=Image(),
    )
    if not form.is_valid():
        messages = [m for errors in form.errors.values() for m in errors]
        raise ValidationError({"file": messages or [_("This file cannot be used as an image.")]})
    image = form.save(commit=False)
    image.uploaded_by_user = user
    image.file_size = image.file.size
    image.save()
    log(instance=image, action="wagtail.create", user=user)
    return image
