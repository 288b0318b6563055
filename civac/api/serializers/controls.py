"""Annex A catalogue controls and the workspace's own controls."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from isms.models import CatalogueControl, OwnControl


class CatalogueControlSerializer(serializers.ModelSerializer):
    # Shared by all workspaces; ``title`` is in the request's language.

    title = serializers.CharField(read_only=True)
    measure_areas = serializers.SerializerMethodField(
        help_text=_("Numbers of the §30(2) BSIG measure areas this control is mapped to."))

    class Meta:
        model = CatalogueControl
        fields = ["ref", "title", "title_en", "title_de", "theme", "new_in_2022", "is_current", "measure_areas"]
        read_only_fields = fields

    def get_measure_areas(self, control) -> list[int]:
        return sorted(area.number for area in control.measure_areas.all())


class OwnControlSerializer(serializers.ModelSerializer):
    measure_areas = serializers.SerializerMethodField(
        help_text=_("Numbers of the §30(2) BSIG measure areas this control is mapped to."))
    soa_entry = serializers.SerializerMethodField(help_text=_("Id of the control's SoA entry, if it has one."))

    class Meta:
        model = OwnControl
        fields = ["id", "ref", "title", "description", "theme", "measure_areas", "soa_entry", "created_at",
                  "updated_at"]
        read_only_fields = fields

    def get_measure_areas(self, control) -> list[int]:
        return sorted(link.area.number for link in control.area_links.all())

    def get_soa_entry(self, control) -> str | None:
        entry = getattr(control, "soa_entry", None)
        return str(entry.pk) if entry is not None else None
