from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext

from workspace import dashboard as parts


@admin.site.admin_view
def dashboard(request):
    """Today's work of the network's staff, each part linked to the admin pages that do it.

    The admin's own entry rule applies (anonymous visitors and coordinators go to its login);
    each part shows only to those who may view its records."""
    user = request.user
    context = {
        **admin.site.each_context(request),
        "title": gettext("Today's work"),
        "approvals": parts.approvals(user),
        "week": parts.week_events(user),
        "reviews": parts.reviews(user),
        "applications": parts.applications(user),
        "scheduled": parts.scheduled_news(user),
        "english": parts.english_to_do(user),
        "coordinator_changes": parts.coordinator_changes(user),
    }
    return render(request, "workspace/dashboard.html", context)
