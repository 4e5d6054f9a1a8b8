"""Links to a view of the app that work when shared: the app's address with `?page=<screen>` and the filter.

Why not the page's own address (/maps?...)? Opened directly, a sub-page address makes Streamlit's browser code
look for its server under /maps/ first, which logs two failed requests (Streamlit issue #7074) before it finds
it. The root address never does, so shared links are always root addresses, and the app opens the named screen.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from netcore.model import PAGE_KEY  # URL query key naming the screen to open


def open_linked_page(pages: list) -> None:
    """On a link with ?page=<url path>, open that screen with the rest of the query (the filter)."""
    wanted = st.query_params.get(PAGE_KEY)
    if wanted is None:
        return
    rest = {key: st.query_params.get_all(key) for key in st.query_params if key != PAGE_KEY}
    target = next((page for page in pages if page.url_path == wanted), None)
    if target is None:  # unknown screen: stay, but drop the key so it does not travel on
        del st.query_params[PAGE_KEY]
        return
    st.switch_page(target, query_params=rest)


def share_link(current: st.Page, query: dict[str, list[str]]) -> str:
    """The root address that opens `current` with this filter, e.g. http://localhost:8501/?page=maps&type=..."""
    parts = urlsplit(st.context.url or "")
    root = f"{parts.scheme}://{parts.netloc}/" if parts.netloc else "/"
    params = ([(PAGE_KEY, current.url_path)] if current.url_path else []) + [
        (key, value) for key, values in query.items() for value in values]
    return root + (f"?{urlencode(params)}" if params else "")
