"""ISMS routes under /w/<slug>/; each area keeps its own patterns in ``isms.routes``."""

from django.urls import include, path

from isms.routes import (
    assets,
    audits,
    context,
    controls,
    corrective,
    evidence,
    imports,
    policies,
    risks,
    soa,
    suppliers,
    tasks,
    training,
)
from isms.views.overview import overview

app_name = "isms"
urlpatterns = [
    path("isms/", overview, name="overview"),
    path("isms/context/", include(context.urlpatterns)),
    path("isms/assets/", include(assets.urlpatterns)),
    path("isms/risks/", include(risks.urlpatterns)),
    path("isms/controls/", include(controls.urlpatterns)),
    path("isms/soa/", include(soa.urlpatterns)),
    path("isms/policies/", include(policies.urlpatterns)),
    path("isms/evidence/", include(evidence.urlpatterns)),
    path("isms/training/", include(training.urlpatterns)),
    path("isms/suppliers/", include(suppliers.urlpatterns)),
    path("isms/audits/", include(audits.urlpatterns)),
    path("isms/corrective-actions/", include(corrective.urlpatterns)),
    path("isms/imports/", include(imports.urlpatterns)),
    path("tasks/", include(tasks.urlpatterns)),
]
