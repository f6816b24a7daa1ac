"""Security tests reuse the identity fixtures: platform accounts, memberships and
entering a shop's admin by single sign-on."""

from tests.accounts.conftest import (  # noqa: F401
    account_factory,
    enter,
    member_of,
    owner_of,
)
