"""The one clock that everything date-driven reads (stored times, due dates, award expiry,
reminders), so that tests can move time. Production reads the system clock."""
import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock:
    """The system clock, moved by `offset` (tests move it forward; nothing else does)."""

    def __init__(self):
        self.offset = datetime.timedelta(0)

    def now(self):
        """Now, as an aware UTC datetime."""
        return datetime.datetime.now(datetime.UTC) + self.offset


clock = Clock()


def utcnow():
    """Now, in UTC, without tzinfo: every stored time is naive UTC."""
    return clock.now().replace(tzinfo=None)


def london_now():
    return clock.now().astimezone(LONDON)


def london_today():
    """Today's date in London, where the scheme runs: due dates and expiry are London dates."""
    return london_now().date()


@contextmanager
def moved(**delta):
    """Move the clock by a timedelta (days=…, hours=…) for the duration of a block."""
    clock.offset += datetime.timedelta(**delta)
    try:
        yield clock
    finally:
        clock.offset -= datetime.timedelta(**delta)
