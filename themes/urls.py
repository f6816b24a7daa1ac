from django.urls import path

from themes import views

app_name = "themes_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:name>/", views.edit, name="edit"),
    path("<slug:name>/activate/", views.activate, name="activate"),
]
