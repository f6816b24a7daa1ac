"""Stripe's requirement codes and reasons in the merchant's words.

Stripe lists what an account still needs as dotted field names
(``individual.verification.document``, ``external_account``) and says why an account
is disabled with a code (``requirements.past_due``). A merchant should not have to
read those: the known ones get a sentence, any other is shown tidied up
("Company tax id"), so nothing Stripe asks for is hidden.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Longest prefix wins; keys are Stripe's requirement names (or their start).
REQUIREMENT_WORDS = {
    "external_account": _("a bank account for payouts"),
    "tos_acceptance": _("accepting Stripe's terms of service"),
    "business_type": _("your type of business"),
    "business_profile.url": _("your shop's website"),
    "business_profile.mcc": _("what your business sells (industry)"),
    "business_profile.product_description": _("a description of what you sell"),
    "business_profile.support_phone": _("a support phone number"),
    "individual.verification.document": _("an identity document"),
    "individual.verification.additional_document": _("a second identity document"),
    "individual.id_number": _("your ID number"),
    "individual.ssn_last_4": _("the last 4 digits of your social security number"),
    "individual.dob": _("your date of birth"),
    "individual.address": _("your home address"),
    "individual.first_name": _("your first name"),
    "individual.last_name": _("your last name"),
    "individual.email": _("your e-mail address"),
    "individual.phone": _("your phone number"),
    "individual": _("your personal details"),
    "company.tax_id": _("your company's tax ID"),
    "company.address": _("your company's address"),
    "company.name": _("your company's name"),
    "company.phone": _("your company's phone number"),
    "company.verification.document": _("a company registration document"),
    "company": _("your company's details"),
    "representative": _("details of the company's representative"),
    "owners": _("details of the company's owners"),
    "directors": _("details of the company's directors"),
    "executives": _("details of the company's executives"),
    "settings.payments.statement_descriptor": _("the name shown on card statements"),
}

DISABLED_REASONS = {
    "requirements.past_due": _("Stripe needs more information, and it is overdue."),
    "requirements.pending_verification": _(
        "Stripe is checking the information you gave; this usually takes a few minutes "
        "to a few days."
    ),
    "listed": _("Stripe is reviewing the account (it matched a restricted list)."),
    "under_review": _("Stripe is reviewing the account."),
    "rejected.fraud": _("Stripe rejected the account (suspected fraud)."),
    "rejected.terms_of_service": _("Stripe rejected the account (terms of service)."),
    "rejected.listed": _("Stripe rejected the account (restricted list)."),
    "rejected.other": _("Stripe rejected the account."),
    "platform_paused": _("The platform paused this account."),
    "action_required.requested_capabilities": _(
        "Stripe needs you to finish setting up card payments."
    ),
    "other": _("Stripe disabled the account; see your Stripe dashboard."),
}


def requirement_words(code: str) -> str:
    """One requirement in plain words."""
    for length in range(code.count(".") + 1, 0, -1):
        prefix = ".".join(code.split(".")[:length])
        if prefix in REQUIREMENT_WORDS:
            return str(REQUIREMENT_WORDS[prefix])
    # Tidy the rest: "person_1Abc.relationship.title" -> "Person relationship title".
    parts = ["person" if p.startswith("person_") else p for p in code.split(".")]
    return " ".join(parts).replace("_", " ").capitalize() or code


def requirements_words(codes: list[str]) -> list[str]:
    """Each requirement once, in Stripe's order (several codes can share a sentence)."""
    seen: list[str] = []
    for code in codes:
        words = requirement_words(code)
        if words not in seen:
            seen.append(words)
    return seen


def disabled_reason_words(reason: str) -> str:
    if not reason:
        return ""
    return str(DISABLED_REASONS.get(reason) or DISABLED_REASONS["other"])
