#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring,
# a fresh HOME and a fresh XDG_RUNTIME_DIR, so keychain tests talk to a real
# Secret Service and never to the developer's own keyring. It exports
# SWITCHYARD_TEST_KEYRING=private, which is what lets *.keychain.test.ts run.
# Without dbus-run-session or gnome-keyring-daemon the command runs as is, and
# the keychain tests skip.
set -eu

if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo 'with-keyring: dbus-run-session or gnome-keyring-daemon is missing; keychain tests will skip' >&2
  exec "$@"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -m 700 "$scratch/home" "$scratch/run"

# npm and npx keep their cache under HOME; point them back at the real one.
npm_config_cache=${npm_config_cache:-$HOME/.npm} \
  HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" SWITCHYARD_TEST_KEYRING=private \
  dbus-run-session -- sh -c '
    # "Failed to set fd limit" from dbus-daemon is harmless.
    printf "switchyard-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"' sh "$@"
