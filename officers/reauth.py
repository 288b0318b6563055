"""Ask a signer to prove presence again: the account password and, where set up, a fresh TOTP code."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error


def check_reauthentication(user, *, password: str, otp_code: str) -> None:
    if not password or not user.check_password(password):
        raise field_error("password", _("The password is not correct."), "wrong_password")
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        return
    code = "".join(otp_code.split())
    if not code:
        raise field_error("otp_code", _("Enter the code from your authenticator app."), "otp_missing")
    # validate_code also marks the code as used, so one code cannot sign twice.
    if not TOTP(totp).validate_code(code):
        raise field_error("otp_code", _("The code is not valid or was already used; wait for the next one."),
                          "otp_invalid")
