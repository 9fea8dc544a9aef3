"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives."""
import email
import email.policy
import threading

from aiosmtpd.controller import Controller

from .ports import free_port


class Inbox:
    def __init__(self):
        self.messages = []
        self.refused = set()
        self.data_reply = None
        self._lock = threading.Lock()

    # handle_RCPT and handle_DATA: the names are aiosmtpd's hooks.
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def refuse(self, address):
        """Answer RCPT for this address with a permanent refusal, as for a mailbox that is gone."""
        self.refused.add(address)

    def answer_data(self, reply):
        """Answer DATA with `reply` (a 4xx line: a server busy, or greylisting) and keep nothing."""
        self.data_reply = reply

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply is not None:
            return self.data_reply.format(recipients=", ".join(envelope.rcpt_tos))
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def clear(self):
        with self._lock:
            self.messages.clear()
            self.refused.clear()
            self.data_reply = None


class SMTPServer:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.inbox = Inbox()
        self.controller = None

    @property
    def messages(self):
        return self.inbox.messages

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
