import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Rejects every message the way an SMTP server that is down would."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("SMTP server refused the connection")
