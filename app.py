"""Entry point: `flask --app app run`, `gunicorn app:app`."""
from sanctuary import create_app

app = create_app()
