#!/usr/bin/env bash
# Every upload bomb of the penetration test at once against the published app (docs/measuring.md#measure-uploadssh):
# a 300 MB text and twenty million texts in a workbook, a sheet that inflates to 450 MB, a Word file that inflates to
# 49 MB, a PDF whose content inflates to a gigabyte, a PDF whose forms draw a billion characters, 200,000 pasted
# digits — each uploaded by its own editor in Chromium, plus one editor in three tabs. Prints how long each took to be
# refused and what the page said, the server's peak memory, and how slow /healthz got meanwhile.
# Needs: .NET SDK, Node.js, Debian's chromium.
. "$(dirname "$0")/common.sh"

url="http://127.0.0.1:${PORT:-5191}"
publish
echo "building the tests ..."
dotnet build Dashboard.Tests -c Release --nologo -v quiet > /dev/null

echo "making the bombs ..."
dotnet run Dashboard.Tests/Performance/file-bombs.cs -- Dashboard.Tests/bin/Release/net10.0/Dashboard.Tests.dll "$work/bombs"

password="a-long-enough-secret-7731"
for i in $(seq 0 6); do
  (cd "$work/publish" && printf '%s\n%s\n' "$password" "$password" | Dashboard__DataFolder="$work/data" ./Dashboard.Web user add "bomber$i" --role editor > /dev/null)
done

start_app "$url"
echo "server memory before: $(awk '/^VmRSS/ { printf "%.0f MB", $2 / 1024 }' /proc/$app/status)"

npm_tool uploads.mjs
echo "uploading every bomb at once:"
node "$node_dir/uploads.mjs" "$url" "$app" "$work/bombs" bomber "$password"
echo "server memory after: $(awk '/^VmRSS/ { printf "%.0f MB", $2 / 1024 }' /proc/$app/status)"
