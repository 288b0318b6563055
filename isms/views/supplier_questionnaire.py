"""The public questionnaire page: a supplier contact answers through a tokenised link, without an account.

The token is the credential. The page shows only the questionnaire of that
one assessment and the supplier's and workspace's names, nothing else of
either. Closed links answer with a page that says why and store nothing.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from civac.ratelimit import over_limit
from civac.web.formtools import apply_service_errors
from isms.forms.suppliers import QuestionnaireForm
from isms.services.suppliers import AssessmentClosed, assessment_for_token, assessment_submit, questionnaire

RATE_LIMIT_PER_MINUTE = 30


@require_http_methods(["GET", "POST"])
def supplier_questionnaire(request, token: str):
    limit = getattr(settings, "QUESTIONNAIRE_RATE_LIMIT_PER_MINUTE", RATE_LIMIT_PER_MINUTE)
    if over_limit(request, scope="questionnaire", limit=limit, window_seconds=60):
        response = render(request, "isms/suppliers/questionnaire_closed.html", {"reason": "rate_limited"},
                          status=429)
        response["Retry-After"] = "60"
        return response
    try:
        assessment = assessment_for_token(token)
    except AssessmentClosed as closed:
        return render(request, "isms/suppliers/questionnaire_closed.html", {"reason": closed.reason}, status=410)
    if assessment is None:
        raise Http404("questionnaire not found")
    template = questionnaire(assessment.template_key)
    with translation.override(assessment.language):
        form = QuestionnaireForm(request.POST or None, request.FILES or None, template=template,
                                 language=assessment.language)
        if request.method == "POST" and form.is_valid():
            try:
                assessment_submit(token=token, answers=form.answers(), uploads=form.uploads())
            except AssessmentClosed as closed:
                return render(request, "isms/suppliers/questionnaire_closed.html", {"reason": closed.reason},
                              status=410)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return render(request, "isms/suppliers/questionnaire_closed.html", {"reason": "thanks"})
        context = {"assessment": assessment, "template": template, "form": form,
                   "title": template.title(assessment.language)}
        return render(request, "isms/suppliers/questionnaire.html", context, status=400 if form.errors else 200)
