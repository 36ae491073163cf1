"""Django admin lists every model and opens each change list for a superuser."""

from django.apps import apps
from django.contrib import admin

from renluyen import factories
from renluyen.core import demo


def renluyen_models():
    """Every model of every renluyen app, so a new app is covered without editing this."""
    return [m for m in apps.get_models() if m.__module__.startswith("renluyen.")]


def test_every_model_is_in_the_admin():
    missing = [m._meta.label for m in renluyen_models() if m not in admin.site._registry]
    assert missing == []


def test_each_change_list_opens(client, db):
    # One demo load for every model: it takes seconds, and every list needs rows.
    demo.load_demo()
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    failed = []
    for model in renluyen_models():
        opts = model._meta
        response = client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
        if response.status_code != 200:
            failed.append((opts.label, response.status_code))
    assert failed == []
