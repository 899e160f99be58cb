import socket
import time

from django.core.management.base import BaseCommand, CommandError

from cms.delivery import outbox
from cms.models import Delivery


def answers(address: str) -> bool:
    host, _colon, port = address.rpartition(":")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=1):
            return True
    except OSError:
        return False


class Command(BaseCommand):
    help = (
        "Send every delivery not yet sent (held while the demo loaded, or waiting for a "
        "retry) now; with --when-up HOST:PORT, first wait until a server answers there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--when-up", metavar="HOST:PORT", help="wait for this server")
        parser.add_argument("--timeout", type=float, default=120, help="seconds to wait")

    def handle(self, *args, when_up=None, timeout=120, **options):
        if when_up:
            deadline = time.monotonic() + timeout
            while not answers(when_up):
                if time.monotonic() > deadline:
                    raise CommandError(f"{when_up} 在 {timeout:g} 秒内没有应答，投递未发送。")
                time.sleep(0.5)
        attempted = [d for d in outbox.send_pending() if d is not None]
        sent = sum(d.state == Delivery.State.DELIVERED for d in attempted)
        if attempted:
            self.stdout.write(
                f"待投递的 {len(attempted)} 条已发送，成功 {sent} 条（后台 报告 → 投递记录）。"
            )
