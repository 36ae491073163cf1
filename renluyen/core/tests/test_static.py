"""The static files the pages link to exist where the finders (and collectstatic) look."""

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.parametrize("path", ["renluyen/site.css", "vendor/htmx-2.0.11.min.js"])
def test_it_finds_the_static_files_base_html_links_to(path):
    assert finders.find(path) is not None
