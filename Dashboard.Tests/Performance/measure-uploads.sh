#!/usr/bin/env bash
# Every upload bomb of the penetration test at once against the published app (docs/measuring.md#measure-uploadssh):
# a 300 MB text and twenty million texts in a workbook, a sheet that inflates to 450 MB, a Word file that inflates to
# 49 MB, a PDF whose content inflates to a gigabyte, a PDF whose forms draw a billion characters, 200,000 pasted
# digits — each uploaded by its own editor in Chromium, plus one editor in three tabs. Prints how long each took to be
# refused and what the page said, the server's peak memory, and how slow /healthz got meanwhile.
# Needs: .NET SDK, Node.js, Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${PORT:-5191}
work=$(mktemp -d)
app=
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "publishing (Release) and building the tests ..."
dotnet publish Dashboard.Web -c Release -o "$work/publish" --nologo -v quiet > /dev/null
dotnet build Dashboard.Tests -c Release --nologo -v quiet > /dev/null

echo "making the bombs ..."
dotnet run Dashboard.Tests/Performance/file-bombs.cs -- Dashboard.Tests/bin/Release/net10.0/Dashboard.Tests.dll "$work/bombs"

password="a-long-enough-secret-7731"
for i in $(seq 0 6); do
  (cd "$work/publish" && printf '%s\n%s\n' "$password" "$password" | Dashboard__DataFolder="$work/data" ./Dashboard.Web user add "bomber$i" --role editor > /dev/null)
done

url="http://127.0.0.1:$port"
(cd "$work/publish" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" Dashboard__DataFolder="$work/data" \
  exec ./Dashboard.Web > "$work/app.log" 2>&1) &
app=$!
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "$url/healthz" && break
  kill -0 "$app" 2>/dev/null || { cat "$work/app.log"; exit 1; }
  sleep 0.1
done
echo "server memory before: $(awk '/^VmRSS/ { printf "%.0f MB", $2 / 1024 }' /proc/$app/status)"

node_dir=${PLAYWRIGHT_NODE_DIR:-/tmp/dashboard-measure-node}
if [ ! -d "$node_dir/node_modules/playwright-core" ]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && echo '{"name":"measure","private":true}' > package.json && npm install -s --no-audit --no-fund playwright-core@1.64.1 > /dev/null)
fi
cp Dashboard.Tests/Performance/uploads.mjs "$node_dir/"
echo "uploading every bomb at once:"
node "$node_dir/uploads.mjs" "$url" "$app" "$work/bombs" bomber "$password"
echo "server memory after: $(awk '/^VmRSS/ { printf "%.0f MB", $2 / 1024 }' /proc/$app/status)"
