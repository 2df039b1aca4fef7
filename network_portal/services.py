from django.conf import settings
from django.utils.translation import gettext

from network_portal.mail import mail_queue


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
    mail_queue(
        to=settings.ACCESSIBILITY_CONTACT_EMAIL,
        subject=gettext("Accessibility problem reported on the portal"),
        body=body,
        reply_to=email or None,
    )
