"""Who may see the app. On a personal machine nobody is asked; a team deployment switches a login on in
`.streamlit/secrets.toml` (SECURITY.md says how), and then nothing of the app is shown before it:

- `[auth]` (Streamlit's own `st.login` with an OpenID Connect provider: NHS login, Microsoft Entra, Google, ...);
- or `[access]` with `password = "..."`: one shared password, for a small team.

Key in `st.session_state`: PASSED ("access_granted"), True once this browser session gave the shared password.
"""

from __future__ import annotations

import hmac

import streamlit as st

PASSED = "access_granted"
PASSWORD_WIDGET = "access_password"


def _secret(section: str) -> dict | None:
    """A section of .streamlit/secrets.toml, or None when there is none (or no secrets file at all)."""
    try:
        return dict(st.secrets[section]) if section in st.secrets else None
    except Exception:  # no secrets file: Streamlit raises its own not-found error
        return None


def require_login() -> None:
    """Stop the page at a login screen unless this session may see the app (always, when no login is configured)."""
    if _secret("auth") is not None:
        if not getattr(st.user, "is_logged_in", False):  # absent until the provider has logged someone in
            _screen("Log in with your organisation's account to see the maps.")
            st.button("Log in", type="primary", on_click=st.login, key="access_login")
            st.stop()
        st.sidebar.button("Log out", on_click=st.logout, key="access_logout")
        return
    access = _secret("access")
    password = str((access or {}).get("password", ""))
    if not password or st.session_state.get(PASSED):
        return
    _screen("Give the team's password to see the maps.")
    with st.form("access_form"):
        given = st.text_input("Password", type="password", key=PASSWORD_WIDGET)
        sent = st.form_submit_button("Enter", type="primary")
    if sent and hmac.compare_digest(given.encode(), password.encode()):
        st.session_state[PASSED] = True
        st.rerun()
    if sent:
        st.error("That password is not right.")
    st.stop()


def _screen(message: str) -> None:
    st.title("Wellbeing Network Explorer")
    st.write(message + " This dashboard shows anonymised network maps of people who use mental health services.")
