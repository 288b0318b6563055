from django.urls import path

from isms.views import tasks as views

urlpatterns = [
    path("", views.task_list, name="tasks"),
    path("<uuid:task_id>/done/", views.task_done, name="task_done"),
]
