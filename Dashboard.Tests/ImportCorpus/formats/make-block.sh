#!/usr/bin/env bash
# make-block.sh — a second, quite different layout for eight documents, so that the PDF reader is not tuned to the
# 公文 layout of make.sh's files.
#
# What it makes, in this folder, for 000-luoxing-2024 (seed-data/reports/luoxing-2024.md) and the corpus documents
# 102-longxi, 106-huangshi, 111-wuchang, 126-tiancunlu, 128-dongminglu, 130-qixing, 134-zhongliangshan:
#   NNN-slug.block.libreoffice.pdf   LibreOffice, the same way as make.sh's .libreoffice.pdf: a Flat ODT written by
#                                    `render.py --style block` -> MS Word 2007 XML (.docx) -> PDF. The .docx is an
#                                    intermediate only (not kept).
# The block layout is a plain office memo: A4, margins 25 mm all round, body 12 pt (小四) 宋体 left-aligned (ragged
# right) with no first-line indent, line spacing 1.5 and 6 pt after every paragraph, headings bold 14 pt / 12 pt
# left-aligned with 12 pt before, title 18 pt bold centred; a running header (the title, 9 pt, right-aligned) and a
# footer "第 N 页 共 M 页" (page-number and page-count fields, 9 pt, centred) on every page. 宋体 falls back to
# Noto Serif CJK SC through the same fontconfig alias as make.sh's.
#
# Made with the same tools as make.sh's files (Debian 12, LibreOffice 7.4.7.2, fonts-noto-cjk 1:20220127+repack1-1,
# Python 3.11.7); re-make these files with make.sh's after a change to one of the eight documents or to render.py.
#
# Re-run from anywhere:  Dashboard.Tests/ImportCorpus/formats/make-block.sh      (about 5 s; no network)
# It replaces every *.block.libreoffice.pdf here and touches nothing else (make.sh, for its part, leaves the
# *.block.* files alone). Runs differ only in the PDFs' CreationDate, /ID and /DocChecksum.
set -euo pipefail
export LC_ALL=C.UTF-8 TZ=UTC

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
corpus="$repo/Dashboard.Tests/ImportCorpus/reports"

stems=(000-luoxing-2024 102-longxi 106-huangshi 111-wuchang 126-tiancunlu 128-dongminglu 130-qixing 134-zhongliangshan)
source_of() { [[ $1 == 000-luoxing-2024 ]] && echo "$repo/seed-data/reports/luoxing-2024.md" || echo "$corpus/$1.md"; }

for tool in soffice python3; do
  command -v "$tool" >/dev/null || { echo "make-block.sh: $tool not found" >&2; exit 1; }
done
echo "$(soffice --version 2>/dev/null | head -n 1)"

work=$(mktemp -d -t report-block.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fodt" "$work/docx" "$work/pdf"

# The same fallback as make.sh: 宋体 (and the other office fonts) -> Noto CJK, unless a real font of that name exists.
cat >"$work/fonts.conf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋</family><accept><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>宋体</family><accept><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>方正小标宋简体</family><accept><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>楷体</family><accept><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>黑体</family><accept><family>Noto Sans CJK SC</family></accept></alias>
</fontconfig>
EOF
export FONTCONFIG_FILE="$work/fonts.conf"

start=$SECONDS

# 1. Markdown -> Flat ODT in the block layout.
for stem in "${stems[@]}"; do
  python3 "$here/render.py" --style block "$(source_of "$stem")" "$work/fodt/$stem.fodt"
done
echo "rendered ${#stems[@]} documents"

# 2. LibreOffice, with a private profile: .fodt -> .docx, then .docx -> .pdf (as make.sh does).
lo=(soffice "-env:UserInstallation=file://$work/lo-profile" --headless --norestore)
timeout 600 "${lo[@]}" --convert-to "docx:MS Word 2007 XML" --outdir "$work/docx" "$work"/fodt/*.fodt >"$work/lo.log" 2>&1 \
  || { cat "$work/lo.log" >&2; exit 1; }
timeout 600 "${lo[@]}" --convert-to pdf --outdir "$work/pdf" "$work"/docx/*.docx >>"$work/lo.log" 2>&1 \
  || { cat "$work/lo.log" >&2; exit 1; }
echo "LibreOffice done ($((SECONDS - start)) s)"

# 3. Every output present and a PDF; then replace the committed block files.
for stem in "${stems[@]}"; do
  f="$work/pdf/$stem.pdf"
  [[ -s "$f" ]] || { echo "make-block.sh: missing $f" >&2; cat "$work/lo.log" >&2; exit 1; }
  [[ $(head -c 5 "$f") == "%PDF-" ]] || { echo "make-block.sh: $stem PDF is not a PDF" >&2; exit 1; }
done
rm -f "$here"/*.block.libreoffice.pdf
for stem in "${stems[@]}"; do
  cp "$work/pdf/$stem.pdf" "$here/$stem.block.libreoffice.pdf"
done
echo "wrote ${#stems[@]} files to $here in $((SECONDS - start)) s"
