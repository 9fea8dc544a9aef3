"""Configuration: safe development defaults, every one overridable by an environment variable."""
import datetime
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "production")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app can safely run with."""


def _bool(value):
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _development_secret(instance_path):
    """Generate the development secret once, kept in instance/ so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load(instance_path, environ=os.environ):
    """Build the config dict from the environment (`environ`) and the instance folder."""
    # Production unless told otherwise: a deployment that forgets the setting must not serve the
    # development outbox (where anyone could read sign-in links).
    env = environ.get("SANCTUARY_ENV", "production")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"SANCTUARY_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    production = env == "production"

    secret_key = environ.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY must be set in production, which is what runs when "
                              "SANCTUARY_ENV is not set. For development on your own machine, "
                              "set SANCTUARY_ENV=development (make run does).")
        secret_key = _development_secret(instance_path)

    password_profile = environ.get("PASSWORD_HASH_PROFILE", "default")
    if password_profile not in ("default", "cheapest"):
        raise ConfigError("PASSWORD_HASH_PROFILE must be 'default' or 'cheapest'")
    if production and password_profile != "default":
        raise ConfigError("PASSWORD_HASH_PROFILE=cheapest is for tests only, never production")
    public_idle_days = int(environ.get("PUBLIC_SESSION_IDLE_DAYS", "14"))
    log_level = environ.get("LOG_LEVEL", "").strip().upper()
    if log_level and log_level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be empty or one of {', '.join(LOG_LEVELS)}")

    return {
        "SANCTUARY_ENV": env,
        "SECRET_KEY": secret_key,
        "DATABASE_URL": environ.get(
            "DATABASE_URL", f"sqlite:///{Path(instance_path) / 'sanctuary.db'}"
        ),
        "PUBLIC_BASE_URL": environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "UPLOAD_FOLDER": environ.get("UPLOAD_FOLDER", str(Path(instance_path) / "uploads")),
        # One evidence file, all of an application's evidence, and the largest request read at all
        # (a little over one file, so that an oversized file is read and refused with a message).
        "MAX_FILE_BYTES": int(environ.get("MAX_FILE_MB", "10")) * 1024 * 1024,
        "MAX_APPLICATION_FILES_BYTES": int(
            environ.get("MAX_APPLICATION_FILES_MB", "50")
        ) * 1024 * 1024,
        "MAX_CONTENT_LENGTH": int(environ.get("MAX_REQUEST_MB", "25")) * 1024 * 1024,
        "LANGUAGES": [code.strip() for code in environ.get("LANGUAGES", "en,ar,uk").split(",")],
        "QUICK_EXIT_URL": environ.get("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather"),
        "TRUSTED_PROXIES": int(environ.get("TRUSTED_PROXIES", "0")),
        # The root logger's and the app's level (core.logs); empty leaves Python's defaults.
        "LOG_LEVEL": log_level,
        # Mail. An empty MAIL_SERVER in development delivers to the development mailbox only.
        "MAIL_SERVER": environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool(environ.get("MAIL_USE_TLS", "false")),
        "MAIL_USE_SSL": _bool(environ.get("MAIL_USE_SSL", "false")),
        "MAIL_USERNAME": environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": environ.get(
            "MAIL_DEFAULT_SENDER", "Lewisham Borough of Sanctuary <sanctuary@localhost>"
        ),
        "MAIL_TIMEOUT": int(environ.get("MAIL_TIMEOUT", "30")),
        # Flask-Mail would stay silent under TESTING; the tests send to a real local server.
        "MAIL_SUPPRESS_SEND": False,
        "OUTBOX_LEASE_SECONDS": int(environ.get("OUTBOX_LEASE_SECONDS", "300")),
        # How often `flask send-outbox --watch` runs the frequent jobs (core.jobs); 0: never
        # (run `flask run-jobs` from cron instead).
        "FREQUENT_JOBS_SECONDS": int(environ.get("FREQUENT_JOBS_SECONDS", "120")),
        "DEV_MAILBOX": str(Path(instance_path) / "dev-mailbox"),
        # Rate limits: memory:// suits one process; several instances share redis://host:6379.
        # Panels: the composition rule, and how long reviewers have.
        "PANEL_MIN_REVIEWERS": int(environ.get("PANEL_MIN_REVIEWERS", "3")),
        "PANEL_MIN_LIVED_EXPERIENCE": int(environ.get("PANEL_MIN_LIVED_EXPERIENCE", "1")),
        "REVIEW_DAYS": int(environ.get("REVIEW_DAYS", "21")),
        # School sessions: the mailbox coordinators read, which calendar invitations come from
        # (calendar programs send schools' replies there); a cancellation with fewer working
        # days than this before the session is late, and coordinators are told.
        "SCHOOL_BOOKINGS_EMAIL": environ.get("SCHOOL_BOOKINGS_EMAIL", "school-sessions@localhost"),
        "SCHOOL_LATE_CANCEL_WORKING_DAYS": int(environ.get("SCHOOL_LATE_CANCEL_WORKING_DAYS",
                                                           "5")),
        # How long a place offered from a slot's waiting list is held for the school's answer.
        "SCHOOL_WAITING_OFFER_HOURS": int(environ.get("SCHOOL_WAITING_OFFER_HOURS", "48")),
        # Speakers: the time one needs between two sessions to travel, the most sessions one
        # takes on in a day, and how many days before a session with no speaker yet coordinators
        # are told.
        "SCHOOL_SPEAKER_TRAVEL_MINUTES": int(environ.get("SCHOOL_SPEAKER_TRAVEL_MINUTES", "60")),
        "SCHOOL_SPEAKER_DAILY_LIMIT": int(environ.get("SCHOOL_SPEAKER_DAILY_LIMIT", "2")),
        "SCHOOL_SPEAKER_DEADLINE_DAYS": int(environ.get("SCHOOL_SPEAKER_DEADLINE_DAYS", "5")),
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Cookies and CSRF: the token lives as long as the session, so a long form never expires.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_TIME_LIMIT": None,
        # Sessions: the cookie lives as long as the longest idle time; the server-side session
        # record (accounts.UserSession) decides, and can be revoked.
        "PERMANENT_SESSION_LIFETIME": datetime.timedelta(days=public_idle_days),
        "PUBLIC_SESSION_IDLE_DAYS": public_idle_days,
        "STAFF_SESSION_IDLE_HOURS": int(environ.get("STAFF_SESSION_IDLE_HOURS", "12")),
        "PASSWORD_HASH_PROFILE": password_profile,
        "RATELIMIT_SIGN_IN_PER_ADDRESS": environ.get("RATELIMIT_SIGN_IN_PER_ADDRESS",
                                                     "5 per 15 minutes"),
        "RATELIMIT_CODE_GUESSES_PER_CLIENT": environ.get("RATELIMIT_CODE_GUESSES_PER_CLIENT",
                                                         "10 per 15 minutes"),
        "RATELIMIT_CODE_GUESSES_ALL_CLIENTS": environ.get("RATELIMIT_CODE_GUESSES_ALL_CLIENTS",
                                                          "300 per 15 minutes"),
        "RATELIMIT_SIGN_IN_PER_CLIENT": environ.get("RATELIMIT_SIGN_IN_PER_CLIENT", "20 per hour"),
        # Wrong staff passwords, counted per address from one client, and per address from all
        # clients with a much higher bound: one client's guesses never lock the person out.
        "RATELIMIT_PASSWORD_FAILURES_PER_ADDRESS_AND_CLIENT": environ.get(
            "RATELIMIT_PASSWORD_FAILURES_PER_ADDRESS_AND_CLIENT", "10 per 15 minutes"),
        "RATELIMIT_PASSWORD_FAILURES_PER_ADDRESS": environ.get(
            "RATELIMIT_PASSWORD_FAILURES_PER_ADDRESS", "100 per 15 minutes"),
        "RATELIMIT_PASSWORD_PER_CLIENT": environ.get("RATELIMIT_PASSWORD_PER_CLIENT",
                                                     "30 per 15 minutes"),
        # Reviewers keep reading an application this many days after its final decision is sent.
        "REVIEWER_ACCESS_DAYS": int(environ.get("REVIEWER_ACCESS_DAYS", "30")),
        # Retention (`flask purge-expired`, daily): days after which each is deleted or emptied.
        "RETENTION_LINK_DAYS": int(environ.get("RETENTION_LINK_DAYS", "30")),
        "RETENTION_SESSION_DAYS": int(environ.get("RETENTION_SESSION_DAYS", "30")),
        "RETENTION_SENT_EMAIL_DAYS": int(environ.get("RETENTION_SENT_EMAIL_DAYS", "30")),
        "RETENTION_FAILED_EMAIL_DAYS": int(environ.get("RETENTION_FAILED_EMAIL_DAYS", "30")),
        "RETENTION_IMPORT_DAYS": int(environ.get("RETENTION_IMPORT_DAYS", "7")),
        # Invitations email an address the sender chooses: counted per person (staff and member
        # invitations together) and per organisation.
        "RATELIMIT_INVITATIONS_PER_PERSON": environ.get("RATELIMIT_INVITATIONS_PER_PERSON",
                                                        "10 per hour"),
        "RATELIMIT_INVITATIONS_PER_ORGANISATION": environ.get(
            "RATELIMIT_INVITATIONS_PER_ORGANISATION", "20 per day"),
        # Residents' pages (core.anonymous): each client, known only by a keyed hash of its
        # address that changes daily, and all clients together.
        "RATELIMIT_RESIDENT_PER_CLIENT": environ.get("RATELIMIT_RESIDENT_PER_CLIENT",
                                                     "60 per hour"),
        "RATELIMIT_RESIDENT_ALL_CLIENTS": environ.get("RATELIMIT_RESIDENT_ALL_CLIENTS",
                                                      "2000 per hour"),
        "WTF_CSRF_HEADERS": ["X-CSRFToken"],
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
    }
