from django.urls import path

from isms.views import tasks as views
from isms.views import tasks_calendar

urlpatterns = [
    path("", views.task_list, name="tasks"),
    path("new/", views.task_new, name="task_new"),
    path("calendar/", tasks_calendar.task_calendar, name="task_calendar"),
    path("<uuid:task_id>/", views.task_detail, name="task_detail"),
    path("<uuid:task_id>/edit/", views.task_edit, name="task_edit"),
    path("<uuid:task_id>/done/", views.task_done, name="task_done"),
    path("<uuid:task_id>/delete/", views.task_delete, name="task_delete"),
]
