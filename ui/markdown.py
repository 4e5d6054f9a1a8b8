"""Safe text for Streamlit's markdown: user data must never become a link, an image or formatting."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: object) -> str:
    """Backslash-escape every markdown-special character (so `![x](http://...)` shows as typed)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
