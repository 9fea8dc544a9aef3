"""Passwords, hashed with argon2 (a cheaper profile for the test suite only): hashing, and
checking in the same time whether or not the person exists."""
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from .models import User


def _hasher():
    if current_app.config["PASSWORD_HASH_PROFILE"] == "cheapest":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()


def hash_password(password):
    return _hasher().hash(password)


def _dummy_hash():
    # Computed once per process (and per profile), used to spend the same time on unknown emails.
    cache = current_app.extensions.setdefault("sanctuary.dummy_hash", {})
    profile = current_app.config["PASSWORD_HASH_PROFILE"]
    if profile not in cache:
        cache[profile] = hash_password("not a real password")
    return cache[profile]


def check_password(user, password):
    """True when `password` is the user's. Unknown users cost the same time as known ones."""
    hasher = _hasher()
    stored = user.password_hash if user is not None and user.password_hash else None
    try:
        hasher.verify(stored or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    if stored is None:
        return False
    if hasher.check_needs_rehash(stored):
        User.update(password_hash=hash_password(password)).where(User.id == user.id).execute()
    return True
