#!/usr/bin/env bash
# Measures live-update fan-out (see docs/measuring.md#measure-livesh-and-circuitscs): save → new value received by every
# open dashboard, budgets 50 screens p95 <= 100 ms and 500 screens p95 <= 250 ms, none missed over 100 saves. It
# publishes the app (Release), runs it on 127.0.0.1 over a fresh data folder for each size, and runs the headless
# circuit client (circuits.cs) against it. Usage: measure-live.sh [screens...]   (default: 50 500)
. "$(dirname "$0")/common.sh"

saves=${SAVES:-100}
sizes=("${@:-50 500}")
url="http://127.0.0.1:${PORT:-5188}"
publish
for screens in ${sizes[*]}; do
  rm -rf "$work/data"
  start_app "$url" Security__MaxCircuitsPerClient=5000
  dotnet run Dashboard.Tests/Performance/circuits.cs "$url" "$work/data/dashboard.db" "$screens" "$saves" 2>&1 | grep -v "warning"
  stop_app
done
