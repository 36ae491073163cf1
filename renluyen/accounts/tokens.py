"""The invitation link's token: Django's password-reset token with its own salt and
lifetime. Like a reset link it stops working once the password is set (the token hashes
the password), so it works once; it expires after ACCOUNT_INVITATION_DAYS days instead of
the reset link's PASSWORD_RESET_TIMEOUT."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "renluyen.accounts.invitation"

    def check_token(self, user, token):
        if not (user and token and isinstance(token, str)):
            return False
        ts_b36, _sep, _hash = token.partition("-")
        try:
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - ts
        return age <= settings.ACCOUNT_INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()
