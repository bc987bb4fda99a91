# Debian packages the tests need. Sourced by scripts/test.sh and .ci/run.
# As root, missing ones are installed with apt-get; otherwise one message lists them and the run stops.

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

missing_system_packages() {
  local need=()
  pg_bin_dir >/dev/null || need+=(postgresql-15)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
  command -v openssl >/dev/null || need+=(openssl)
  command -v pdfsig >/dev/null || need+=(poppler-utils)
  command -v certutil >/dev/null || need+=(libnss3-tools)
  command -v curl >/dev/null || need+=(curl)
  echo "${need[@]:-}"
}

ensure_system_packages() {
  local need
  need=$(missing_system_packages)
  [ -z "$need" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "[ebid] installing Debian packages: $need"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
    need=$(missing_system_packages)
    [ -z "$need" ] && return 0
    echo "[ebid] ERROR: still missing after apt-get: $need" >&2
    return 1
  fi
  echo "[ebid] ERROR: the tests need these Debian packages, which are missing:" >&2
  echo "         sudo apt-get install -y $need" >&2
  echo "       (run \`npm test\` as root to have them installed automatically)" >&2
  return 1
}
