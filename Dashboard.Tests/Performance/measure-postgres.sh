#!/usr/bin/env bash
# PostgreSQL budgets (docs/measuring.md#budgets): save one figure + history p99 ≤ 10 ms; migrate --to of a 300,000-row
# history ≤ 60 s; no acknowledged save lost when the writer is SIGKILLed and the database server crashes, 20 rounds
# (crash-safety.cs). Starts its own throwaway cluster WITH fsync (unlike the test cluster: a save is timed as it would
# be in production), creates empty databases, runs save-figure.cs and migrate.cs against them, and deletes the cluster.
# Usage: bash Dashboard.Tests/Performance/measure-postgres.sh [saves] [history rows]
set -euo pipefail
cd "$(dirname "$0")/../.."
saves=${1:-2000}
rows=${2:-300000}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
dir=$(mktemp -d /tmp/dashboard-pg-measure-XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; as_owner=(runuser -u postgres --); fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
trap '"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop > /dev/null 2>&1 || true; rm -rf "$dir"' EXIT
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 > /dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start > /dev/null
server="Host=127.0.0.1;Port=$port;Username=postgres"
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE save_figure" -c "CREATE DATABASE migrate" -c "CREATE DATABASE crash"
echo "PostgreSQL $("$bin/postgres" --version | grep -o '[0-9][0-9.]*' | head -n 1), fsync on, 127.0.0.1:$port"
dotnet run -c Release Dashboard.Tests/Performance/save-figure.cs "$saves" "$server;Database=save_figure"
dotnet run -c Release Dashboard.Tests/Performance/migrate.cs "$server;Database=migrate" "$rows"
PG_RESTART="$(printf '%q ' "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m immediate -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1" restart) > /dev/null" \
  dotnet run -c Release Dashboard.Tests/Performance/crash-safety.cs "${ROUNDS:-20}" 1500 "$server;Database=crash"
