#!/bin/bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (real Secret Service, no
# prompt), so keytar can be exercised for real in tests and CI.
#   scripts/with-keyring.sh node_modules/.bin/tsx some-script.ts
# HOME is switched (the keyring lands in $HOME/.local/share/keyrings): KEYRING_HOME if set (e.g.
# .sandbox/keyring to keep it between runs), else a fresh temp dir removed on exit.
# Exit code: the command's, or 97 when the Secret Service did not come up.
# Needs: dbus (dbus-run-session, dbus-send), gnome-keyring.
set -euo pipefail
for bin in dbus-run-session dbus-send gnome-keyring-daemon; do
  command -v "$bin" >/dev/null || { echo "with-keyring: $bin not found (apt-get install dbus gnome-keyring)" >&2; exit 97; }
done
[ $# -gt 0 ] || { echo "usage: $0 command [args...]" >&2; exit 2; }

if [ -n "${KEYRING_HOME:-}" ]; then
  mkdir -p "$KEYRING_HOME"
  KH=$(cd "$KEYRING_HOME" && pwd)
else
  KH=$(mktemp -d "${TMPDIR:-/tmp}/with-keyring.XXXXXX")
  trap 'rm -rf "$KH"' EXIT
fi
mkdir -p "$KH/.cache"
export WITH_KEYRING_PW=${KEYRING_PW:-test-keyring-pw}
# The caller's npm cache/config stay where they were (HOME changes below).
export npm_config_cache=${npm_config_cache:-${HOME:-/tmp}/.npm}

# Not exec: the EXIT trap must run to remove the temp HOME. dbus-daemon's fd-limit warning is dropped.
set +e
HOME="$KH" dbus-run-session -- bash -c '
  unset DISPLAY WAYLAND_DISPLAY
  # --unlock reads the password on stdin and creates/unlocks the "login" keyring;
  # --foreground keeps it our child so we can stop it by PID.
  printf %s "$WITH_KEYRING_PW" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  GKD=$!
  up=0
  for i in $(seq 100); do   # wait until the Secret Service name is on the bus (max ~10 s)
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      up=1; break
    fi
    sleep 0.1
  done
  if [ "$up" != 1 ]; then echo "with-keyring: Secret Service did not start" >&2; kill $GKD 2>/dev/null; exit 97; fi
  unset WITH_KEYRING_PW
  export WITH_KEYRING_DAEMON_PID=$GKD   # lets a test freeze the daemon (SIGSTOP) to check hang handling
  "$@"; rc=$?
  kill -CONT $GKD 2>/dev/null
  kill $GKD 2>/dev/null; wait $GKD 2>/dev/null
  exit $rc
' with-keyring "$@" 2> >(grep -v --line-buffered "Failed to set fd limit" >&2)
rc=$?
exit $rc
