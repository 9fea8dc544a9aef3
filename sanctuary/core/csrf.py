"""CSRF tokens masked afresh for every response, as Django masks its own.

Pages are compressed, and many show text that the person sent (a search, a form with errors). A
secret repeated unchanged in every compressed response beside such text can be read, a character
at a time, by someone who sees the responses' sizes and can make the browser send text (BREACH).
So no page carries Flask-WTF's token as it is: each response carries it XORed with a mask of its
own, drawn from a random nonce (SHAKE-256) that goes in front, and every token received is
unmasked before Flask-WTF checks it (its signature, and that it matches the session's). A token
that is not masked is refused, so a page that forgot the mask cannot go unnoticed."""
import base64
import binascii
import hashlib
import secrets

from flask import g
from flask_wtf.csrf import CSRFProtect, generate_csrf, validate_csrf
from wtforms.csrf.core import CSRF


def masked_token():
    """This response's masked token (the same wherever the page shows it)."""
    if "masked_csrf_token" not in g:
        token = generate_csrf().encode("ascii")
        nonce = secrets.token_bytes(NONCE_BYTES)
        g.masked_csrf_token = base64.urlsafe_b64encode(
            nonce + _xor(token, _mask(nonce, len(token)))).decode("ascii").rstrip("=")
    return g.masked_csrf_token


def unmask(value):
    """Flask-WTF's token from a masked one; None for anything that is not a masked token."""
    if not value:
        return None
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), altchars=b"-_", validate=True)
        nonce, masked = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
        if not masked:
            return None
        return _xor(masked, _mask(nonce, len(masked))).decode("ascii")
    except (binascii.Error, ValueError):  # not base64, or not ASCII once unmasked
        return None


NONCE_BYTES = 16


def _mask(nonce, length):
    return hashlib.shake_256(nonce).digest(length)


def _xor(data, mask):
    return bytes(a ^ b for a, b in zip(data, mask, strict=True))


class MaskedCSRFProtect(CSRFProtect):
    """Flask-WTF's check of every POST, on the unmasked token; pages get masked tokens."""

    def init_app(self, app):
        super().init_app(app)
        # Flask-WTF offers its own generate_csrf both ways; these, registered after, win.
        app.jinja_env.globals["csrf_token"] = masked_token
        app.context_processor(lambda: {"csrf_token": masked_token})

    def _get_csrf_token(self):
        return unmask(super()._get_csrf_token())


class MaskedFormCSRF(CSRF):
    """The CSRF field of every form (Form.Meta.csrf_class): shows the masked token, and checks
    it unmasked when CSRFProtect has not already checked the request."""

    def setup_form(self, form):
        self.meta = form.meta
        return super().setup_form(form)

    def generate_csrf_token(self, csrf_token_field):
        return masked_token()

    def validate_csrf_token(self, form, field):
        if g.get("csrf_valid", False):  # CSRFProtect checked this request already
            return
        validate_csrf(unmask(field.data), self.meta.csrf_secret, self.meta.csrf_time_limit,
                      self.meta.csrf_field_name)
