#!/bin/sh
# Back up policy-cms: the database (pg_dump's custom format) and the media folder, into
# DIR as policy-cms-STAMP.dump and media-STAMP.tar.gz. Reads DATABASE_URL and MEDIA_ROOT
# from the environment, as the site does (. /etc/policy-cms/env first).
# The search index is not backed up: restore.sh rebuilds it from the database. With
# MEDIA_STORAGE=s3 the media are the object store's, backed up by its own means.
#   deploy/backup.sh /var/backups/policy-cms
set -eu
dest=${1:?usage: backup.sh DIR}
: "${DATABASE_URL:?DATABASE_URL is not set}"
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$dest"
pg_dump --format=custom --no-owner --file="$dest/policy-cms-$stamp.dump" "$DATABASE_URL"
if [ "${MEDIA_STORAGE:-local}" = local ] && [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -C "$(dirname "$MEDIA_ROOT")" -czf "$dest/media-$stamp.tar.gz" "$(basename "$MEDIA_ROOT")"
fi
echo "backed up to $dest: policy-cms-$stamp.dump${MEDIA_ROOT:+, media-$stamp.tar.gz}"
