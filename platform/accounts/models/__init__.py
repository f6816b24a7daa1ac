"""The accounts app's models: ``User`` (both schemas) and the team models (public
schema only), one module per topic. Import them from ``accounts.models``: Django
registers the models this package imports.
"""

from accounts.models.agencies import Agency, AgencyMember, CollaboratorAccess, CollaboratorCode
from accounts.models.memberships import (
    PERMISSION_CHOICES,
    PERMISSIONS,
    Invitation,
    Membership,
    OwnershipTransfer,
    Role,
)
from accounts.models.shop_stats import ShopStats
from accounts.models.sign_on import SSOTicket
from accounts.models.users import AccountManager, AccountQuerySet, User

__all__ = [
    "PERMISSIONS",
    "PERMISSION_CHOICES",
    "AccountManager",
    "AccountQuerySet",
    "Agency",
    "AgencyMember",
    "CollaboratorAccess",
    "CollaboratorCode",
    "Invitation",
    "Membership",
    "OwnershipTransfer",
    "Role",
    "SSOTicket",
    "ShopStats",
    "User",
]
