from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "language", "is_staff")
    list_filter = ("is_staff", "is_superuser", "is_active", "language", "groups")
    search_fields = (
        "username",
        "first_name__folded_contains",
        "last_name__folded_contains",
        "email",
        "phone",
    )
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("phone", "language", "organiser_digest")}),
    )
