from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, _unicode_ci_compare
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renluyen.notifications.outbox import queue_email

# At most one reset email per account in this many seconds, whatever is asked.
RESET_EMAIL_EVERY = 10 * 60


class ActivationForm(forms.Form):
    """First sign-in with the code from the branch's printed sheet."""

    member_code = forms.CharField(
        label=_("Member code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "username",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    code = forms.CharField(
        label=_("Activation code"),
        max_length=20,
        help_text=_("Eight letters and digits, as printed on the sheet, e.g. K7PM-3QXD."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the email waits in the outbox (sent by `send_outbox`, never
    from the request), at most one per account every RESET_EMAIL_EVERY seconds, and a
    member who never chose a password may use it too (the link sets their first one)."""

    def get_users(self, email):
        User = get_user_model()
        users = User._default_manager.filter(email__iexact=email, is_active=True)
        # As Django does: the database's case folding must not match a different address.
        return (u for u in users if _unicode_ci_compare(email, u.email))

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        window = int(timezone.now().timestamp()) // RESET_EMAIL_EVERY
        queue_email(
            to=to_email,
            subject=subject,
            body=body,
            key=f"password-reset-{context['user'].pk}-{window}",
        )

    def save(self, **kwargs):
        kwargs["extra_email_context"] = {"site_url": settings.SITE_URL.rstrip("/")}
        kwargs["subject_template_name"] = "accounts/email/password_reset_subject.txt"
        kwargs["email_template_name"] = "accounts/email/password_reset.txt"
        return super().save(**kwargs)
