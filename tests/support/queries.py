"""Counting the SQL statements a piece of code runs: list pages assert a constant query count."""
import contextlib
import logging


class _Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.statements = []

    def emit(self, record):
        self.statements.append(record.msg)  # peewee logs each statement as (sql, params)


@contextlib.contextmanager
def recorded_queries():
    """Yields the list of statements run inside the block, filled as they run."""
    logger = logging.getLogger("peewee")
    recorder, level = _Recorder(), logger.level
    logger.addHandler(recorder)
    logger.setLevel(logging.DEBUG)
    try:
        yield recorder.statements
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(level)
