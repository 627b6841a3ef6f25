#!/usr/bin/env bash
# make.sh — the import corpus as real producers write it: Word files and two kinds of PDF.
#
# What it makes, in this folder, for every corpus document (Dashboard.Tests/ImportCorpus/reports/NNN-slug.md)
# and for the seed report (seed-data/reports/luoxing-2024.md, written as 000-luoxing-2024):
#   NNN-slug.docx              LibreOffice: Flat ODT -> MS Word 2007 XML (soffice --convert-to docx)
#   NNN-slug.libreoffice.pdf   LibreOffice: that .docx -> PDF (soffice --convert-to pdf), as an office saves a Word
#                              file as PDF; page number "— N —" in the footer
#   NNN-slug.chromium.pdf      Chromium: an HTML rendering printed with --print-to-pdf, keeping Chromium's own
#                              header (date, title) and footer (file URL, page N/M)
# The text is the Markdown documents' own text (written by this project), laid out like a 公文 (GB/T 9704: A4,
# margins 37/35/28/26 mm, title 22 pt centred, body 16 pt 仿宋 with a two-character first-line indent, 一、 headings
# 黑体, （一） headings 楷体). render.py (python3, standard library only) writes the .fodt and the .html; the fonts
# the documents name (仿宋, 黑体, 楷体, 方正小标宋简体, 宋体) fall back to Noto Serif/Sans CJK SC through a
# fontconfig file this script writes into its temp folder (FONTCONFIG_FILE), the HTML through its CSS font stacks.
#
# Made with (Debian 12): LibreOffice 7.4.7.2 (libreoffice-writer-nogui 4:7.4.7-1+deb12u14),
# Chromium 156.0.8078.129 (chromium 156.0.8078.129-1~deb12u1), fonts-noto-cjk 1:20220127+repack1-1, Python 3.11.7.
# Other versions work but lay the text out differently (line breaks, page breaks): re-make all files together.
#
# And, for eight documents (block_stems below), a second, quite different layout, so that the PDF reader is not tuned
# to the 公文 one:
#   NNN-slug.block.libreoffice.pdf   LibreOffice, the same way: a Flat ODT written by `render.py --style block` ->
#                                    .docx -> PDF (that .docx is not kept). A plain office memo: A4, margins 25 mm,
#                                    body 12 pt 宋体 left-aligned (ragged right) without indent, line spacing 1.5 and
#                                    6 pt after every paragraph, a running header (the title) and a footer
#                                    "第 N 页 共 M 页".
#
# Re-run from anywhere:  Dashboard.Tests/ImportCorpus/formats/make.sh      (30-45 s on 2 cores; no network)
# A new corpus document only:  make.sh NNN-slug [NNN-slug ...]   (makes and replaces just those documents' files)
# It replaces every *.docx / *.pdf here (given names, only those documents' files), and leaves nothing else behind (intermediate files live in a temp folder; the HTML is printed from the fixed path
# /tmp/report-print/NNN-slug.html so the URL in Chromium's footer does not depend on the checkout). The inputs are
# fixed; the outputs still differ from run to run, but only in dates and what is computed from them: the .docx zip
# entries' dates; the LibreOffice PDFs' CreationDate, /ID and /DocChecksum; the Chromium PDFs' dates and the date
# and time Chromium prints in its page header.
set -euo pipefail
export LC_ALL=C.UTF-8 TZ=UTC

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
corpus="$repo/Dashboard.Tests/ImportCorpus/reports"
seed="$repo/seed-data/reports/luoxing-2024.md"
print_dir=/tmp/report-print

for tool in soffice chromium python3; do
  command -v "$tool" >/dev/null || { echo "make.sh: $tool not found" >&2; exit 1; }
done
echo "$(soffice --version 2>/dev/null | head -n 1)"
echo "$(chromium --version 2>/dev/null | tail -n 1)"

# Documents: sources and output stems, the seed report first — or only those named on the command line
# (make.sh 137-longcheng 138-dongtouxiang: a new document's files, the others' left as they are).
srcs=("$seed") stems=(000-luoxing-2024)
for md in "$corpus"/*.md; do
  srcs+=("$md") stems+=("$(basename "$md" .md)")
done
if (($# > 0)); then
  chosen_srcs=() chosen_stems=()
  for name in "$@"; do
    found=
    for i in "${!stems[@]}"; do
      [[ ${stems[i]} == "$name" ]] && { chosen_srcs+=("${srcs[i]}"); chosen_stems+=("$name"); found=1; }
    done
    [[ -n $found ]] || { echo "make.sh: no document $name (give NNN-slug, as in $corpus)" >&2; exit 1; }
  done
  srcs=("${chosen_srcs[@]}") stems=("${chosen_stems[@]}")
fi
# The documents also made in the block layout (those of them being made).
block_stems=()
for stem in 000-luoxing-2024 102-longxi 106-huangshi 111-wuchang 126-tiancunlu 128-dongminglu 130-qixing 134-zhongliangshan; do
  for i in "${!stems[@]}"; do [[ ${stems[i]} == "$stem" ]] && block_stems+=("$stem"); done
done
source_of() { for i in "${!stems[@]}"; do [[ ${stems[i]} == "$1" ]] && echo "${srcs[i]}"; done; }

work=$(mktemp -d -t report-formats.XXXXXX)
printed=()
cleanup() {
  for f in "${printed[@]}"; do rm -f "$f"; done
  rmdir "$print_dir" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/fodt" "$work/html" "$work/docx" "$work/pdf" "$work/chromium" "$work/block/fodt" "$work/block/docx" "$work/block/pdf" "$print_dir"

# Missing office fonts fall back to the CJK fonts installed (a real font of that name, if present, still wins).
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

# 1. Markdown -> Flat ODT and HTML.
for i in "${!stems[@]}"; do
  stem=${stems[i]}
  python3 "$here/render.py" "${srcs[i]}" "$work/fodt/$stem.fodt" "$work/html/$stem.html"
done
for stem in "${block_stems[@]}"; do
  python3 "$here/render.py" --style block "$(source_of "$stem")" "$work/block/fodt/$stem.fodt"
done
echo "rendered ${#stems[@]} documents (${#block_stems[@]} also in the block layout)"

# 2. LibreOffice, with a private profile (so a running soffice is not used): .fodt -> .docx, then .docx -> .pdf.
lo=(soffice "-env:UserInstallation=file://$work/lo-profile" --headless --norestore)
office() {  # office FOLDER: FOLDER/fodt/*.fodt -> FOLDER/docx/*.docx -> FOLDER/pdf/*.pdf
  timeout 600 "${lo[@]}" --convert-to "docx:MS Word 2007 XML" --outdir "$1/docx" "$1"/fodt/*.fodt >>"$work/lo.log" 2>&1 \
    || { cat "$work/lo.log" >&2; exit 1; }
  timeout 600 "${lo[@]}" --convert-to pdf --outdir "$1/pdf" "$1"/docx/*.docx >>"$work/lo.log" 2>&1 \
    || { cat "$work/lo.log" >&2; exit 1; }
}
office "$work"
((${#block_stems[@]} == 0)) || office "$work/block"
echo "LibreOffice done ($((SECONDS - start)) s)"

# 3. Chromium prints each HTML page from a fixed URL, with its default header and footer.
for stem in "${stems[@]}"; do
  page="$print_dir/$stem.html"
  cp "$work/html/$stem.html" "$page"
  printed+=("$page")
  profile=$(mktemp -d -p "$work" chromium-profile.XXXXXX)
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --print-to-pdf="$work/chromium/$stem.pdf" "file://$page" >>"$work/chromium.log" 2>&1 \
    || { cat "$work/chromium.log" >&2; exit 1; }
  rm -rf "$profile"
done
echo "Chromium done ($((SECONDS - start)) s)"

# 4. Every output present and looking like what it should be; then replace the committed files.
for stem in "${stems[@]}"; do
  for f in "$work/docx/$stem.docx" "$work/pdf/$stem.pdf" "$work/chromium/$stem.pdf"; do
    [[ -s "$f" ]] || { echo "make.sh: missing $f" >&2; cat "$work/lo.log" >&2; exit 1; }
  done
  [[ $(head -c 2 "$work/docx/$stem.docx") == "PK" ]] || { echo "make.sh: $stem.docx is not a zip" >&2; exit 1; }
  [[ $(head -c 5 "$work/pdf/$stem.pdf") == "%PDF-" ]] || { echo "make.sh: $stem LibreOffice PDF is not a PDF" >&2; exit 1; }
  [[ $(head -c 5 "$work/chromium/$stem.pdf") == "%PDF-" ]] || { echo "make.sh: $stem Chromium PDF is not a PDF" >&2; exit 1; }
done
for stem in "${block_stems[@]}"; do
  [[ $(head -c 5 "$work/block/pdf/$stem.pdf" 2>/dev/null) == "%PDF-" ]] || { echo "make.sh: $stem block PDF missing or not a PDF" >&2; cat "$work/lo.log" >&2; exit 1; }
done
# (only the named documents' files when some are named)
if (($# > 0)); then
  for stem in "${stems[@]}"; do rm -f "$here/$stem".*.pdf "$here/$stem.docx"; done
else
  find "$here" -maxdepth 1 -type f \( -name '*.docx' -o -name '*.pdf' \) -delete
fi
for stem in "${stems[@]}"; do
  cp "$work/docx/$stem.docx" "$here/$stem.docx"
  cp "$work/pdf/$stem.pdf" "$here/$stem.libreoffice.pdf"
  cp "$work/chromium/$stem.pdf" "$here/$stem.chromium.pdf"
done
for stem in "${block_stems[@]}"; do
  cp "$work/block/pdf/$stem.pdf" "$here/$stem.block.libreoffice.pdf"
done
echo "wrote $((3 * ${#stems[@]} + ${#block_stems[@]})) files to $here in $((SECONDS - start)) s ($(du -sh "$here" | cut -f1) in the folder)"
