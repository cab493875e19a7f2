"""Security headers, production cookie settings, and templates without inline code."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR)


def csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_pages_carry_a_strict_content_security_policy(reader_client):
    policy = csp(reader_client.get(reverse("members:list")))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["object-src"] == "'none'"


def test_the_login_page_has_it_too_and_cannot_be_framed(client):
    response = client.get(reverse("login"))
    assert csp(response)["script-src"] == "'self'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_admin_may_use_inline_styles_but_no_inline_scripts(login, admin_user):
    policy = csp(login(admin_user).get(reverse("admin:index")))
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"


def test_production_settings_use_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "crm.sambruk.se",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE,
        env={**env, "DJANGO_SETTINGS_MODULE": "sambruk_crm.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "True"]


# An inline <script> (one without src), an inline <style>, a style="" attribute or an
# on…="" handler: each is refused by the policy, so none may be in a template.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def project_templates():
    dirs = [Path(d) for d in engines["django"].engine.dirs]
    dirs += [p for p in BASE.glob("*/templates") if not p.is_relative_to(BASE / ".venv")]
    return sorted({path for d in dirs for path in d.rglob("*.html")})


def test_no_template_has_inline_script_or_style():
    templates = project_templates()
    assert len(templates) > 20
    found = [
        f"{path.relative_to(BASE)}: {match.group(0)}"
        for path in templates
        for match in INLINE.finditer(path.read_text())
    ]
    assert found == []
