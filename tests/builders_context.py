"""Test data for the ISMS context area, written through the area's services."""

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from isms.services import context as services

COMPLETE_SCOPE = {
    "scope_text": "Entwicklung, Fertigung und Vertrieb von Werkzeugmaschinen",
    "boundaries": "Alle Prozesse der GmbH; nicht die Schwestergesellschaft in Polen",
    "interfaces": "Rechenzentrum der Muster IT GmbH; Lohnabrechnung durch Steuerbüro",
    "exclusions": "",
    "exclusion_justification": "",
    "locations": "Stuttgart, Leipzig",
    "organisational_units": "Geschäftsführung, Produktion, Vertrieb, IT",
    "climate_change_relevant": True,
    "climate_change_reasoning": "Hitzeperioden gefährden die Kühlung des Serverraums.",
}


def scope_draft(workspace, actor, **changes):
    """Save a complete scope draft (or the next one after an approval) and return it."""
    with workspace_context(workspace), acting_as(actor):
        current = services.current_scope_version()
        return services.scope_draft_save(actor=actor, workspace=workspace, values={**COMPLETE_SCOPE, **changes},
                                         based_on=current, revision=current.revision if current else 0)


def context_issue(workspace, actor, *, title="Fachkräftemangel in der IT", **changes):
    values = {"kind": "internal", "category": "people", "title": title, "description": "",
              "effect_on_isms": "Vertretungen für Administratoren fehlen.", "climate_related": False, **changes}
    with workspace_context(workspace), acting_as(actor):
        return services.context_issue_create(actor=actor, workspace=workspace, values=values)


def interested_party(workspace, actor, *, name="Kunden aus der Automobilindustrie", requirements=1):
    with workspace_context(workspace), acting_as(actor):
        party = services.interested_party_create(actor=actor, workspace=workspace,
                                                 values={"name": name, "kind": "external", "description": ""})
        for index in range(requirements):
            services.party_requirement_create(actor=actor, party=party, values={
                "text": f"TISAX-Label Stufe {index + 2}", "addressed_by_isms": True,
                "how_addressed": "ISMS nach ISO/IEC 27001", "climate_related": False})
    return party


def english_client(user):
    """A logged-in client that asks for English, so assertions on page text hold once German is added."""
    from tests.conftest import client_for

    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
