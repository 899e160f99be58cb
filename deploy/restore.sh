#!/bin/sh
# Restore policy-cms from DIR (made by backup.sh): the newest dump into DATABASE_URL,
# which must be an empty database (createdb it first), the media archives of the same
# stamp into MEDIA_ROOT's and PRIVATE_MEDIA_ROOT's parents, then the search index rebuilt
# from the database. Stop web, worker and beat first; start them after. STAMP picks an
# older backup than the newest.
#   deploy/restore.sh /var/backups/policy-cms [STAMP]
set -eu
src=${1:?usage: restore.sh DIR [STAMP]}
: "${DATABASE_URL:?DATABASE_URL is not set}"
if [ -n "${2:-}" ]; then
  dump="$src/policy-cms-$2.dump"
else
  dump=$(ls "$src"/policy-cms-*.dump | sort | tail -n 1)
fi
stamp=$(basename "$dump" .dump | sed 's/^policy-cms-//')
pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$dump"
if [ -f "$src/media-$stamp.tar.gz" ] && [ -n "${MEDIA_ROOT:-}" ]; then
  mkdir -p "$(dirname "$MEDIA_ROOT")"
  tar -C "$(dirname "$MEDIA_ROOT")" -xzf "$src/media-$stamp.tar.gz"
fi
if [ -f "$src/private-media-$stamp.tar.gz" ] && [ -n "${PRIVATE_MEDIA_ROOT:-}" ]; then
  mkdir -p "$(dirname "$PRIVATE_MEDIA_ROOT")"
  tar -C "$(dirname "$PRIVATE_MEDIA_ROOT")" -xzf "$src/private-media-$stamp.tar.gz"
fi
cd "$(dirname "$0")/.."
"${PYTHON:-python}" manage.py search_index rebuild --no-progress
echo "restored $dump"
