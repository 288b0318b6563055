"""NIS-2 facts of a workspace: save them, classify, adopt the result, and keep the §33 registration checklist."""

from __future__ import annotations

import calendar
import logging
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.choices import Nis2Category
from civac.tenancy.errors import field_error
from civac.tenancy.models import Workspace
from civac.tenancy.services import workspace_update
from isms.models import Nis2Facts, RegistrationItem
from isms.services.context.catalogue import load_catalogue
from isms.services.context.classification import Classification, Nis2Input, classify

logger = logging.getLogger(__name__)

WORKSPACE_FACT_FIELDS = [
    "employees", "annual_turnover_eur", "balance_sheet_total_eur", "is_kritis_operator",
    "trust_service_provider", "is_financial_entity",
]
FACT_FIELDS = [
    "entity_type", "negligible_activities_note", "linked_enterprises_note", "sector_law_carve_out",
    "qualified_on", "registered_on",
]
# §33(1) BSIG: register within three months of first qualifying; §33(5): report changes within two weeks.
REGISTRATION_MONTHS = 3
CHANGE_REPORT_DAYS = 14


def add_months(day: date, months: int) -> date:
    """Return the same day number ``months`` later, or the last day of that month when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def nis2_facts_for(workspace: Workspace) -> Nis2Facts:
    """Return the workspace's stored facts, or an unsaved empty row when none were entered yet."""
    return Nis2Facts.objects.filter(workspace=workspace).first() or Nis2Facts(workspace=workspace)


def nis2_input(workspace: Workspace, facts: Nis2Facts) -> Nis2Input:
    return Nis2Input(
        entity_type=facts.entity_type,
        critical_facility_operator=workspace.is_kritis_operator,
        trust_service=workspace.trust_service_provider,
        employees=workspace.employees,
        annual_turnover_eur=workspace.annual_turnover_eur,
        balance_sheet_total_eur=workspace.balance_sheet_total_eur,
        negligible_activities_note=facts.negligible_activities_note,
        linked_enterprises_note=facts.linked_enterprises_note,
        sector_law_carve_out=facts.sector_law_carve_out,
        dora_financial_entity=workspace.is_financial_entity,
    )


def nis2_classify_workspace(workspace: Workspace) -> Classification:
    return classify(nis2_input(workspace, nis2_facts_for(workspace)))


def nis2_facts_save(*, actor, workspace: Workspace, values: dict) -> Nis2Facts:
    """Save the classification facts; size figures and special flags go to the workspace itself.

    Choosing an entity type also sets the workspace's sector to the type's sector,
    so the two cannot disagree.
    """
    workspace_values = {name: values[name] for name in WORKSPACE_FACT_FIELDS if name in values}
    fact_values = {name: values[name] for name in FACT_FIELDS if name in values}
    unknown = set(values) - set(workspace_values) - set(fact_values)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This field cannot be changed here."), "field_not_editable")
    _check_figures(workspace_values)
    entity_type = fact_values.get("entity_type") or ""
    if entity_type:
        if entity_type not in load_catalogue().entity_types:
            raise field_error("entity_type", _("Choose an entity type from the list."), "unknown_entity_type")
        workspace_values["sector"] = load_catalogue().entity_types[entity_type].sector

    with transaction.atomic():
        # The workspace row lock serialises writers, so two first saves cannot both insert the facts row.
        Workspace.objects.select_for_update().get(pk=workspace.pk)
        workspace_update(actor=actor, workspace=workspace, values=workspace_values)
        facts = nis2_facts_for(workspace)
        for name, value in fact_values.items():
            setattr(facts, name, value.strip() if isinstance(value, str) else value)
        if facts.registered_on and facts.qualified_on and facts.registered_on < facts.qualified_on:
            raise field_error("registered_on", _("The registration date is before the qualification date; "
                                                 "check both dates."), "registered_before_qualified")
        facts.full_clean()
        facts.save()
    return facts


def nis2_category_adopt(*, actor, workspace: Workspace, expected_category: str) -> Nis2Facts:
    """Store the computed category in ``workspace.nis2_category``; both writes are audited.

    ``expected_category`` is the result the officer saw. When the facts changed since,
    the result may differ and adoption is rejected. An entity newly in scope without a
    qualification date gets today's date, which starts the three-month registration period.
    """
    with transaction.atomic():
        # Classify under the row lock so that a concurrent save of the facts cannot slip in between.
        Workspace.objects.select_for_update().get(pk=workspace.pk)
        workspace.refresh_from_db()
        result = nis2_classify_workspace(workspace)
        if result.category != expected_category:
            raise field_error("expected_category", _("The facts changed after you opened this page, and so did "
                                                     "the result. Reload the page and check the result again."),
                              "stale_form")
        if result.category == Nis2Category.UNDETERMINED:
            raise field_error("expected_category", _("The facts do not decide the category yet; complete them "
                                                     "first."), "undetermined")
        workspace_update(actor=actor, workspace=workspace, values={"nis2_category": result.category})
        facts = nis2_facts_for(workspace)
        facts.adopted_category = result.category
        facts.adopted_at = timezone.now()
        facts.adopted_by = actor
        if result.in_scope and facts.qualified_on is None:
            facts.qualified_on = timezone.localdate()
        facts.save()
        if result.in_scope and facts.registered_on is None:
            _open_registration_task(workspace, facts)
    logger.info("NIS-2 category %s adopted for workspace %s by user %s", result.category, workspace.pk, actor.pk)
    return facts


def registration_due_on(facts: Nis2Facts) -> date | None:
    return add_months(facts.qualified_on, REGISTRATION_MONTHS) if facts.qualified_on else None


def registration_items(workspace: Workspace) -> list[RegistrationItem]:
    """Return one item per §33 data item in the order of the law, unsaved where nothing was entered yet."""
    stored = {item.key: item for item in RegistrationItem.objects.all()}
    return [stored.get(key) or RegistrationItem(workspace=workspace, key=key) for key in RegistrationItem.Key.values]


def registration_suggestions(workspace: Workspace, facts: Nis2Facts) -> dict[str, str]:
    """Return values the workspace already knows, offered in the checklist for items not yet saved."""
    address = ", ".join(part for part in (workspace.street, f"{workspace.postal_code} {workspace.city}".strip(),
                                          workspace.country) if part)
    suggestions = {RegistrationItem.Key.NAME: workspace.legal_name, RegistrationItem.Key.ADDRESS: address}
    if facts.entity_type in load_catalogue().entity_types:
        entity = load_catalogue().entity_types[facts.entity_type]
        suggestions[RegistrationItem.Key.SECTOR] = f"{workspace.get_sector_display()}: {entity.name}"
    return suggestions


def registration_save(*, actor, workspace: Workspace, entries: dict[str, dict]) -> list[RegistrationItem]:
    """Save value and done mark per data item; items whose content did not change write nothing."""
    unknown = set(entries) - set(RegistrationItem.Key.values)
    if unknown:
        raise field_error("key", _("Unknown registration data item %(key)s.") % {"key": sorted(unknown)[0]},
                          "unknown_item")
    items = registration_items(workspace)
    with transaction.atomic():
        for item in items:
            entry = entries.get(item.key)
            if entry is None:
                continue
            value, done = (entry.get("value") or "").strip(), bool(entry.get("done"))
            # Primary keys are set on instantiation, so ``_state.adding`` marks the unsaved items.
            if item._state.adding and not value and not done:
                continue
            if not item._state.adding and item.value == value and item.done == done:
                continue
            item.value, item.done = value, done
            item.full_clean()
            item.save()
    return items


def _check_figures(values: dict) -> None:
    labels = {"employees": _("The number of employees"), "annual_turnover_eur": _("The annual turnover"),
              "balance_sheet_total_eur": _("The balance sheet total")}
    for name, label in labels.items():
        value = values.get(name)
        if value is not None and value < 0:
            raise field_error(name, _("%(field)s cannot be negative; enter zero or more, or leave it empty when "
                                      "unknown.") % {"field": label}, "negative")


def _open_registration_task(workspace: Workspace, facts: Nis2Facts) -> None:
    from isms.services.tasks import task_open_for

    task_open_for(
        workspace=workspace, source=facts,
        title=_("Register with the BSI (§33 BSIG)"),
        description=_("Register the entity with the BSI within three months of qualifying as a NIS-2 entity. "
                      "The checklist on the BSI registration page lists the data to submit."),
        due_on=registration_due_on(facts),
    )
