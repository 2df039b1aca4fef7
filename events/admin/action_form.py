"""The intermediate page of an admin action that asks for a value (a capacity, a part)."""

from django.contrib import admin
from django.shortcuts import render


def action_form_page(model_admin, request, queryset, form, title):
    return render(
        request,
        "admin/events/action_form.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "form": form,
            "title": title,
            "queryset": queryset,
            "action": request.POST.get("action"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )
