"""The product editor's picture upload: one file per request, answered in JSON.

The editor's script sends each dropped file here as soon as it is dropped, so many
pictures upload in parallel and each failure is reported by name while the others go
on. The write is ``catalog.services.product_image_upload`` (type, size and the plan's
storage checked there); the answer gives the image's id for the form and a
thumbnail to show.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.services import product_image_upload

THUMBNAIL = "fill-160x160"


@require_POST
def image_upload(request):
    user = request.user
    if not (user.has_perm("catalog.add_product") or user.has_perm("catalog.change_product")):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose a file to upload.")}, status=400)
    try:
        image = product_image_upload(file=upload, user=user)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    rendition = image.get_rendition(THUMBNAIL)
    return JsonResponse({"id": image.pk, "title": image.title, "thumbnail": rendition.url})
