"""Account pages of the storefront, by topic: signing in and out (``auth``), the
account and its orders (``account``), the address book (``addresses``).

Every page here is personal: none is ever served from a shared cache
(``never_cache``), and none grants anything beyond the shopper's own data — a staff
user who logs in through these pages gets no more than their account would
anywhere else.
"""


def posted(request):
    """The form data of a POST, else None (an unbound form).

    Not ``request.POST or None``: an empty QueryDict is falsy, so a form submitted
    with every field empty would come back as a fresh form with no error at all.
    """
    return request.POST if request.method == "POST" else None
