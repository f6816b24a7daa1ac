"""Errors in one shape: RFC 9457 problem details (``application/problem+json``).

Every error either API returns goes through ``problem``: a field error names the field
(``errors: [{field, message}]``), a plan limit names the limit (``limit``), a state
conflict says what was left (``remaining``), an unknown version lists the supported
ones. The handlers below turn the exceptions our services raise (Django's
``ValidationError``, ``LimitReached``, ``Http404``) and ninja's own into that shape,
so bad input never becomes a 500.
"""

from __future__ import annotations

import json
import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from billing.limits import LimitReached

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "urn:souk:problem:"


class FieldError(Schema):
    field: str
    message: str


class PlanLimit(Schema):
    resource: str
    limit: int
    plan: str


class Problem(Schema):
    """RFC 9457 problem details, with Souk's extension members."""

    type: str
    title: str
    status: int
    detail: str = ""
    errors: list[FieldError] | None = None
    limit: PlanLimit | None = None
    remaining: str | None = None
    supported_versions: list[str] | None = None


class ApiProblem(Exception):
    """Raised by an endpoint for a refusal that is not a field error."""

    def __init__(self, status: int, slug: str, title: str, detail: str = "", **extra):
        super().__init__(detail or title)
        self.status, self.slug, self.title, self.detail, self.extra = (
            status,
            slug,
            title,
            detail,
            extra,
        )


class ScopeMissing(ApiProblem):
    def __init__(self, scope: str):
        super().__init__(
            403,
            "scope-missing",
            _("Missing access scope"),
            _("This app needs the “%(scope)s” scope for this request.") % {"scope": scope},
        )


def problem(status: int, slug: str, title: str, detail: str = "", **extra) -> HttpResponse:
    body = {"type": TYPE_BASE + slug, "title": str(title), "status": status}
    if detail:
        body["detail"] = str(detail)
    body.update({k: v for k, v in extra.items() if v is not None})
    return HttpResponse(json.dumps(body), status=status, content_type=CONTENT_TYPE)


def _field_errors(error: ValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"field": field if field != "__all__" else "", "message": str(message)}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": str(m)} for m in error.messages]


def validation_problem(error: ValidationError) -> HttpResponse:
    errors = _field_errors(error)
    detail = " ".join(e["message"] for e in errors)
    return problem(422, "validation", _("The request has invalid fields"), detail, errors=errors)


def _on_limit(request, exc: LimitReached):
    return problem(
        422,
        "plan-limit",
        _("Plan limit reached"),
        exc.messages[0],
        limit={"resource": exc.resource, "limit": exc.limit, "plan": exc.plan.name},
    )


def _on_validation(request, exc: ValidationError):
    return validation_problem(exc)


def _on_ninja_validation(request, exc: NinjaValidationError):
    errors = []
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", ())]
        # ("body", "payload", "title") → "title"; ("query", "limit") → "limit".
        parts = loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]
        errors.append({"field": ".".join(parts), "message": e.get("msg", "")})
    return problem(
        422,
        "validation",
        _("The request has invalid fields"),
        " ".join(f"{e['field']}: {e['message']}" for e in errors),
        errors=errors,
    )


def _on_api_problem(request, exc: ApiProblem):
    return problem(exc.status, exc.slug, exc.title, exc.detail, **exc.extra)


def _on_auth(request, exc: AuthenticationError):
    response = problem(
        401,
        "unauthorized",
        _("Invalid or missing access token"),
        _("Send the token in the Authorization header: “Bearer <token>”."),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def _on_http_error(request, exc: HttpError):
    return problem(exc.status_code, "http-error", str(exc), "")


def _on_not_found(request, exc):
    return problem(404, "not-found", _("Not found"), _("There is no such resource in this shop."))


def _on_permission(request, exc):
    return problem(403, "forbidden", _("Forbidden"), str(exc))


def _on_any(request, exc: Exception):
    logger.exception("API error", exc_info=exc)
    return problem(500, "server-error", _("Something went wrong on our side"))


def problem_handlers_install(api) -> None:
    """Replace ninja's default handlers on ``api`` with problem details."""
    api.add_exception_handler(Exception, _on_any)
    api.add_exception_handler(HttpError, _on_http_error)
    api.add_exception_handler(AuthenticationError, _on_auth)
    api.add_exception_handler(NinjaValidationError, _on_ninja_validation)
    api.add_exception_handler(ValidationError, _on_validation)
    api.add_exception_handler(LimitReached, _on_limit)
    api.add_exception_handler(ApiProblem, _on_api_problem)
    api.add_exception_handler(Http404, _on_not_found)
    api.add_exception_handler(ObjectDoesNotExist, _on_not_found)
    api.add_exception_handler(PermissionDenied, _on_permission)
