#!/bin/sh
# Pins the base images of Dockerfile and compose.yaml to the digests their tags point at now:
# FROM debian:bookworm-slim  ->  FROM debian:bookworm-slim@sha256:...
# Run it where Docker with buildx runs and the registry is reachable; commit the result. Run it
# again to move to newer images (security updates), then rebuild and test.
set -eu
cd "$(dirname "$0")/.."

pin() { # file, image reference as written (a tag, possibly already pinned)
  ref=${2%@*}
  digest=$(docker buildx imagetools inspect "$ref" --format '{{json .Manifest}}' \
    | sed -n 's/.*"digest":"\(sha256:[0-9a-f]\{64\}\)".*/\1/p' | head -n 1)
  [ -n "$digest" ] || { echo "no digest for $ref" >&2; exit 1; }
  # Escape the dots and slashes of the reference for sed.
  pattern=$(printf '%s' "$2" | sed 's/[.[\*^$/]/\\&/g')
  sed -i "s/$pattern\([[:space:]]\|\$\)/$ref@$digest\1/" "$1"
  echo "$1: $ref@$digest"
}

for image in $(sed -n 's/^FROM[[:space:]]\{1,\}\([^[:space:]]\{1,\}\).*/\1/p' Dockerfile); do
  pin Dockerfile "$image"
done
for image in $(sed -n 's/^[[:space:]]*image:[[:space:]]*\([^[:space:]]*\/*postgres[^[:space:]]*\).*/\1/p' compose.yaml); do
  pin compose.yaml "$image"
done
