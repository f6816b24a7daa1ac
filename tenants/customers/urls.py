"""Account pages and the guest order status page; mounted before Wagtail's catch-all.

Paths follow Shopify's (``/account/login``, ``/account/addresses``) so merchants
and shoppers find them where they expect.
"""

from django.urls import path

from customers.views import account, addresses, auth

app_name = "customers"

urlpatterns = [
    path("account/", account.overview, name="overview"),
    path("account/register/", auth.register, name="register"),
    path("account/login/", auth.login_view, name="login"),
    path("account/logout/", auth.logout_view, name="logout"),
    path("account/activate/<str:token>/", auth.activate, name="activate"),
    path("account/password/", auth.password_change, name="password_change"),
    path("account/password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/password-reset/sent/",
        auth.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/reset/done/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/orders/<int:number>/", account.order_detail, name="order"),
    path("account/orders/claim/<str:token>/", account.claim_orders, name="claim_orders"),
    path("account/addresses/", addresses.address_list, name="addresses"),
    path("account/addresses/new/", addresses.address_create, name="address_create"),
    path("account/addresses/<int:pk>/edit/", addresses.address_update, name="address_update"),
    path("account/addresses/<int:pk>/delete/", addresses.address_delete, name="address_delete"),
    path(
        "account/addresses/<int:pk>/default/",
        addresses.address_make_default,
        name="address_make_default",
    ),
    path("orders/<uuid:token>/", account.order_status, name="order_status"),
]
