from django import template

from civac.audit.labels import action_label, object_type_label

register = template.Library()

register.filter("action_label", action_label)
register.filter("object_type_label", object_type_label)


@register.filter
def change_rows(changes: dict) -> list[tuple[str, object, object]]:
    """Rows of (field, old value, new value) for an event's changes."""
    rows = []
    for field, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            rows.append((field, value[0], value[1]))
        else:
            rows.append((field, "", value))
    return rows
