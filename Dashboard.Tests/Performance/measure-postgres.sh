#!/usr/bin/env bash
# PostgreSQL budgets (docs/measuring.md#budgets): save one figure + history p99 ≤ 10 ms; migrate --to of a 300,000-row
# history ≤ 60 s; no acknowledged save lost when the writer is SIGKILLed and the database server crashes, 20 rounds
# (crash-safety.cs). Starts its own throwaway cluster WITH fsync (unlike the test cluster: a save is timed as it would
# be in production), creates empty databases, runs save-figure.cs and migrate.cs against them, and deletes the cluster.
# Usage: bash Dashboard.Tests/Performance/measure-postgres.sh [saves] [history rows]
. "$(dirname "$0")/common.sh"

saves=${1:-2000}
rows=${2:-300000}
postgres_cluster
server="Host=127.0.0.1;Port=$pg_port;Username=postgres"
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE save_figure" -c "CREATE DATABASE migrate" -c "CREATE DATABASE crash"
echo "PostgreSQL $("$pg_bin/postgres" --version | grep -o '[0-9][0-9.]*' | head -n 1), fsync on, 127.0.0.1:$pg_port"
dotnet run -c Release Dashboard.Tests/Performance/save-figure.cs "$saves" "$server;Database=save_figure"
dotnet run -c Release Dashboard.Tests/Performance/migrate.cs "$server;Database=migrate" "$rows"
PG_RESTART="$(printf '%q ' "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -m immediate -w -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" restart) > /dev/null" \
  dotnet run -c Release Dashboard.Tests/Performance/crash-safety.cs "${ROUNDS:-20}" 1500 "$server;Database=crash"
