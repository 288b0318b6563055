# Date inputs are <input type="date">, whose value the browser reads only in
# ISO 8601 order, so ISO comes first: Django renders a date field's value with
# the first input format. German dates typed by hand are still accepted.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
