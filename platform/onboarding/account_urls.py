from django.urls import path

from accounts import views_two_factor
from onboarding import account_views as views

app_name = "accounts"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("shops/", views.my_shops, name="shops"),
    path("shops/new/", views.shop_new, name="shop_new"),
    path("shops/<int:shop_id>/enter/", views.shop_enter, name="enter"),
    path("shops/<int:shop_id>/enter/ticket/", views.shop_enter_ticket, name="enter_ticket"),
    path("shops/<int:shop_id>/team/", views.team, name="team"),
    path("transfers/<int:transfer_id>/", views.transfer_answer, name="transfer_answer"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("agencies/new/", views.agency_new, name="agency_new"),
    path("agencies/<int:agency_id>/", views.agency, name="agency"),
    # Two-factor authentication (accounts.two_factor).
    path("account/security/", views_two_factor.security, name="security"),
    path(
        "account/security/two-factor/",
        views_two_factor.two_factor_enrol,
        name="two_factor_enrol",
    ),
    path(
        "account/security/two-factor/disable/",
        views_two_factor.two_factor_disable,
        name="two_factor_disable",
    ),
    path(
        "account/security/recovery-codes/",
        views_two_factor.recovery_codes,
        name="recovery_codes",
    ),
    path(
        "login/two-factor/",
        views_two_factor.two_factor_challenge,
        name="two_factor_challenge",
    ),
]
