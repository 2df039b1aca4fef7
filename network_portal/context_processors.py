from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def site(request):
    """The other-language versions of the current page, for the switcher and hreflang links.

    Kept free of database queries: error pages use it too.
    """
    current = get_language()
    path = request.get_full_path()
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if code != current and url == path:
            url = f"/{code}/"  # the page has no equivalent (e.g. a 404): offer the home page
        info = get_language_info(code)
        alternates.append(
            {
                "code": code,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "name": info["name_local"],
                "current": code == current,
            }
        )
    return {"language_alternates": alternates}
