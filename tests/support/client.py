"""The test client as a person's browser: signed in the way the app itself signs people in, posting
with the CSRF token as our pages do."""
import html
import re
from urllib.parse import urlsplit

from sanctuary.accounts.services import start_session


def sign_in(client, user):
    """Give the test client a signed-in session for `user`; returns the session key."""
    key = start_session(user)
    with client.session_transaction() as session:
        session["_user_id"] = key
        session["_fresh"] = True
    return key


def path_of(link):
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def csrf_token(client, url="/sign-in"):
    page = client.get(url).get_data(as_text=True)
    return page.split('name="csrf-token" content="')[1].split('"')[0]


def signed_in_client(app, user):
    """A new client signed in as `user`, and the CSRF token its pages carry."""
    client = app.test_client()
    sign_in(client, user)
    return client, csrf_token(client)


def post(client, url, data=None, headers=None, **kwargs):
    """POST as a page of ours would: with the CSRF token in the form and in htmx's header."""
    token = csrf_token(client)
    return client.post(url, data={"csrf_token": token, **(data or {})},
                       headers={"X-CSRFToken": token, **(headers or {})}, **kwargs)


def text(response):
    return response.get_data(as_text=True)


def date_fields(name, date):
    """A date as a date input's three boxes send it (GOV.UK's day, month and year)."""
    return {f"{name}-day": str(date.day), f"{name}-month": str(date.month),
            f"{name}-year": str(date.year)}


def plain(page):
    """A page's text without its tags, its whitespace run together: what a reader sees."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def fresh(row):
    """The row as the database now holds it."""
    return type(row).get_by_id(row.id)
