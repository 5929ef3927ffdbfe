#!/bin/bash
# Installs (idempotently, non-interactively, as root) every Debian 12 package the sandbox operator,
# the tests and the e2e runs need, and the `vmail` user owning the sandbox mail store.
# The Debian dovecot/postfix services are kept from starting: the sandbox runs its own instances.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then echo "run as root" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive

# Keep package postinst scripts from starting system-wide daemons (Docker-like images often have it already).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
fi
# Postfix: no debconf dialog, no /etc/postfix/main.cf
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
echo "postfix postfix/mailname string localhost" | debconf-set-selections

PACKAGES=(
  ca-certificates openssl curl procps util-linux mawk
  dovecot-core dovecot-imapd dovecot-lmtpd
  postfix libsasl2-modules
  softhsm2 opensc libengine-pkcs11-openssl gnutls-bin gcc libc6-dev libnss3-tools
  dbus gnome-keyring libsecret-1-0 libsecret-1-dev libsecret-tools pkg-config
  chromium xvfb xauth xdotool fonts-dejavu-core fonts-liberation
  isync notmuch python3-notmuch2
  dnsutils
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi

# Mail store owner for Dovecot (mail_uid/mail_gid = vmail)
getent passwd vmail >/dev/null || useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin vmail

# The Debian services must not run: they would hold the default ports and /etc configs.
for s in dovecot postfix; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled "$s" >/dev/null 2>&1; then
    systemctl disable --now "$s" >/dev/null 2>&1 || true
  fi
done
echo "system dependencies ready"
