"""Celery tasks of the channels plugin."""

from celery import shared_task
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_confirmation(email: str, link: str) -> None:
    """Mail the link that confirms a sign-up (``plugins.channels.subscribe``)."""
    context = {"link": link}
    EmailMessage(
        subject=render_to_string("channels/mail/confirm_subject.txt", context).strip(),
        body=render_to_string("channels/mail/confirm.txt", context),
        to=[email],
    ).send(fail_silently=False)
