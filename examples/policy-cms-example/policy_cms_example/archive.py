"""The archive channel: one JSON file per event and recipient, named by the idempotency
key, so a repeated delivery overwrites its own file instead of adding a second one."""

import json
import os
from pathlib import Path

from django.conf import settings

from cms.plugin_api import Channel, PluginSettings

# The plugin's settings, read as every plugin reads its own: the Django setting, else the
# environment variable, else the default ("": under MEDIA_ROOT).
conf = PluginSettings({"EXAMPLE_ARCHIVE_DIR": ""}, from_environment=["EXAMPLE_ARCHIVE_DIR"])


def archive_dir() -> Path:
    return Path(conf.get("EXAMPLE_ARCHIVE_DIR") or Path(settings.MEDIA_ROOT) / "archive")


def failing() -> bool:
    return os.environ.get("EXAMPLE_PLUGIN_FAIL") == "1"


class ArchiveChannel(Channel):
    name = "example-archive"
    label = "档案归档"

    def recipients(self, event):
        return [("archive", str(archive_dir()))]

    def send(self, event, recipient, idempotency_key):
        if failing():
            raise OSError("archive volume is read-only")
        folder = archive_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{idempotency_key}.json"
        path.write_text(json.dumps(event.payload, ensure_ascii=False, indent=2))
        return f"archived as {path.name}"
