"""Account-level routes for partner staff, outside any single workspace."""

from django.urls import path

from mandates import partner_views

app_name = "partner"
urlpatterns = [
    path("", partner_views.portfolio, name="portfolio"),
]
