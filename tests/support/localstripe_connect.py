"""Stripe Connect's account routes for localstripe (1.15 has none), test-only.

Registered by one line in ``localstripe_server.main``. A minimal, faithful subset of
Stripe's API, enough for what Souk calls:

* ``POST /v1/accounts`` makes an account as Stripe does for a new Express account:
  nothing enabled, ``details_submitted`` false, the onboarding fields in
  ``requirements.currently_due`` and ``disabled_reason`` ``requirements.past_due``.
  The ``Idempotency-Key`` header is honoured (the same key answers with the same
  account), as Stripe does;
* ``GET /v1/accounts/{id}`` and ``POST /v1/accounts/{id}`` (metadata, email,
  business_profile) read and update it; an unknown id is Stripe's 404
  ``resource_missing``;
* ``POST /v1/account_links`` checks the account, ``type`` and both URLs, and answers
  with an ``account_link`` whose ``url`` points back at this server.

What the merchant does on Stripe's hosted pages cannot happen here, so one test-only
route stands for it: ``POST /_souk/accounts/{id}`` with a JSON body sets the fields
Stripe would change (``charges_enabled``, ``payouts_enabled``, ``details_submitted``,
``requirements``). ``GET /_souk/account_links`` lists the links asked for.
"""

from __future__ import annotations

import json
import secrets
import time

from aiohttp import web
from localstripe import server

ONBOARDING_FIELDS = [
    "business_profile.mcc",
    "business_profile.url",
    "business_type",
    "external_account",
    "individual.dob.day",
    "individual.first_name",
    "individual.last_name",
    "tos_acceptance.date",
]

_accounts: dict[str, dict] = {}
_by_idempotency_key: dict[str, str] = {}
_links: list[dict] = []


def _error(status: int, message: str, *, param: str | None = None, code: str | None = None):
    error = {"type": "invalid_request_error", "message": message}
    if param:
        error["param"] = param
    if code:
        error["code"] = code
    return server.json_response({"error": error}, status=status)


def _missing(account_id: str):
    return _error(404, f"No such account: '{account_id}'", param="account", code="resource_missing")


def _new_account(data: dict) -> dict:
    kind = data.get("type") or "express"
    account_id = f"acct_{secrets.token_hex(8)}"
    capabilities = {
        name: "inactive" for name, wanted in (data.get("capabilities") or {}).items() if wanted
    }
    return {
        "id": account_id,
        "object": "account",
        "type": kind,
        "email": data.get("email"),
        "country": data.get("country") or "US",
        "default_currency": "usd",
        "business_profile": data.get("business_profile") or {},
        "capabilities": capabilities,
        "charges_enabled": False,
        "payouts_enabled": False,
        "details_submitted": False,
        "metadata": data.get("metadata") or {},
        "created": int(time.time()),
        "requirements": {
            "alternatives": [],
            "current_deadline": None,
            "currently_due": list(ONBOARDING_FIELDS),
            "disabled_reason": "requirements.past_due",
            "errors": [],
            "eventually_due": list(ONBOARDING_FIELDS),
            "past_due": list(ONBOARDING_FIELDS),
            "pending_verification": [],
        },
    }


async def _create(request):
    data = await server.get_post_data(request) or {}
    if data.get("type") not in (None, "express", "standard", "custom"):
        return _error(400, "Invalid type", param="type")
    key = request.headers.get("Idempotency-Key")
    if key and key in _by_idempotency_key:
        return server.json_response(_accounts[_by_idempotency_key[key]])
    account = _new_account(data)
    _accounts[account["id"]] = account
    if key:
        _by_idempotency_key[key] = account["id"]
    return server.json_response(account)


async def _retrieve(request):
    account = _accounts.get(request.match_info["id"])
    if account is None:
        return _missing(request.match_info["id"])
    return server.json_response(account)


async def _update(request):
    account = _accounts.get(request.match_info["id"])
    if account is None:
        return _missing(request.match_info["id"])
    data = await server.get_post_data(request) or {}
    for field in ("metadata", "business_profile"):
        if field in data:
            account[field] = {**account[field], **data[field]}
    if "email" in data:
        account["email"] = data["email"]
    return server.json_response(account)


async def _link(request):
    data = await server.get_post_data(request) or {}
    account_id = data.get("account") or ""
    if account_id not in _accounts:
        return _missing(account_id)
    if data.get("type") not in ("account_onboarding", "account_update"):
        return _error(400, "Invalid type: must be one of account_onboarding or account_update")
    for param in ("return_url", "refresh_url"):
        if not str(data.get(param) or "").startswith(("http://", "https://")):
            return _error(400, f"Not a valid URL: {param}", param=param)
    now = int(time.time())
    link = {
        "object": "account_link",
        "created": now,
        "expires_at": now + 300,
        "url": f"http://127.0.0.1:{request.url.port}/_souk/hosted/onboarding/{account_id}/"
        f"{len(_links) + 1}",
    }
    _links.append(
        {**link, **{k: data.get(k) for k in ("account", "type", "return_url", "refresh_url")}}
    )
    return server.json_response(link)


async def _set_state(request):
    """Test-only: what onboarding on Stripe's hosted pages would change."""
    account = _accounts.get(request.match_info["id"])
    if account is None:
        return _missing(request.match_info["id"])
    changes = json.loads(await request.text() or "{}")
    for field in ("charges_enabled", "payouts_enabled", "details_submitted"):
        if field in changes:
            account[field] = bool(changes[field])
    if "requirements" in changes:
        account["requirements"] = {**account["requirements"], **changes["requirements"]}
    return server.json_response(account)


async def _list_links(request):
    return server.json_response({"data": _links})


def register(app: web.Application) -> None:
    app.router.add_post("/v1/accounts", _create)
    app.router.add_get("/v1/accounts/{id}", _retrieve)
    app.router.add_post("/v1/accounts/{id}", _update)
    app.router.add_post("/v1/account_links", _link)
    app.router.add_post("/_souk/accounts/{id}", _set_state)
    app.router.add_get("/_souk/account_links", _list_links)
