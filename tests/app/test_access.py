"""A login can be switched on by configuration (.streamlit/secrets.toml); then nothing of the app shows before it.
Not configured, the app opens straight away (local use)."""

from streamlit.testing.v1 import AppTest

from tests.app.pages import APP
from tests.app.test_edge_uploads import page_texts

PASSWORD = "correct horse battery staple"
# Words that only the app itself shows (navigation, sidebar, data), never the login screen.
APP_WORDS = ("Network maps", "Use your own anonymised data", "Synthetic sample data", "participants")


def app_with(secrets: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def shows_the_app(at: AppTest) -> bool:
    shown = " ".join(page_texts(at))
    return any(word in shown for word in APP_WORDS)


def test_without_a_login_configured_the_app_opens():
    at = app_with({})
    assert shows_the_app(at)
    assert not at.text_input and not [button for button in at.button if button.key == "access_login"]


def test_a_shared_password_shows_only_the_login_screen_until_it_is_given():
    at = app_with({"access": {"password": PASSWORD}})
    assert not shows_the_app(at) and len(at.sidebar.children) == 0
    assert at.text_input(key="access_password")
    at.text_input(key="access_password").input("wrong")
    at.button[0].click().run()
    assert not shows_the_app(at)
    assert "That password is not right." in [element.value for element in at.error]
    at.text_input(key="access_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert shows_the_app(at)
    at.switch_page("views/maps.py").run()  # and stays open for this session
    assert at.title[0].value == "Network maps"


def test_an_oidc_login_shows_only_its_button_until_logged_in():
    at = app_with({"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                            "client_id": "dashboard", "client_secret": "secret",
                            "server_metadata_url": "https://login.example.org/.well-known/openid-configuration"}})
    assert not shows_the_app(at) and len(at.sidebar.children) == 0
    assert [button.label for button in at.button] == ["Log in"]
