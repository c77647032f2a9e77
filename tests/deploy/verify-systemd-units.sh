#!/usr/bin/env bash
# Checks deploy/systemd/*.service with systemd-analyze verify, pointed at this
# build's binaries: any line it prints (an unknown key, a bad value, a missing
# executable) fails the test; rc 77 (skipped) where systemd-analyze is absent.
#   verify-systemd-units.sh SOURCE_DIR BINARY_DIR
set -euo pipefail
source_dir=$1
binary_dir=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not installed: skipped"; exit 77; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/bin"
ln -s "$binary_dir/api-service/tagwire-api" "$binary_dir/compute-service/worker/tagwire-compute" "$scratch/bin/"
for unit in "$source_dir"/deploy/systemd/*.service; do
  sed "s|/opt/tagwire/bin|$scratch/bin|g" "$unit" > "$scratch/$(basename "$unit")"
done
# A template is verified through one of its instances.
cp "$scratch/tagwire-compute@.service" "$scratch/tagwire-compute@1.service"
status=0
for unit in tagwire-api.service tagwire-compute@1.service; do
  output=$(cd "$scratch" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify "./$unit" 2>&1) || status=1
  if [[ -n $output ]]; then
    echo "$unit:"
    echo "$output"
    status=1
  fi
done
[[ $status == 0 ]] && echo "systemd units verified"
exit $status
