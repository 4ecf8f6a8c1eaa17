"""URL map of the accounts app: sign-in, sign-out (POST) and sign-up."""

from django.urls import path

from broadsheet.site.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
]
