#!/usr/bin/env bash
# Measures what a failed sign-in costs the server for a name that exists (wrong password) and for one that does not:
# they must cost the same, or the answer time tells an attacker which names exist (docs/measuring.md#measure-sign-insh).
# Publishes the app (Release), runs it on 127.0.0.1 over a fresh data folder with one user, and times N attempts of
# each kind from distinct client addresses (X-Forwarded-For, believed from loopback), so that no attempt waits.
set -euo pipefail
cd "$(dirname "$0")/../.."

attempts=${ATTEMPTS:-200}
port=${PORT:-5189}
work=$(mktemp -d)
app=
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "publishing (Release) ..."
dotnet publish Dashboard.Web -c Release -o "$work/publish" --nologo -v quiet > /dev/null
url="http://127.0.0.1:$port"
(cd "$work/publish" && echo "a-long-enough-secret" | Dashboard__DataFolder="$work/data" ./Dashboard.Web user add wangwu --role editor > /dev/null)
(cd "$work/publish" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" Dashboard__DataFolder="$work/data" \
  exec ./Dashboard.Web > "$work/app.log" 2>&1) &
app=$!
until curl -fs -o /dev/null "$url/healthz"; do kill -0 "$app" 2>/dev/null || { cat "$work/app.log"; exit 1; }; sleep 0.1; done

dotnet run Dashboard.Tests/Performance/sign-in-timing.cs "$url" wangwu "$attempts"
