"""Product images named by URL in an imported file, fetched after the products are in.

Every request goes through ``kernel.outbound_http`` — the one SSRF guard (public
resolved addresses only, pinned, no redirects, timeouts, a byte cap). On top of it,
what only images need: a 200 answer whose content type is an image, a body Pillow
can identify whose pixel count stays under ``IMPORT_IMAGE_MAX_PIXELS`` (a small PNG
can declare a 50,000 × 50,000 canvas: decompression bomb), and then Wagtail's own
image form (``catalog.services.product_image_upload``) with its size and format rules.
A refused image is listed on the import's report; the product keeps what did arrive.
"""

from __future__ import annotations

import io
import os
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from catalog.models import Product
from catalog.services import product_image_upload, product_update
from imports.models import ImageFetch
from kernel import outbound_http

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}


def _max_bytes() -> int:
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None) or 20 * 1024 * 1024


def _max_pixels() -> int:
    return settings.IMPORT_IMAGE_MAX_PIXELS


def image_download(url: str) -> ContentFile:
    """The image at ``url`` as a file, or ``ValidationError`` saying why not."""
    try:
        response = outbound_http.request(
            "GET", url, allow_http=True, max_bytes=_max_bytes(), total_timeout=20.0
        )
    except outbound_http.OutboundRefused as error:
        raise ValidationError(str(error)) from None
    except outbound_http.OutboundFailed as error:
        raise ValidationError(_("Could not download it: %(reason)s") % {"reason": error}) from None
    if response.status != 200:
        raise ValidationError(_("The server answered %(status)d.") % {"status": response.status})
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in IMAGE_TYPES:
        raise ValidationError(
            _("Not an image (the server says “%(type)s”).") % {"type": content_type or "?"}
        )
    try:
        with PILImage.open(io.BytesIO(response.body)) as picture:
            width, height = picture.size
    except (PILImage.DecompressionBombError, OSError, ValueError):
        raise ValidationError(_("The file is not an image that can be read.")) from None
    if width * height > _max_pixels():
        raise ValidationError(
            _("The image is %(w)d × %(h)d pixels; at most %(max)d million pixels.")
            % {"w": width, "h": height, "max": _max_pixels() // 1_000_000}
        )
    name = os.path.basename(urlsplit(url).path) or "image"
    return ContentFile(response.body, name=name[:100])


def images_fetch(*, job_id: int) -> int:
    """Fetch the job's waiting images, product by product; how many were added."""
    pending = ImageFetch.objects.filter(job_id=job_id, status=ImageFetch.Status.PENDING)
    by_product: dict[int, list[ImageFetch]] = defaultdict(list)
    for fetch in pending.order_by("product_id", "position", "id"):
        by_product[fetch.product_id].append(fetch)
    added = 0
    for product_id, fetches in by_product.items():
        product = Product.objects.filter(pk=product_id).first()
        if product is None:
            continue
        new = []
        for fetch in fetches:
            try:
                image = product_image_upload(file=image_download(fetch.url))
            except ValidationError as error:
                fetch.status = ImageFetch.Status.FAILED
                fetch.error = " ".join(error.messages)[:500]
                fetch.save(update_fields=["status", "error"])
                continue
            new.append((fetch, image))
        if new:
            existing = [
                {"id": i.pk, "image": i.image_id, "alt_text": i.alt_text}
                for i in product.images.all()
            ]
            variant_ids = {
                "/".join((v.option1, v.option2, v.option3)): v.pk for v in product.variants.all()
            }
            added_images = []
            for fetch, image in new:
                row = {"image": image, "alt_text": fetch.alt_text}
                if fetch.variants:
                    row["variants"] = [variant_ids[c] for c in fetch.variants if c in variant_ids]
                added_images.append(row)
            product_update(product=product, images=existing + added_images)
            ImageFetch.objects.filter(pk__in=[f.pk for f, _i in new]).update(
                status=ImageFetch.Status.DONE
            )
            added += len(new)
    return added
