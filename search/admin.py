"""The synonym table in the admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from .models import SynonymGroup
from .synonyms import SynonymTable, split_words


class SynonymGroupForm(forms.ModelForm):
    class Meta:
        model = SynonymGroup
        fields = ["words", "one_way", "note", "active"]
        widgets = {"words": forms.Textarea(attrs={"rows": 3})}

    def clean_words(self) -> str:
        words = split_words(self.cleaned_data["words"])
        errors = SynonymTable([]).validation_errors(words)
        if errors:
            raise forms.ValidationError(errors)
        return " ".join(words)


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    form = SynonymGroupForm
    list_display = ["__str__", "one_way", "active", "note"]
    list_filter = ["active", "one_way"]
    search_fields = ["words", "note"]
