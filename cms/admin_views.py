"""Shop admin views of the CMS that replace Wagtail's own."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.urls import reverse
from wagtail.admin.auth import require_admin_access
from wagtail.models import Site


@require_admin_access
def pages_at_home(request):
    """The page explorer opens at the shop's home page.

    Wagtail's explorer starts at the tree's "Root", a node above the site that no
    shopper ever sees and whose listing speaks of "sites in your Wagtail
    installation". A shop's schema has exactly one site, so its home page is the
    top of everything a merchant edits. The query (a search from the dashboard) goes
    along.
    """
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    url = reverse("wagtailadmin_explore", args=[site.root_page_id])
    if request.GET:
        url = f"{url}?{request.GET.urlencode()}"
    return HttpResponseRedirect(url)
