from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """Sectors of Annexes I and II of Directive (EU) 2022/2555 (NIS-2), plus "other"."""

    ENERGY = "energy", _("Energy")
    TRANSPORT = "transport", _("Transport")
    BANKING = "banking", _("Banking")
    FINANCIAL_MARKET = "financial_market", _("Financial market infrastructure")
    HEALTH = "health", _("Health")
    DRINKING_WATER = "drinking_water", _("Drinking water")
    WASTE_WATER = "waste_water", _("Waste water")
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure", _("Digital infrastructure")
    ICT_SERVICE_MANAGEMENT = "ict_service_management", _("ICT service management (B2B)")
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    SPACE = "space", _("Space")
    POSTAL = "postal", _("Postal and courier services")
    WASTE_MANAGEMENT = "waste_management", _("Waste management")
    CHEMICALS = "chemicals", _("Manufacture, production and distribution of chemicals")
    FOOD = "food", _("Production, processing and distribution of food")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    DIGITAL_PROVIDERS = "digital_providers", _("Digital providers")
    RESEARCH = "research", _("Research")
    OTHER = "other", _("Other sector")


class TrustServiceProvider(models.TextChoices):
    NONE = "none", _("No trust services")
    NON_QUALIFIED = "non_qualified", _("Non-qualified trust service provider")
    QUALIFIED = "qualified", _("Qualified trust service provider")


class DigitalEntityType(models.TextChoices):
    """Entity types for which Implementing Regulation (EU) 2024/2690 defines significant incidents."""

    NONE = "none", _("None of these")
    DNS = "dns", _("DNS service provider")
    TLD = "tld", _("TLD name registry")
    CLOUD = "cloud", _("Cloud computing service provider")
    DATA_CENTRE = "data_centre", _("Data centre service provider")
    CDN = "cdn", _("Content delivery network provider")
    MSP = "msp", _("Managed service provider")
    MSSP = "mssp", _("Managed security service provider")
    MARKETPLACE = "marketplace", _("Online marketplace")
    SEARCH_ENGINE = "search_engine", _("Online search engine")
    SOCIAL_NETWORK = "social_network", _("Social networking platform")
    TRUST_SERVICE = "trust_service", _("Trust service provider")


class Nis2Category(models.TextChoices):
    """Entity categories of §28 BSIG."""

    UNDETERMINED = "undetermined", _("Not yet determined")
    PARTICULARLY_IMPORTANT = "particularly_important", _("Particularly important entity")
    IMPORTANT = "important", _("Important entity")
    NOT_IN_SCOPE = "not_in_scope", _("Not in scope of NIS-2")
