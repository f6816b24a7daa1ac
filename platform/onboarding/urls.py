from django.contrib.auth import views as auth_views
from django.urls import path

from onboarding import views
from onboarding.password_reset import (
    SessionsEndingPasswordResetConfirmView,
    ThrottledPasswordResetView,
)

app_name = "onboarding"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/subdomain/", views.subdomain_check, name="subdomain_check"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("password-reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="platform/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        SessionsEndingPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="platform/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
