"""Evidence reads: one subject's files, the workspace list and the titles of the subjects shown."""

from __future__ import annotations

from collections import defaultdict

from isms.evidence_registry import attachable, subject_type_of
from isms.models import EvidenceFile


def evidence_for_subject(subject):
    return EvidenceFile.objects.filter(subject_type=subject_type_of(subject), subject_id=subject.pk).select_related(
        "uploaded_by", "withdrawn_by")


def evidence_list(*, subject_type: str = ""):
    files = EvidenceFile.objects.select_related("uploaded_by", "withdrawn_by").order_by("-uploaded_at", "pk")
    if subject_type:
        files = files.filter(subject_type=subject_type)
    return files


def subject_titles(files) -> dict:
    """Map (subject_type, subject_id) to the subject's title for the given files.

    One query per registered type that occurs among ``files``, so a page costs
    the same number of queries whatever its length. Subjects of types no
    longer registered, or rows deleted since, get no entry.
    """
    ids_by_type = defaultdict(set)
    for evidence in files:
        ids_by_type[evidence.subject_type].add(evidence.subject_id)
    titles = {}
    for subject_type, ids in ids_by_type.items():
        entry = attachable(subject_type)
        if entry is None:
            continue
        for subject in entry.model.objects.filter(pk__in=ids):
            titles[(subject_type, subject.pk)] = str(subject)
    return titles
