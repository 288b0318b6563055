"""Choices of workspace members for owner fields, built inside the request's workspace context."""

from django import forms

from civac.accounts.models import User
from civac.tenancy.models import Membership


def member_queryset():
    # Membership.objects is scoped to the active workspace when the query runs,
    # so the subquery limits the choices to this workspace's members.
    return User.objects.filter(memberships__in=Membership.objects.all()).distinct().order_by("last_name", "email")


def member_label(user) -> str:
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return member_label(obj)
