"""Whether a security incident is significant, with the reasons that decide it.

Every entity: §2 Nr. 11 BSIG calls an incident significant when it caused or can
cause (a) serious operational disruption of services or financial loss for the
entity, or (b) considerable material or non-material damage to others.

DNS, TLD, cloud, data centre, CDN, MSP, MSSP, marketplace, search engine, social
network and trust service providers: Implementing Regulation (EU) 2024/2690
takes precedence with measurable thresholds: Art. 3 (general), Art. 4
(recurring incidents) and Arts. 5 to 14 (per entity type). "More than 5 % of
users or more than 1 000 000 users, whichever is smaller" is met exactly when
either number is exceeded, so both are asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from civac.tenancy.choices import DigitalEntityType as T

FINANCIAL_LOSS_CAP_EUR = Decimal("500000")
FINANCIAL_LOSS_TURNOVER_SHARE = Decimal("0.05")


@dataclass(frozen=True)
class Thresholds:
    """Entity-specific thresholds; None means the regulation sets no such trigger for the type."""

    outage_minutes: int | None          # service fully unavailable for longer than this
    limited_minutes: int | None         # limited availability for longer than this ...
    limited_share_percent: Decimal | None   # ... for more than this share of users ...
    limited_users: int | None           # ... or more than this many users
    data_share_percent: Decimal | None  # data compromised for more than this share of users ...
    data_users: int | None              # ... or more than this many users
    physical_access: bool               # compromised physical access counts


_CLOUD_LIKE = Thresholds(30, 60, Decimal("5"), 1_000_000, Decimal("5"), 1_000_000, False)
ENTITY_THRESHOLDS = {
    T.DNS: Thresholds(30, None, None, None, None, None, False),            # Art. 5
    T.TLD: Thresholds(0, None, None, None, None, None, False),             # Art. 6
    T.CLOUD: _CLOUD_LIKE,                                                  # Art. 7
    T.DATA_CENTRE: Thresholds(0, 60, None, None, None, None, True),        # Art. 8
    T.CDN: _CLOUD_LIKE,                                                    # Art. 9
    T.MSP: _CLOUD_LIKE,                                                    # Art. 10
    T.MSSP: _CLOUD_LIKE,                                                   # Art. 10
    T.MARKETPLACE: Thresholds(0, 0, Decimal("5"), 1_000_000, Decimal("5"), 1_000_000, False),     # Art. 11
    T.SEARCH_ENGINE: Thresholds(0, 0, Decimal("5"), 1_000_000, Decimal("5"), 1_000_000, False),   # Art. 12
    T.SOCIAL_NETWORK: Thresholds(0, 0, Decimal("5"), 1_000_000, Decimal("5"), 1_000_000, False),  # Art. 13
    T.TRUST_SERVICE: Thresholds(20, 0, Decimal("1"), 200_000, Decimal("0.1"), 100, True),         # Art. 14
}

REASON_TEXT = {
    "serious_disruption": _("Serious operational disruption of services (§2 Nr. 11 a BSIG)."),
    "financial_loss_entity": _("Financial loss for the entity (§2 Nr. 11 a BSIG)."),
    "damage_to_others": _("Considerable material or non-material damage to others (§2 Nr. 11 b BSIG)."),
    "financial_threshold": _("Direct financial loss of %(loss)s EUR exceeds %(threshold)s EUR "
                             "(Art. 3(1)(a) IR 2024/2690)."),
    "trade_secrets": _("Exfiltration of trade secrets (Art. 3(1)(b) IR 2024/2690)."),
    "death": _("Death of a natural person (Art. 3(1)(c) IR 2024/2690)."),
    "health_damage": _("Considerable damage to a natural person's health (Art. 3(1)(d) IR 2024/2690)."),
    "malicious_access": _("Successful, suspected malicious and unauthorised access able to cause severe "
                          "operational disruption (Art. 3(1)(e) IR 2024/2690)."),
    "recurring": _("Recurring incidents that together meet the financial threshold (Art. 4 IR 2024/2690)."),
    "outage": _("Service fully unavailable for %(minutes)s minutes (threshold for this entity type: more than "
                "%(limit)s minutes)."),
    "limited": _("Limited availability for %(minutes)s minutes affecting more users than the threshold for this "
                 "entity type."),
    "data_malicious": _("Integrity, confidentiality or authenticity of data compromised by suspected malicious "
                        "action."),
    "data_users": _("Data of more users compromised than the threshold for this entity type."),
    "physical_access": _("Physical access to a restricted area compromised."),
}


def _number(answers: dict, key: str) -> Decimal:
    value = answers.get(key)
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def financial_threshold(turnover_eur: Decimal | None) -> Decimal:
    """Art. 3(1)(a): EUR 500 000 or 5 % of the previous year's turnover, whichever is lower."""
    if turnover_eur is None:
        return FINANCIAL_LOSS_CAP_EUR
    return min(FINANCIAL_LOSS_CAP_EUR, turnover_eur * FINANCIAL_LOSS_TURNOVER_SHARE)


def _exceeds(answers, share_key, count_key, share_limit, count_limit) -> bool:
    share_hit = share_limit is not None and _number(answers, share_key) > share_limit
    count_hit = count_limit is not None and _number(answers, count_key) > count_limit
    return share_hit or count_hit


def _entity_reasons(answers: dict, limits: Thresholds) -> list[dict]:
    reasons = []
    outage = _number(answers, "outage_minutes")
    if limits.outage_minutes is not None and outage > limits.outage_minutes:
        reasons.append({"code": "outage", "params": {"minutes": str(outage), "limit": limits.outage_minutes}})
    limited = _number(answers, "limited_minutes")
    if limits.limited_minutes is not None and limited > limits.limited_minutes and _exceeds(
            answers, "limited_share_percent", "limited_users", limits.limited_share_percent, limits.limited_users):
        reasons.append({"code": "limited", "params": {"minutes": str(limited)}})
    if answers.get("data_malicious"):
        reasons.append({"code": "data_malicious", "params": {}})
    if _exceeds(answers, "data_share_percent", "data_users", limits.data_share_percent, limits.data_users):
        reasons.append({"code": "data_users", "params": {}})
    if limits.physical_access and answers.get("physical_access"):
        reasons.append({"code": "physical_access", "params": {}})
    return reasons


def assess(answers: dict, *, entity_type: str, turnover_eur: Decimal | None) -> tuple[bool, list[dict]]:
    """Return (significant, reasons); each reason is a code with its parameters."""
    reasons = [{"code": key, "params": {}} for key in ("serious_disruption", "financial_loss_entity",
                                                       "damage_to_others") if answers.get(key)]
    limits = ENTITY_THRESHOLDS.get(entity_type)
    if limits is not None:
        loss = _number(answers, "financial_loss_eur")
        threshold = financial_threshold(turnover_eur)
        if loss > threshold:
            reasons.append({"code": "financial_threshold", "params": {"loss": str(loss), "threshold": str(threshold)}})
        reasons += [{"code": key, "params": {}} for key in ("trade_secrets", "death", "health_damage",
                                                            "malicious_access", "recurring") if answers.get(key)]
        reasons += _entity_reasons(answers, limits)
    return bool(reasons), reasons


def describe(reason: dict) -> str:
    return str(REASON_TEXT[reason["code"]]) % reason.get("params", {}) if reason.get("params") else str(
        REASON_TEXT[reason["code"]])
