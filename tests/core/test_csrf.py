from itsdangerous import URLSafeTimedSerializer
from werkzeug.datastructures import MultiDict

from sanctuary.core.csrf import masked_token, unmask
from sanctuary.core.forms import ActionForm
from tests.factories import make_user
from tests.support.client import csrf_token, sign_in, text


def session_secret(client):
    with client.session_transaction() as session:
        return session["csrf_token"]


def flask_wtf_token(app, client):
    """Flask-WTF's own token for the client's session, as it would be without the mask."""
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(
        session_secret(client))


def test_every_response_masks_the_csrf_token_afresh(app, client):
    sign_in(client, make_user())
    pages = [text(client.get(url)) for url in ("/dashboard", "/dashboard", "/account")]
    tokens = [page.split('name="csrf-token" content="')[1].split('"')[0] for page in pages]
    # What Flask-WTF's token would repeat in every response: the session's secret, serialised.
    constant = flask_wtf_token(app, client).split(".")[0]

    assert len(set(tokens)) == 3
    assert all(constant not in page and session_secret(client) not in page for page in pages)
    assert {unmask(token).split(".")[0] for token in tokens} == {constant}
    # One response shows one token, wherever it needs it (the sign-out button's form too).
    assert [page.count(token) for page, token in zip(pages, tokens, strict=True)] == [2, 2, 4]


def test_a_masked_token_is_accepted_in_a_form_and_in_htmx_header(client):
    in_form = client.post("/dev/outbox/clear", data={"csrf_token": csrf_token(client)})
    in_header = client.post("/dev/outbox/clear", headers={"X-CSRFToken": csrf_token(client)})

    assert (in_form.status_code, in_header.status_code) == (302, 302)


def test_an_unmasked_or_altered_token_is_refused(app, client):
    token = csrf_token(client)
    unmasked = flask_wtf_token(app, client)  # valid, but no page shows it
    assert unmask(token).split(".")[0] == unmasked.split(".")[0]
    altered = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")

    for sent in (unmasked, altered, token[:-1], "not a token"):
        for how in ({"data": {"csrf_token": sent}}, {"headers": {"X-CSRFToken": sent}}):
            response = client.post("/dev/outbox/clear", **how)
            assert response.status_code == 400, (sent, how)
            assert "This form could not be sent" in text(response)


def test_a_form_checks_the_masked_token_itself_when_the_request_was_not_checked(app):
    with app.test_request_context("/", method="POST"):
        token = masked_token()

        assert ActionForm(formdata=MultiDict({"csrf_token": token})).validate()
        refused = ActionForm(formdata=MultiDict({"csrf_token": unmask(token)}))
        assert not refused.validate()
        assert refused.errors == {"csrf_token": ["The CSRF token is missing."]}
