"""The people who must not get into coordinators' pages: a signed-out visitor, a member of an
organisation and a reviewer, each with a test client of their own."""
from sanctuary.accounts.models import Role
from tests.factories import make_organisation, make_user
from tests.support.client import sign_in


def outsiders(app):
    """(signed-out client, organisation member's client, reviewer's client)."""
    member = make_user()
    make_organisation(member=member)
    anonymous, organisation, reviewer = app.test_client(), app.test_client(), app.test_client()
    sign_in(organisation, member)
    sign_in(reviewer, make_user(roles=[Role.REVIEWER], password="r" * 12))
    return anonymous, organisation, reviewer


def met_by(urls, anonymous, organisation, reviewer):
    """({url: where the signed-out visitor is sent}, {url: (member's status, reviewer's)})."""
    to_sign_in = {url: anonymous.get(url).headers.get("Location", "").split("?")[0]
                  for url in urls}
    refused = {url: (organisation.get(url).status_code, reviewer.get(url).status_code)
               for url in urls}
    return to_sign_in, refused
