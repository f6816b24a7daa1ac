from django.urls import path

from setup_guide import views

app_name = "setup_guide"

urlpatterns = [
    path("<slug:step>/reviewed/", views.review, name="review"),
    path("dismiss/", views.dismiss, name="dismiss"),
]
