"""The floor of the load benchmark: Django's own "hello world" project.

What `django-admin startproject` makes (its apps and middleware), with DEBUG off and
one view that returns a fixed text without touching the database or a template. It is
served by the same gunicorn.conf.py as the app (scripts/loadbench/run.py), so a page's
share of this floor is what the page costs beyond Django and gunicorn themselves.
"""

import os

SECRET_KEY = os.environ.get("SECRET_KEY", "loadbench-floor-only")
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "hello.urls"
WSGI_APPLICATION = "hello.wsgi.application"
# Never opened by the hello view; startproject's default.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
STATIC_URL = "static/"
