"""Helpers shared by tests of several apps."""


def admin_form_data(response) -> dict:
    """The POST data an admin change form would send back unchanged, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(getattr(item, "pk", item)) for item in value]
            else:
                data[bound.html_name] = str(getattr(value, "pk", value))
    return data


def body(response) -> bytes:
    """The whole body of a response, streamed (exports) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
