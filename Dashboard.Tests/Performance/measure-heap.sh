#!/usr/bin/env bash
# Measures the server's managed heap per open dashboard (budget 250 KB; see docs/measuring.md#measure-heapsh).
# It publishes the app (Release), runs it on 127.0.0.1 over a fresh data folder with the sample history, opens
# SCREENS headless circuits (circuits.cs, fanout mode) and measures the heap after a full GC: once all are open, and
# again after SAVES saves have made every screen render again. Needs dotnet-gcdump and dotnet-counters on PATH.
# Usage: measure-heap.sh [screens] [saves]   (default: 1000 3); KEEP_GCDUMP=DIR keeps the dumps.
# MODE=roundtrip: instead of saves, that many year changes on random screens at 20/s, timed (the 5,000-screen run).
. "$(dirname "$0")/common.sh"
export PATH="$PATH:$HOME/.dotnet/tools"

screens=${1:-1000}
saves=${2:-3}
url="http://127.0.0.1:${PORT:-5190}"
publish
start_app "$url" Security__MaxCircuitsPerClient=10000 Backup__Enabled=false -- --sample-data
SERVER_PID=$app dotnet run -c Release Dashboard.Tests/Performance/circuits.cs "$url" "$work/data/dashboard.db" "$screens" "$saves" "${MODE:-fanout}" 20 2>&1 | grep -v "warning"
