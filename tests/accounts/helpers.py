"""Signing people in for view tests, the way the app itself does after a real sign-in."""
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
