"""No view escapes the permission matrix: every URL pattern's view has a test marked with
`@matrix.covers(...)` (or is in matrix.PUBLIC with a reason)."""

import importlib
import inspect
import pkgutil
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

import renluyen
from renluyen.core.tests import matrix as m


def url_names(patterns=None, namespace="", route="") -> dict[str, str]:
    """{"app:name": "route"} of every pattern of the URL configuration."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        here = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(url_names(pattern.url_patterns, inner, here))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name or f'(unnamed) {here}'}"
            found[name] = here
    return found


def modules_of_tests():
    root = Path(renluyen.__file__).parent
    for info in pkgutil.walk_packages([str(root)], "renluyen."):
        if ".tests." in info.name and info.name.rsplit(".", 1)[-1].startswith("test_"):
            yield importlib.import_module(info.name)


def covered() -> dict[str, str]:
    """{"app:name": "module::test"} of every test marked with @matrix.covers."""
    found = {}
    for module in modules_of_tests():
        for name, test in inspect.getmembers(module, inspect.isfunction):
            names = getattr(test, m.COVERS, ())
            for url_name in names:
                found[url_name] = f"{module.__name__}::{name}"
    return found


def test_every_view_has_a_permission_matrix_test():
    names = url_names()
    tested = covered()
    missing = {
        name: route
        for name, route in names.items()
        if name not in tested
        and name not in m.PUBLIC
        and name.split(":")[0] not in m.PUBLIC_NAMESPACES
    }
    assert not missing, (
        "These views have no permission-matrix test:\n"
        + "\n".join(f"  {name}  (/{route})" for name, route in sorted(missing.items()))
        + "\n\nFor each, add a test that takes the `matrix` fixture, requests the view as "
        "every role on its own unit, a child, a sibling and the parent "
        "(renluyen.core.tests.matrix.CASES; see core/tests/test_view_matrix.py), and mark it "
        '@matrix.covers("app:name"). A view that concerns no unit, member or form goes in '
        "matrix.PUBLIC with the reason. docs/architecture.md, 'Permission matrix', says more."
    )


def test_no_test_covers_a_view_that_does_not_exist():
    stale = set(covered()) - set(url_names())
    assert not stale, f"@matrix.covers names views that no URL pattern has: {sorted(stale)}"
