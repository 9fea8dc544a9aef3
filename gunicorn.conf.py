"""Gunicorn's settings: `gunicorn -c gunicorn.conf.py --bind ... app:app` (make serve, README).

Residents must leave nothing that identifies them, so neither log holds a client's address, user
agent or referer: the access log has the time, the request line, the status, the bytes sent and
how long it took; the error log's one line that names a client (a request gunicorn could not
parse) loses the address. The address gunicorn would log is the one ProxyFix (TRUSTED_PROXIES)
wrote into the request: the resident's own.
"""
import re

from gunicorn import glogging

accesslog = "-"  # stdout
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'

# "Invalid request from ip=203.0.113.77: ..." (gunicorn/workers/base.py); an IPv6 address holds
# colons but no space, so the address ends at the first ": ".
CLIENT_ADDRESS = re.compile(r"from ip=\S*?: ")


def _without_client_address(record):
    message = record.getMessage()
    if CLIENT_ADDRESS.search(message):
        record.msg, record.args = CLIENT_ADDRESS.sub("from a client: ", message), ()
    return True


class Logger(glogging.Logger):
    """Gunicorn's logger, whose error log handlers (made afresh by every setup, which a reload
    runs again) leave out client addresses."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.addFilter(_without_client_address)


logger_class = Logger
