"""Django messages whose Vietnamese translation Django itself lacks.

Django 5.2 changed the msgid of the short-password error (it now ends in "%d"), and
Django's own vi catalog still translates only the old one, so the password change page
showed it in English. Listing it here lets makemessages collect it, and
renluyen/locale/fragments/infra.po translates it. Never called.
"""

from django.utils.translation import ngettext


def _messages_django_leaves_untranslated():
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    )
