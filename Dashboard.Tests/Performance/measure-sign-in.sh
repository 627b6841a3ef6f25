#!/usr/bin/env bash
# Measures what a failed sign-in costs the server for a name that exists (wrong password) and for one that does not:
# they must cost the same, or the answer time tells an attacker which names exist (docs/measuring.md#measure-sign-insh).
# Publishes the app (Release), runs it on 127.0.0.1 over a fresh data folder with one user, and times N attempts of
# each kind from distinct client addresses (X-Forwarded-For, believed from loopback), so that no attempt waits.
. "$(dirname "$0")/common.sh"

attempts=${ATTEMPTS:-200}
url="http://127.0.0.1:${PORT:-5189}"
publish
(cd "$work/publish" && echo "a-long-enough-secret" | Dashboard__DataFolder="$work/data" ./Dashboard.Web user add wangwu --role editor > /dev/null)
start_app "$url"

dotnet run Dashboard.Tests/Performance/sign-in-timing.cs "$url" wangwu "$attempts"
