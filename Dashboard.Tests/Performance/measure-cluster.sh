#!/usr/bin/env bash
# Two app servers on one PostgreSQL database behind the load balancer (proxy.cs), N headless screens through it (half
# on each server by round robin), saves through the data layer: every screen on both servers must get the new value
# (budget: 250 screens per server, p95 <= 250 ms, none missed; docs/measuring.md#budgets).
# Usage: bash Dashboard.Tests/Performance/measure-cluster.sh [screens in all] [saves]     (default: 500 100)
. "$(dirname "$0")/common.sh"

screens=${1:-500}
saves=${2:-100}
PG_OPTIONS="-c max_connections=300" postgres_cluster
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE dashboard"
database="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=dashboard"
one=$(free_port); two=$(free_port); lb=$(free_port)

publish
for port in $one $two; do
  DATA="$work/data-$port" LOG="$work/app-$port.log" start_app "http://127.0.0.1:$port" \
    ConnectionStrings__Dashboard="$database" Security__MaxCircuitsPerClient=5000 Backup__Enabled=false
  also_stop "$app"
  app=
done
dotnet run -c Release Dashboard.Tests/Performance/proxy.cs "$lb" "http://127.0.0.1:$one" "http://127.0.0.1:$two" > "$work/proxy.log" 2>&1 &
also_stop $!
until curl -fs -o /dev/null "http://127.0.0.1:$lb/healthz"; do sleep 0.2; done

echo "two servers (127.0.0.1:$one, 127.0.0.1:$two) on PostgreSQL, $screens screens through the proxy (127.0.0.1:$lb), $saves saves"
dotnet run -c Release Dashboard.Tests/Performance/circuits.cs "http://127.0.0.1:$lb" "$database" "$screens" "$saves" 2>&1 | grep -v "warning"
echo "live connections per server: $(curl -fs "http://127.0.0.1:$lb/_proxy/circuits")"
