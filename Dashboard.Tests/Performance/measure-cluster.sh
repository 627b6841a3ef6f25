#!/usr/bin/env bash
# Two app servers on one PostgreSQL database behind the load balancer (proxy.cs), N headless screens through it (half
# on each server by round robin), saves through the data layer: every screen on both servers must get the new value
# (budget: 250 screens per server, p95 <= 250 ms, none missed; docs/measuring.md#budgets).
# Usage: bash Dashboard.Tests/Performance/measure-cluster.sh [screens in all] [saves]     (default: 500 100)
set -euo pipefail
cd "$(dirname "$0")/../.."
screens=${1:-500}
saves=${2:-100}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
work=$(mktemp -d /tmp/dashboard-cluster-XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$work"; as_owner=(runuser -u postgres --); fi
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg=$(free_port); one=$(free_port); two=$(free_port); lb=$(free_port)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  "${as_owner[@]}" "$bin/pg_ctl" -D "$work/pg" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"${as_owner[@]}" "$bin/initdb" -D "$work/pg" -A trust -U postgres -E UTF8 --locale=C.UTF-8 > /dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $pg -k $work -c listen_addresses=127.0.0.1 -c max_connections=300" start > /dev/null
"$bin/psql" -h 127.0.0.1 -p "$pg" -U postgres -qc "CREATE DATABASE dashboard"
database="Host=127.0.0.1;Port=$pg;Username=postgres;Database=dashboard"

echo "publishing (Release) ..."
dotnet publish Dashboard.Web -c Release -o "$work/publish" --nologo -v quiet > /dev/null
for port in $one $two; do
  mkdir -p "$work/data-$port"
  (cd "$work/publish" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" Dashboard__DataFolder="$work/data-$port" \
    ConnectionStrings__Dashboard="$database" Security__MaxCircuitsPerClient=5000 Backup__Enabled=false exec ./Dashboard.Web > "$work/app-$port.log" 2>&1) &
  pids+=($!)
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.2; done
done
dotnet run -c Release Dashboard.Tests/Performance/proxy.cs "$lb" "http://127.0.0.1:$one" "http://127.0.0.1:$two" > "$work/proxy.log" 2>&1 &
pids+=($!)
until curl -fs -o /dev/null "http://127.0.0.1:$lb/healthz"; do sleep 0.2; done

echo "two servers (127.0.0.1:$one, 127.0.0.1:$two) on PostgreSQL, $screens screens through the proxy (127.0.0.1:$lb), $saves saves"
dotnet run -c Release Dashboard.Tests/Performance/circuits.cs "http://127.0.0.1:$lb" "$database" "$screens" "$saves" 2>&1 | grep -v "warning"
echo "live connections per server: $(curl -fs "http://127.0.0.1:$lb/_proxy/circuits")"
