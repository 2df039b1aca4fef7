from datetime import timedelta

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from network_portal.clients import rate_limit_key
from network_portal.ratelimit import rate_limit_exceeded
from newsletter import services
from newsletter.forms import ChoiceForm, SubscribeForm
from newsletter.personal_data import subscriber_data, subscriber_delete
from newsletter.tokens import subscriber_by_token

RATE_LIMITS = {"ip": (10, timedelta(hours=1)), "email": (3, timedelta(hours=1))}


def _rate_limited(request, email: str) -> bool:
    limits = getattr(settings, "NEWSLETTER_RATE_LIMITS", RATE_LIMITS)
    limit, period = limits["ip"]
    by_ip = rate_limit_exceeded(
        scope="newsletter-ip", key=rate_limit_key(request), limit=limit, period=period
    )
    limit, period = limits["email"]
    by_email = rate_limit_exceeded(scope="newsletter-email", key=email, limit=limit, period=period)
    return by_ip or by_email


def subscribe(request):
    """The subscribe form; the answer is the same whether or not the address is known."""
    initial = {"language": get_language(), "sections": [name for name, _l in form_sections()]}
    form = SubscribeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form.is_spam:
            return redirect("newsletter:check-mail")
        email = services.normalise_email(data["email"])
        if _rate_limited(request, email):
            status = 429
            form.add_error(
                None, _("Too many requests were sent from here. Please try again in an hour.")
            )
        else:
            services.subscription_request(
                email=email,
                sections=data["sections"],
                regions=list(data["regions"]),
                topics=list(data["topics"]),
                language=data["language"],
                frequency=data["frequency"],
            )
            return redirect("newsletter:check-mail")
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


def form_sections():
    from newsletter.digest import section_choices

    return section_choices()


def check_mail(request):
    return render(request, "newsletter/check_mail.html")


def _subscriber(token, purpose):
    subscriber = subscriber_by_token(token, purpose)
    if subscriber is None:
        raise Http404
    return subscriber


@never_cache
def confirm(request, token):
    """The link in the first mail: a button confirms (a GET alone changes nothing, as mail
    scanners open links)."""
    subscriber = _subscriber(token, "confirm")
    if request.method == "POST":
        services.subscription_confirm(subscriber_id=subscriber.pk)
        return redirect("newsletter:manage", token=services.subscriber_token(subscriber, "manage"))
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@never_cache
def manage(request, token):
    """Change the choice, from the link in every mail (no login)."""
    subscriber = _subscriber(token, "manage")
    saved = False
    if request.method == "POST":
        form = ChoiceForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            subscriber = services.subscription_update(
                subscriber_id=subscriber.pk,
                sections=data["sections"],
                regions=list(data["regions"]),
                topics=list(data["topics"]),
                language=data["language"],
                frequency=data["frequency"],
            )
            saved = True
    else:
        form = ChoiceForm(
            initial={
                "sections": subscriber.sections,
                "regions": list(subscriber.regions.all()),
                "topics": list(subscriber.topics.all()),
                "language": subscriber.language,
                "frequency": subscriber.frequency,
            }
        )
    tokens = {
        "data_token": token,
        "unsubscribe_token": services.subscriber_token(subscriber, "unsubscribe"),
    }
    return render(
        request,
        "newsletter/manage.html",
        {"form": form, "subscriber": subscriber, "saved": saved, **tokens},
    )


@never_cache
@csrf_exempt  # RFC 8058: the mail client posts without a form of ours; the token is the key
def unsubscribe(request, token):
    """One-click unsubscribe (POST, e.g. from the List-Unsubscribe-Post header) or a button."""
    subscriber = subscriber_by_token(token, "unsubscribe")
    if request.method == "POST":
        if subscriber is not None:
            subscriber_delete(subscriber.email)
        return render(request, "newsletter/unsubscribed.html")
    if subscriber is None:
        raise Http404
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})


@never_cache
def data(request, token):
    """The subscriber's own data (and a JSON copy); a POST deletes it all."""
    subscriber = _subscriber(token, "manage")
    if request.method == "POST":
        subscriber_delete(subscriber.email)
        return render(request, "newsletter/unsubscribed.html")
    stored = subscriber_data(subscriber.email)
    if request.GET.get("format") == "json":
        response = JsonResponse(stored, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="newsletter.json"'
        return response
    return render(request, "newsletter/data.html", {"stored": stored, "token": token})
