"""Tax fixtures: shop A's schema and its logged-in owner (``tests.support.admin_forms``)."""

from tests.support.admin_forms import alpha, owner_client  # noqa: F401  (fixtures)
