# What the measuring scripts share — sourced by each (". common.sh"), never run alone. It moves to the repository's
# root, makes a work folder removed on exit (with the app and anything else started in it stopped), and gives:
#   publish                    the app, Release, into $work/publish
#   start_app URL [NAME=VALUE …] [-- ARGS …]
#                              the published app (Production) on URL over $work/data (DATA=… for another folder, LOG=… for
#                              another log than $work/app.log), with
#                              that configuration and those arguments; waits until /healthz answers; $app is its pid
#   stop_app                   stops it
#   also_stop PID              stops PID too on exit (a second server, a writer)
#   npm_tool FILE.mjs          a folder with playwright-core (pinned) and the script copied in: $node_dir/FILE.mjs
#   percentile P FILE          the P-th percentile of the numbers in FILE (sorted, one a line)
#   free_port                  a TCP port nobody listens on
#   postgres_cluster           a throwaway PostgreSQL cluster on a free port ($pg_port, $pg_bin, $pg_dir; as_owner runs
#                              a command as its owner)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

work=$(mktemp -d /tmp/dashboard-measure-XXXXXX)
app=
stop_also=()
pg_dir=

cleanup() {
  for pid in ${app:+"$app"} "${stop_also[@]}"; do kill "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
  if [ -n "$pg_dir" ]; then "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop > /dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

publish() {
  echo "publishing (Release) ..."
  dotnet publish Dashboard.Web -c Release -o "$work/publish" --nologo -v quiet > /dev/null
}

start_app() {
  local url=$1
  shift
  local settings=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do settings+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  (cd "$work/publish" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" Dashboard__DataFolder="${DATA:-$work/data}" \
    "${settings[@]}" ./Dashboard.Web "$@" > "${LOG:-$work/app.log}" 2>&1) &
  app=$!
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "$url/healthz" && return
    kill -0 "$app" 2> /dev/null || { cat "${LOG:-$work/app.log}"; exit 1; }
    sleep 0.1
  done
  echo "the app did not answer on $url within a minute"; cat "${LOG:-$work/app.log}"; exit 1
}

stop_app() {
  [ -n "$app" ] || return 0
  kill "$app" 2> /dev/null || true
  wait "$app" 2> /dev/null || true
  app=
}

also_stop() { stop_also+=("$1"); }

npm_tool() {
  node_dir=${PLAYWRIGHT_NODE_DIR:-/tmp/dashboard-measure-node}
  if [ ! -d "$node_dir/node_modules/playwright-core" ]; then
    mkdir -p "$node_dir"
    (cd "$node_dir" && echo '{"name":"measure","private":true}' > package.json && npm install -s --no-audit --no-fund playwright-core@1.64.1 > /dev/null)
  fi
  cp "Dashboard.Tests/Performance/$1" "$node_dir/"
}

percentile() { awk -v p="$1" '{ a[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print a[i] }' "$2"; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

postgres_cluster() {
  pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
  pg_dir="$work/pg"
  mkdir -p "$pg_dir"
  as_owner=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$work" "$pg_dir"; as_owner=(runuser -u postgres --); fi
  pg_port=$(free_port)
  "${as_owner[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 > /dev/null
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 ${PG_OPTIONS:-}" start > /dev/null
}
