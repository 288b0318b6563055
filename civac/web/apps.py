from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "civac.web"
    label = "web"
