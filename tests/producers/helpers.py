from tests.pages import en, text  # noqa: F401  (re-exported for the producer tests)


def error_next_to(html: str, field_id: str, message: str) -> bool:
    """True when ``message`` is shown in the form block of the field ``field_id``: after
    its input and before the next field starts."""
    start = html.find(f'id="{field_id}"')
    if start < 0:
        return False
    following = html.find('<div class="field', start)
    block = html[start : following if following > 0 else len(html)]
    return message in block
