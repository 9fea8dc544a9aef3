"""Extension objects, created unbound and initialised by the factory."""
from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_mail import Mail

from .core.csrf import MaskedCSRFProtect

babel = Babel()
csrf = MaskedCSRFProtect()  # Flask-WTF's, with tokens masked per response
htmx = HTMX()
mail = Mail()
# Storage comes from RATELIMIT_STORAGE_URI (memory:// by default, redis:// for several instances).
limiter = Limiter(key_func=get_remote_address)
