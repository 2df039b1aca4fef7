from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext


def accessibility_report_send(
    *, description: str, page_url: str = "", name: str = "", email: str = ""
) -> None:
    """Send a visitor's accessibility report to the network's contact address."""
    body = "\n\n".join(
        [
            f"{gettext('Page with the problem')}: {page_url or '-'}",
            description,
            f"{gettext('Your name')}: {name or '-'}",
            f"{gettext('Your e-mail')}: {email or '-'}",
        ]
    )
    transaction.on_commit(
        lambda: send_mail(
            subject=gettext("Accessibility problem reported on the portal"),
            message=body,
            from_email=None,
            recipient_list=[settings.ACCESSIBILITY_CONTACT_EMAIL],
            fail_silently=False,
        )
    )
