"""Settings: ``base`` for all, ``demo`` (SQLite, in-process tasks), ``test`` and
``production`` (everything from the environment, deploy/env.example)."""
