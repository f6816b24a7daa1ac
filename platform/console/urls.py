from django.urls import path

from console import views

app_name = "console"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("shops/", views.shop_list, name="shops"),
    path("shops/<int:shop_id>/", views.shop_detail, name="shop"),
    path("shops/<int:shop_id>/suspend/", views.suspend, name="suspend"),
    path("shops/<int:shop_id>/reactivate/", views.reactivate, name="reactivate"),
    path("shops/<int:shop_id>/export/", views.export, name="export"),
    path("shops/<int:shop_id>/delete/", views.delete, name="delete"),
    path("shops/<int:shop_id>/support/", views.support, name="support"),
    path("exports/<int:export_id>/download/", views.export_download, name="export_download"),
    path("connect-events/", views.connect_events, name="connect_events"),
    path(
        "connect-events/<int:event_id>/replay/",
        views.connect_event_replay,
        name="connect_event_replay",
    ),
]
