#!/usr/bin/env bash
# Soak of the meeting-room deck ("no growth over days"; see docs/measuring.md#soak-decksh): the published app with
# the sample history, one Chromium page on /present advancing every 2 s (1 hour = 1,800 slide changes, what the
# default 20 s interval shows in 10 hours), a figure saved every 30 s so the slides also update live, and memory
# sampled every 5 minutes on both sides after a forced GC. Fails if anything grows more than the noise allows.
# Usage: soak-deck.sh [minutes] [interval-seconds]   (default: 60 2)
# Needs: .NET SDK, Node.js, Debian's chromium, dotnet-gcdump (installed here if missing).
. "$(dirname "$0")/common.sh"

minutes=${1:-60}
interval=${2:-2}
url="http://127.0.0.1:${PORT:-5189}"

export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-gcdump > /dev/null || dotnet tool install -g dotnet-gcdump > /dev/null

publish
start_app "$url" Security__MaxCircuitsPerClient=5000 -- --sample-data
npm_tool soak-deck.mjs

dotnet run Dashboard.Tests/Performance/soak-saves.cs "$work/data/dashboard.db" 30 "$minutes" 2>&1 | grep -v warning &
also_stop $!
echo "deck at $url/present?interval=$interval for $minutes min (server pid $app):"
node "$node_dir/soak-deck.mjs" "$url/present?interval=$interval" "$app" "$minutes" "${SAMPLE_MINUTES:-5}"
