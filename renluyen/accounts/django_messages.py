# ruff: noqa: E501  (Django's msgids, verbatim)
"""Django messages the admin (and django-axes) show, whose Vietnamese Django lacks.

Issue 9 item 6 asks for the Django admin fully in Vietnamese; Django 5.2's vi catalog
lags behind its msgids. Listing them here lets makemessages collect them, and
renluyen/locale/fragments/admin.po translates them (the admin's scripts:
renluyen/locale/vi/LC_MESSAGES/djangojs.po). Never called.
"""

from django.utils.translation import gettext, ngettext, pgettext


def _messages_django_leaves_untranslated():  # pragma: no cover
    gettext("Select this object for an action - {}")
    gettext("Breadcrumbs")
    gettext("Model name")
    gettext("Add link")
    gettext("Change or view list link")
    gettext("After you’ve created a user, you’ll be able to edit more user options.")
    gettext("Error:")
    gettext("Set password")
    gettext("This action will <strong>enable</strong> password-based authentication for this user.")
    gettext("Disable password-based authentication")
    gettext("Enable password-based authentication")
    gettext("Skip to main content")
    gettext("Hide counts")
    gettext("Show counts")
    gettext("Toggle theme (current theme: auto)")
    gettext("Toggle theme (current theme: light)")
    gettext("Toggle theme (current theme: dark)")
    gettext("Added:")
    gettext("Changed:")
    gettext("Deleted:")
    gettext("Forgotten your login credentials?")
    gettext("Toggle navigation")
    gettext("Sidebar")
    gettext("Filter navigation items")
    ngettext("entry", "entries", 0)
    gettext("View selected %(model)s")
    gettext("In case you’ve forgotten, you are:")
    gettext("Select all objects on this page for an action")
    gettext("Conflicting form data submitted. Please try again.")
    gettext("Password-based authentication was disabled.")
    gettext("Set password: %s")
    gettext("Reset password")
    gettext(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    )
    gettext("Password-based authentication")
    gettext("Enabled")
    gettext("Disabled")
    gettext("Raw passwords are not stored, so there is no way to see the user’s password.")
    gettext("Enable password-based authentication for this user by setting a password.")
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    )
    gettext(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    )
    gettext("Content type %(ct_id)s object %(obj_id)s doesn’t exist")
    gettext("%(ct_name)s objects don’t have a get_absolute_url() method")
    gettext("Sessions")
    gettext("Messages")
    gettext("…")
    gettext("That page number is not an integer")
    gettext("That page number is less than 1")
    gettext("That page contains no results")
    gettext("Enter a valid domain name.")
    gettext("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.")
    gettext("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.")
    gettext("Enter a valid %(protocol)s address.")
    gettext("IPv4")
    gettext("IPv6")
    gettext("IPv4 or IPv6")
    gettext("Ensure this value is a multiple of step size %(limit_value)s.")
    gettext(
        "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
    )
    gettext(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
    )
    gettext("Null characters are not allowed.")
    gettext("Constraint “%(name)s” is violated.")
    gettext("“%(value)s” value must be either True or False.")
    gettext("“%(value)s” value must be either True, False, or None.")
    gettext("String (unlimited)")
    gettext("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format.")
    gettext("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date.")
    gettext(
        "“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."
    )
    gettext(
        "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."
    )
    gettext("“%(value)s” value must be a decimal number.")
    gettext(
        "“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."
    )
    gettext("Duration")
    gettext("“%(value)s” value must be a float.")
    gettext("“%(value)s” value must be an integer.")
    gettext("“%(value)s” value must be either None, True or False.")
    gettext("Positive big integer")
    gettext("“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.")
    gettext(
        "“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."
    )
    gettext("“%(value)s” is not a valid UUID.")
    gettext("Universally unique identifier")
    gettext("A JSON object")
    gettext("Value must be valid JSON.")
    gettext("%(model)s instance with %(field)s %(value)r is not a valid choice.")
    gettext("%(from)s-%(to)s relationship")
    gettext("%(from)s-%(to)s relationships")
    gettext("Enter a valid duration.")
    gettext("The number of days must be between {min_days} and {max_days}.")
    gettext("Enter a complete value.")
    gettext("Enter a valid UUID.")
    gettext("Enter a valid JSON.")
    gettext(
        "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists."
    )
    ngettext("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 0)
    ngettext("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 0)
    gettext("The inline value did not match the parent instance.")
    gettext("“%(pk)s” is not a valid value.")
    gettext(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
    )
    gettext("This is not a valid IPv6 address.")
    pgettext("String to return when truncating text", "%(truncated_text)s…")
    ngettext("%(num)d year", "%(num)d years", 0)
    ngettext("%(num)d month", "%(num)d months", 0)
    ngettext("%(num)d week", "%(num)d weeks", 0)
    ngettext("%(num)d day", "%(num)d days", 0)
    ngettext("%(num)d hour", "%(num)d hours", 0)
    ngettext("%(num)d minute", "%(num)d minutes", 0)
    gettext("Forbidden")
    gettext("Date out of range")
    gettext("Invalid date string “%(datestr)s” given format “%(format)s”")
    gettext("Page is not “last”, nor can it be converted to an int.")
    gettext("Empty list and “%(class_name)s.allow_empty” is False.")
    gettext("“%(path)s” does not exist")
    gettext("Form Data")
    gettext("Meta Data")
    gettext("Account locked: too many login attempts. Please try again later.")
    gettext("Account locked: too many login attempts. Contact an admin to unlock your account.")
    gettext("User Agent")
    gettext("IP Address")
    gettext("Username")
    gettext("HTTP Accept")
    gettext("Path")
    gettext("Attempt Time")
    gettext("Access lock out")
    gettext("access failure")
    gettext("access failures")
    gettext("GET Data")
    gettext("POST Data")
    gettext("Failed Logins")
    gettext("access attempt")
    gettext("access attempts")
    gettext("Logout Time")
    gettext("access log")
    gettext("access logs")
    gettext("Access Attempt")
    gettext("Attempt Remaining")
    gettext("Clean up expired attempts")
    gettext("Expires At")
    gettext("Locked Out")
    gettext("Not set")
    gettext("Session key hash (sha256)")
    gettext("The time when access attempt expires and is no longer valid.")
    gettext("access attempt expiration")
    gettext("access attempt expirations")
