from django.core.exceptions import ValidationError


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's field errors on the form; errors for unknown or hidden fields go to the top.

    A hidden field has no place on the page, and Django would print its internal
    name in front of the message ("(Hidden field confirmed_digest) ...").
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        visible = field in form.fields and not form.fields[field].widget.is_hidden
        form.add_error(field if visible else None, errors)
