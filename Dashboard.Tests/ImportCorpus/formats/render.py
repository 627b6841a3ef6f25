#!/usr/bin/env python3
"""Render one import-corpus report (simple Markdown) as a 公文-style document, twice:

  * a Flat ODT (.fodt) that LibreOffice opens directly (make.sh turns it into .docx, then the .docx into PDF);
  * an HTML page with equivalent CSS that Chromium prints to PDF.

Usage:  render.py REPORT.md OUT.fodt OUT.html                 公文 layout (the default; make.sh)
        render.py --style block REPORT.md OUT.fodt           a plain office memo, Flat ODT only (make.sh, eight documents)

Layout after GB/T 9704-2012 (党政机关公文格式), approximated with the fonts a machine has: A4; margins 37 mm top,
35 mm bottom, 28 mm left, 26 mm right; title 22 pt (二号) 小标宋 centred; body 16 pt (三号) 仿宋, fixed line pitch
28.95 pt (22 lines a page), justified, first line indented by two characters; "一、" headings (##) 黑体,
"（一）" headings (###) 楷体; page number "— 1 —" centred in the footer (ODT only: Chromium prints its own
header and footer, which a page margin box would switch off). Fonts are named as a Chinese office names them;
where they are missing LibreOffice falls back through the fontconfig aliases make.sh sets, Chromium through the
CSS font stacks below (Noto Serif/Sans CJK SC on the machine that made the committed files).

The Markdown the corpus uses, and nothing more: "# " title, "## " and "### " headings, paragraphs separated by
blank lines, **bold** runs inside a paragraph. Short lines between the title and the first heading that are not
sentences (an issuing office, a date in brackets) are centred like a 公文's signature lines. Anything else that
Markdown would read as structure (lists, tables, quotes, code, other emphasis) stops the script with an error, so
that a new corpus document cannot be rendered wrongly without notice. Text is written exactly as it stands
(spaces included), escaped for XML/HTML; no third-party modules.

--style block: the same text laid out quite differently, so that a PDF reader is not tuned to one layout — a plain
office memo: A4, margins 25 mm all round, header and footer 12.5 mm from the page edge (LibreOffice's Word export
puts the body at 12.5 mm + the header's actual height, one 9 pt line of the fallback font = 4.6 mm, + its spacing,
7.9 mm = 25.0 mm; it ignores a minimum height); body 12 pt (小四) 宋体, left-aligned (ragged right), no first-line
indent, line spacing 1.5 (proportional), 6 pt after every paragraph; "##" / "###" headings 宋体 bold 14 pt / 12 pt,
left-aligned, 12 pt before; title 18 pt bold centred, 12 pt after (no blank line); the short lines below the title
centred, 12 pt; running header: the title, 9 pt, right-aligned; footer "第 N 页 共 M 页" (page-number and
page-count fields), 9 pt, centred. No HTML.
"""

import re
import sys
from html import escape as html_escape
from xml.sax.saxutils import escape as xml_escape

# ---------------------------------------------------------------- parsing

UNSUPPORTED = [
    (re.compile(r"^\s*[-*+]\s"), "bullet list"),
    (re.compile(r"^\s*\d+[.)]\s"), "numbered list"),
    (re.compile(r"^\s*\|"), "table"),
    (re.compile(r"^\s*>"), "block quote"),
    (re.compile(r"^\s*(```|~~~)"), "code fence"),
    (re.compile(r"^ {4,}|^\t"), "indented code"),
    (re.compile(r"^#{4,}\s"), "heading deeper than ###"),
    (re.compile(r"^\s*([-*_]\s*){3,}$"), "thematic break"),
]


def parse(md, name):
    """Return a list of blocks: (kind, runs), kind in title/subtitle/h2/h3/p; runs = [(text, bold)]."""
    md = md.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for raw in re.split(r"\n[ \t]*\n", md.strip("\n")):
        lines = [line for line in raw.split("\n")]
        if not any(line.strip() for line in lines):
            continue
        for line in lines:
            for pattern, what in UNSUPPORTED:
                if pattern.search(line):
                    sys.exit(f"{name}: unsupported Markdown ({what}): {line[:60]!r}")
        first = lines[0]
        m = re.match(r"^(#{1,3})\s+(.*?)\s*#*\s*$", first)
        if m:
            if len(lines) > 1:
                sys.exit(f"{name}: heading followed by text without a blank line: {first[:60]!r}")
            kind = {1: "title", 2: "h2", 3: "h3"}[len(m.group(1))]
            blocks.append((kind, inline(m.group(2), name)))
            continue
        # A paragraph: Markdown joins its lines; Chinese joins without a space.
        text = lines[0].strip()
        for line in lines[1:]:
            line = line.strip()
            cjk_join = text and line and ord(text[-1]) > 0x2E7F and ord(line[0]) > 0x2E7F
            text += ("" if cjk_join else " ") + line
        blocks.append(("p", inline(text, name)))
    if not blocks or blocks[0][0] != "title":
        sys.exit(f"{name}: the document must start with a '# ' title")
    if sum(1 for kind, _ in blocks if kind == "title") != 1:
        sys.exit(f"{name}: more than one '# ' title")
    # Signature-like lines between the title and the first heading: centred.
    for i in range(1, len(blocks)):
        kind, runs = blocks[i]
        if kind != "p":
            break
        text = "".join(t for t, _ in runs)
        if len(text) <= 20 and not re.search(r"[。；：，！？]$", text):
            blocks[i] = ("subtitle", runs)
    return blocks


def inline(text, name):
    """Split a paragraph into runs at **bold** markers."""
    parts = text.split("**")
    if len(parts) % 2 == 0:
        sys.exit(f"{name}: unbalanced ** in {text[:60]!r}")
    runs = []
    for i, part in enumerate(parts):
        if re.search(r"[*_`\\]|\[[^\]]*\]\(|<[A-Za-z/!]", part):
            sys.exit(f"{name}: unsupported inline Markdown in {part[:60]!r}")
        if part:
            runs.append((part, i % 2 == 1))
    return runs


# ---------------------------------------------------------------- fonts

# (name in the document, CSS fallbacks after it)
FONT_BODY = ("仿宋", '"FangSong", "仿宋", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif')
FONT_TITLE = ("方正小标宋简体", '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", serif')
FONT_HEI = ("黑体", '"SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif')
FONT_KAI = ("楷体", '"KaiTi", "楷体", "楷体_GB2312", "STKaiti", "Noto Serif CJK SC", "Source Han Serif SC", serif')
FONT_FOOTER = ("宋体", '"SimSun", "宋体", "Noto Serif CJK SC", serif')

# ---------------------------------------------------------------- Flat ODT

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def xa(value):
    """An XML attribute value."""
    return xml_escape(value, {'"': "&quot;"})


def text_props(font, size, bold=False, extra=""):
    weight = "bold" if bold else "normal"
    return (
        f'<style:text-properties style:font-name="{xa(font)}" style:font-name-asian="{xa(font)}" '
        f'style:font-name-complex="{xa(font)}" fo:font-size="{size}" style:font-size-asian="{size}" '
        f'style:font-size-complex="{size}" fo:font-weight="{weight}" style:font-weight-asian="{weight}" '
        f'style:font-weight-complex="{weight}"{extra}/>'
    )


def odt_text(text, at_start):
    """Escape text for a text:p; spaces that ODF would collapse become text:s."""
    out = []
    prev_space = at_start
    for ch in text:
        if ch == " ":
            out.append("<text:s/>" if prev_space else " ")
            prev_space = True
        elif ch == "\t":
            out.append("<text:tab/>")
            prev_space = False
        else:
            out.append(xml_escape(ch))
            prev_space = False
    return "".join(out)


def odt_runs(runs):
    out = []
    at_start = True
    for text, bold in runs:
        body = odt_text(text, at_start)
        out.append(f'<text:span text:style-name="Bold">{body}</text:span>' if bold else body)
        at_start = False
    return "".join(out)


# The language every paragraph is set in (hyphenation, line-breaking rules).
LANG = ' fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"'


def odt_body(blocks, blank_after_title):
    """The document's paragraphs in the styles both layouts name (Title, Signature, Heading 1/2, Text body)."""
    styles = {"title": "Title", "subtitle": "Signature", "p": "Text_20_body"}
    body = []
    for kind, runs in blocks:
        content = odt_runs(runs)
        if kind == "h2":
            body.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{content}</text:h>')
        elif kind == "h3":
            body.append(f'<text:h text:style-name="Heading_20_2" text:outline-level="2">{content}</text:h>')
        else:
            body.append(f'<text:p text:style-name="{styles[kind]}">{content}</text:p>')
        if kind == "title" and blank_after_title:
            body.append('<text:p text:style-name="Standard"/>')  # the blank line below a 公文 title
    return "\n".join(body)


def fodt_document(generator, title, font_decls, styles, page, master, body):
    """A Flat ODT around a layout's fonts, styles (the Bold run style added), page and master page, and its body."""
    ns = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {ns} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>
  <meta:generator>{generator}</meta:generator>
  <dc:title>{xml_escape(title)}</dc:title>
  <dc:language>zh-CN</dc:language>
 </office:meta>
 <office:font-face-decls>
{font_decls}
 </office:font-face-decls>
 <office:styles>
{styles}
  <style:style style:name="Bold" style:family="text">
   <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
{page}
 </office:automatic-styles>
 <office:master-styles>
{master}
 </office:master-styles>
 <office:body>
  <office:text>
{body}
  </office:text>
 </office:body>
</office:document>
"""


def to_fodt(blocks):
    title = "".join(t for t, _ in blocks[0][1])
    fonts = {FONT_BODY[0]: "roman", FONT_TITLE[0]: "roman", FONT_HEI[0]: "swiss", FONT_KAI[0]: "script", FONT_FOOTER[0]: "roman"}
    font_decls = "\n".join(
        f'  <style:font-face style:name="{xa(n)}" svg:font-family="{xa(n)}" style:font-family-generic="{g}" style:font-pitch="variable"/>'
        for n, g in fonts.items()
    )
    para_common = 'fo:margin-top="0pt" fo:margin-bottom="0pt" fo:line-height="28.95pt" style:punctuation-wrap="hanging" style:line-break="strict" style:writing-mode="lr-tb"'
    styles = f"""  <style:default-style style:family="paragraph">
   <style:paragraph-properties {para_common} style:tab-stop-distance="32pt"/>
   {text_props(FONT_BODY[0], "16pt", extra=LANG)}
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
   <style:paragraph-properties fo:text-align="justify" fo:text-indent="32pt"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="chapter">
   <style:paragraph-properties fo:text-align="center" fo:line-height="36pt" fo:keep-with-next="always"/>
   {text_props(FONT_TITLE[0], "22pt", bold=True)}
  </style:style>
  <style:style style:name="Signature" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
   <style:paragraph-properties fo:text-align="center"/>
   {text_props(FONT_KAI[0], "16pt")}
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:default-outline-level="1" style:class="text">
   <style:paragraph-properties fo:text-indent="32pt" fo:keep-with-next="always"/>
   {text_props(FONT_HEI[0], "16pt", bold=True)}
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:default-outline-level="2" style:class="text">
   <style:paragraph-properties fo:text-indent="32pt" fo:keep-with-next="always"/>
   {text_props(FONT_KAI[0], "16pt")}
  </style:style>
  <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
   <style:paragraph-properties fo:text-align="center" fo:line-height="100%" fo:text-indent="0pt"/>
   {text_props(FONT_FOOTER[0], "14pt")}
  </style:style>"""
    page = f"""  <style:page-layout style:name="A4">
   <style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" style:print-orientation="portrait" fo:margin-top="37mm" fo:margin-bottom="21mm" fo:margin-left="28mm" fo:margin-right="26mm" style:writing-mode="lr-tb"/>
   <style:footer-style>
    <style:header-footer-properties fo:min-height="7mm" fo:margin-top="7mm" style:dynamic-spacing="false"/>
   </style:footer-style>
  </style:page-layout>"""
    master = f"""  <style:master-page style:name="Standard" style:page-layout-name="A4">
   <style:footer><text:p text:style-name="Footer">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
  </style:master-page>"""
    return fodt_document("Dashboard.Tests/ImportCorpus/formats/render.py", title, font_decls, styles, page, master,
                         odt_body(blocks, blank_after_title=True))


def to_fodt_block(blocks):
    """The --style block layout (see the module docstring): a plain office memo, Flat ODT."""
    title = "".join(t for t, _ in blocks[0][1])
    song = FONT_FOOTER[0]  # 宋体, the only font this layout names
    para_common = 'fo:margin-top="0pt" fo:margin-bottom="6pt" fo:line-height="150%" fo:text-align="start" fo:text-indent="0pt" style:punctuation-wrap="hanging" style:line-break="strict" style:writing-mode="lr-tb"'
    font_decls = f"""  <style:font-face style:name="{xa(song)}" svg:font-family="{xa(song)}" style:font-family-generic="roman" style:font-pitch="variable"/>"""
    styles = f"""  <style:default-style style:family="paragraph">
   <style:paragraph-properties {para_common} style:tab-stop-distance="24pt"/>
   {text_props(song, "12pt", extra=LANG)}
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text"/>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="chapter">
   <style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt" fo:keep-with-next="always"/>
   {text_props(song, "18pt", bold=True)}
  </style:style>
  <style:style style:name="Signature" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
   <style:paragraph-properties fo:text-align="center" fo:keep-with-next="always"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:default-outline-level="1" style:class="text">
   <style:paragraph-properties fo:margin-top="12pt" fo:keep-with-next="always"/>
   {text_props(song, "14pt", bold=True)}
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:default-outline-level="2" style:class="text">
   <style:paragraph-properties fo:margin-top="12pt" fo:keep-with-next="always"/>
   {text_props(song, "12pt", bold=True)}
  </style:style>
  <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
   <style:paragraph-properties fo:text-align="end" fo:margin-bottom="0pt" fo:line-height="100%"/>
   {text_props(song, "9pt")}
  </style:style>
  <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
   <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0pt" fo:line-height="100%"/>
   {text_props(song, "9pt")}
  </style:style>"""
    page = f"""  <style:page-layout style:name="A4">
   <style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" style:print-orientation="portrait" fo:margin-top="12.5mm" fo:margin-bottom="12.5mm" fo:margin-left="25mm" fo:margin-right="25mm" style:writing-mode="lr-tb"/>
   <style:header-style>
    <style:header-footer-properties fo:min-height="0mm" fo:margin-bottom="7.9mm" style:dynamic-spacing="false"/>
   </style:header-style>
   <style:footer-style>
    <style:header-footer-properties fo:min-height="0mm" fo:margin-top="7.9mm" style:dynamic-spacing="false"/>
   </style:footer-style>
  </style:page-layout>"""
    master = f"""  <style:master-page style:name="Standard" style:page-layout-name="A4">
   <style:header><text:p text:style-name="Header">{odt_text(title, True)}</text:p></style:header>
   <style:footer><text:p text:style-name="Footer">第 <text:page-number text:select-page="current">1</text:page-number> 页 共 <text:page-count>1</text:page-count> 页</text:p></style:footer>
  </style:master-page>"""
    return fodt_document("Dashboard.Tests/ImportCorpus/formats/render.py --style block", title, font_decls, styles, page, master,
                         odt_body(blocks, blank_after_title=False))


# ---------------------------------------------------------------- HTML

def html_runs(runs):
    return "".join(f"<b>{html_escape(t, quote=False)}</b>" if bold else html_escape(t, quote=False) for t, bold in runs)


def to_html(blocks):
    title = "".join(t for t, _ in blocks[0][1])
    tags = {"title": "h1", "subtitle": 'p class="signature"', "h2": "h2", "h3": "h3", "p": "p"}
    body = []
    for kind, runs in blocks:
        open_tag = tags[kind]
        body.append(f"<{open_tag}>{html_runs(runs)}</{open_tag.split()[0]}>")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{html_escape(title)}</title>
<style>
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
html {{ -webkit-print-color-adjust: exact; }}
body {{ margin: 0; font-family: {FONT_BODY[1]}; font-size: 16pt; line-height: 28.95pt; color: #000;
       text-align: justify; line-break: strict; }}
h1, h2, h3, p {{ margin: 0; font-size: 16pt; white-space: pre-wrap; }}
h1 {{ font-family: {FONT_TITLE[1]}; font-size: 22pt; line-height: 36pt; font-weight: bold; text-align: center;
     margin-bottom: 28.95pt; }}
h2 {{ font-family: {FONT_HEI[1]}; font-weight: bold; text-indent: 2em; break-after: avoid; }}
h3 {{ font-family: {FONT_KAI[1]}; font-weight: normal; text-indent: 2em; break-after: avoid; }}
p {{ text-indent: 2em; }}
p.signature {{ font-family: {FONT_KAI[1]}; text-indent: 0; text-align: center; }}
b {{ font-weight: bold; }}
</style>
</head>
<body>
{chr(10).join(body)}
</body>
</html>
"""


def main(argv):
    if len(argv) == 5 and argv[1] == "--style" and argv[2] == "block":
        src, out_fodt = argv[3:]
        with open(src, encoding="utf-8") as f:
            blocks = parse(f.read(), src)
        with open(out_fodt, "w", encoding="utf-8", newline="\n") as f:
            f.write(to_fodt_block(blocks))
        return
    if len(argv) != 4:
        sys.exit(__doc__)
    src, out_fodt, out_html = argv[1:]
    with open(src, encoding="utf-8") as f:
        blocks = parse(f.read(), src)
    with open(out_fodt, "w", encoding="utf-8", newline="\n") as f:
        f.write(to_fodt(blocks))
    with open(out_html, "w", encoding="utf-8", newline="\n") as f:
        f.write(to_html(blocks))


if __name__ == "__main__":
    main(sys.argv)
