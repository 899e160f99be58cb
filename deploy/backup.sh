#!/bin/sh
# Back up policy-cms: the database (pg_dump's custom format), the media folder and the
# private media folder, into DIR as policy-cms-STAMP.dump, media-STAMP.tar.gz and
# private-media-STAMP.tar.gz. Reads DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT from
# the environment, as the site does (. /etc/policy-cms/env first).
# The search index is not backed up: restore.sh rebuilds it from the database. With
# MEDIA_STORAGE=s3 both kinds of media are the object store's, backed up by its own means.
# The private archive holds applicants' personal files: keep DIR as private as the site.
#   deploy/backup.sh /var/backups/policy-cms
set -eu
umask 077
dest=${1:?usage: backup.sh DIR}
: "${DATABASE_URL:?DATABASE_URL is not set}"
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$dest"
pg_dump --format=custom --no-owner --file="$dest/policy-cms-$stamp.dump" "$DATABASE_URL"
archives=""
if [ "${MEDIA_STORAGE:-local}" = local ]; then
  for kind in media private-media; do
    if [ "$kind" = media ]; then root=${MEDIA_ROOT:-}; else root=${PRIVATE_MEDIA_ROOT:-}; fi
    if [ -n "$root" ] && [ -d "$root" ]; then
      tar -C "$(dirname "$root")" -czf "$dest/$kind-$stamp.tar.gz" "$(basename "$root")"
      archives="$archives, $kind-$stamp.tar.gz"
    fi
  done
fi
echo "backed up to $dest: policy-cms-$stamp.dump$archives"
