"""Browser tests: Playwright drives Debian's Chromium against a live server.

Shop hosts (``<sub>.souk.test``) are mapped to 127.0.0.1 inside the browser with
``--host-resolver-rules``, so no DNS is involved and nothing leaves the machine.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the
    # browser lives, which makes Django refuse ORM calls (fixtures, flushes); the
    # ORM use here is synchronous and safe. Restored when the browser closes.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _launch(sync_playwright)
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _launch(sync_playwright):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP souk.test 127.0.0.1, MAP *.souk.test 127.0.0.1",
            ],
        )
        _report_csp_violations(browser)
        yield browser
        browser.close()


# Every page of every context this browser opens reports Content-Security-Policy
# violations here; the autouse fixture below fails the test that caused one.
_violations: list[str] = []
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || document.location.href}:${e.lineNumber}`);
});
"""


def _report_csp_violations(browser) -> None:
    new_context = browser.new_context

    def new_context_reporting(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.add_init_script(_REPORT_VIOLATIONS)
        context.on("console", _keep_violation)
        return context

    browser.new_context = new_context_reporting


def _keep_violation(message) -> None:
    text = message.text
    if "CSP violation" in text or "Content Security Policy" in text:
        _violations.append(text)


@pytest.fixture(autouse=True)
def csp_violations():
    """The CSP violations reported while a test ran; none may be left at its end."""
    _violations.clear()
    yield _violations
    found, _violations[:] = list(_violations), []
    assert not found, f"Content-Security-Policy violations in the browser: {found}"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shop_url(live_server):
    port = live_server.url.rsplit(":", 1)[1]
    return lambda shop, path="/": f"http://{shop.subdomain}.souk.test:{port}{path}"


@pytest.fixture
def platform_url(live_server, settings):
    """The platform's URL on the live server; sign-on redirects carry its port."""
    port = live_server.url.rsplit(":", 1)[1]
    settings.PLATFORM_PORT = port
    return lambda path="/": f"http://souk.test:{port}{path}"


@pytest.fixture
def admin_login(page, platform_url):
    """``admin_login(shop)``: the shop's owner opens its admin the only way there is —
    logs in on the platform, then "Open admin" in My shops (single sign-on).
    Fixtures provision shops without sign-up, so the owner's membership is made here."""
    import re

    from django.db import connection

    from accounts.models import Membership, Role, User

    def go(shop, *, on=None, password="correct-horse-9"):
        target = on or page
        connection.set_schema_to_public()
        owner = User.objects.get(pk=shop.owner_id)
        Membership.objects.get_or_create(account=owner, shop=shop, defaults={"role": Role.OWNER})
        target.goto(platform_url("/login/"))
        target.get_by_label("E-mail").fill(owner.email)
        target.get_by_label("Password").fill(password)
        target.get_by_role("button", name="Log in").click()
        target.wait_for_url("**/shops/")
        target.locator(f"button[data-enter='{shop.subdomain}']").click()
        target.wait_for_url(
            re.compile(rf"^http://{re.escape(shop.subdomain)}\.souk\.test:\d+/admin/$")
        )
        return target

    return go
