"""Sign in with a username, a member code (any case) or an email (issue 9 item 1)."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from renluyen.accounts.services import user_for_login


class MemberBackend(ModelBackend):
    """Django's ModelBackend (permissions included), finding the account by what people
    know: staff their username, members their member code or email."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = user_for_login(username)
        if user is None:
            # As ModelBackend does: hash anyway, so timing tells nothing about existence.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class ThrottleBackend(AxesStandaloneBackend):
    """axes' backend (refuses a locked account or address), for sign-ins over HTTP only: a
    check made in code without a request (a management command, a shell) has no address
    to throttle and nobody guessing behind it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
