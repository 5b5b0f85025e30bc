"""Adversarial document shapes (issue 18), shared by bench/scale_bench.py (which
times every rule on each shape at two sizes) and tests/fuzz/mutate.py (which
inserts them into fuzzed documents at random sizes).

Each shape is make(size) -> bytes of about `size` bytes: the repeated unit of a
pathological input, with just enough around it to reach the stage it attacks.
"""

FRONT = b"\n---\ntitle: t\ndate: 2021-05-21\n---\n"


def _repeat(unit, size):
    return unit * max(1, size // len(unit))


def _html(body):
    return FRONT + b"<div>" + body + b"</div>\n"


SHAPES = {
    # 1. the Markdown image scan: every `![` re-read the rest of the line
    "md-unclosed-image": lambda size: FRONT + _repeat(b"![a](", size) + b"\n",
    "md-unclosed-image-parens": lambda size: FRONT + _repeat(b"![a](()", size) + b"\n",
    "md-unclosed-title": lambda size: FRONT + _repeat(b"![a](x (", size) + b"\n",
    "md-unclosed-alt": lambda size: FRONT + _repeat(b"![", size) + b"\n",
    "md-backticks": lambda size: FRONT + b"".join(b"x" + b"`" * (1 + k % 40) for k in range(size // 22)) + b"\n",
    # 1. decode_attribute searched for `&` to the end of the document
    "html-many-img": lambda size: _html(_repeat(b'<img src="a.png" alt="x">', size)),
    "html-many-a": lambda size: _html(_repeat(b'<a href="http://e.com/a&amp;b">t</a>', size)),
    "html-entities": lambda size: _html(b"<p>" + _repeat(b"&amp;&#x4e2d;&nbsp;&", size) + b"</p>"),
    # the tree built from the tokens (session 10): well-formed markup with an empty
    # element in every paragraph, and source paragraphs holding links
    "html-tidy-markup": lambda size: _html(_repeat("<div><p>文字<span></span><b> </b></p></div>\n".encode(), size)),
    "html-source-links": lambda size: _html(
        _repeat('<p class="url"><span>来源：<a href="https://e.com/a">网</a></span></p>\n'.encode(), size)),
    # source-class elements never closed: the source-link test scanned to the body's end from each
    "html-unclosed-source-class": lambda size: _html(_repeat('<span class="url">来源'.encode(), size)),
    "html-stray-end-tags": lambda size: _html(
        _repeat("<p><b>甲<span></span></i>乙</st>丙</b>丁<乙</p>".encode(), size)),
    "html-deep-stray-end-tags": lambda size: _html(
        b"<p>" + b"<span>" * 250 + b"<b></b>" + _repeat(b"</i>", size) + b"</p>"),
    # 10. tidy's per-character diagnostics
    "href-spaces": lambda size: _html(b'<a href="' + b" " * size + b'">x</a>'),
    "src-controls": lambda size: _html(b'<img src="' + _repeat(b"\x01 <", size) + b'">'),
    "deep-nesting": lambda size: _html(_repeat(b"<div>", size)),
    "unclosed-inline": lambda size: _html(_repeat(b"<b><i>", size)),
    "many-attributes": lambda size: _html(b"<p " + _repeat(b'a="1" ', size) + b">x</p>"),
    "open-comment": lambda size: _html(_repeat(b"<!-- x", size)),
    "open-tags": lambda size: _html(_repeat(b"<a ", size)),
    # 11. rules that repeat within a file
    "yaml-duplicate-keys": lambda size: b"\n---\n" + _repeat(b"title: x\n", size) + b"---\n<p>x</p>\n",
    "yaml-long-flow": lambda size: b"\n---\ntags: [" + _repeat(b"a, ", size) + b"b]\n---\n<p>x</p>\n",
    "unused-suppressions": lambda size: _html(_repeat(b"<!-- hlint-disable-line chars -->\n", size)),
    # text rules on one long line and on many lines
    "chinese-one-line": lambda size: FRONT + _repeat("最好的医院，电话13800138000，微信ab12，点击进入。".encode(), size),
    "chinese-many-lines": lambda size: FRONT + _repeat("相关推荐\n责任编辑：某某\n来源：网络\n".encode(), size),
    "controls-and-bidi": lambda size: FRONT + _repeat("\x1b[2J\u202e文字\u200b\x07".encode(), size),
    "mojibake": lambda size: FRONT + _repeat("æ–‡å­—ï¼Œ".encode(), size),
    # chars/mojibake guessed every lost byte of every short run anew (issue 18, release fuzz)
    "mixed-utf8-gbk": lambda size: FRONT + _repeat(("Z主要" * 5).encode() + ("Z主要" * 5).encode("gbk") + b"\n", size),
    "urls-in-text": lambda size: FRONT + _repeat(b"http://a.example/x.png ", size),
    "digits": lambda size: FRONT + _repeat(b"1", size),
    "cr-only": lambda size: b"\r---\rtitle: t\r---\r" + _repeat("<p>文字</p>\r".encode(), size),
}

DESCRIPTIONS = {
    "md-unclosed-image": "one Markdown line of unclosed `![a](`",
    "md-unclosed-image-parens": "unclosed `![a](` with balanced parentheses after each",
    "md-unclosed-title": "unclosed `![a](x (` titles",
    "md-unclosed-alt": "one line of `![`",
    "md-backticks": "backtick runs of 40 lengths that never close",
    "html-many-img": "many <img src> (decode_attribute)",
    "html-many-a": "many <a href> with an entity",
    "html-entities": "entities and bare `&` in text",
    "html-tidy-markup": "well-formed paragraphs with empty elements (the tree built from the tokens)",
    "html-source-links": "source paragraphs with links (the tree built from the tokens)",
    "html-unclosed-source-class": "unclosed <span class=url> (the source-link test from the tokens)",
    "html-stray-end-tags": "end tags of nothing open and stray `<` (the tree from the tokens)",
    "html-deep-stray-end-tags": "end tags of nothing open under 250 open elements (end tag pairing)",
    "href-spaces": "one href of spaces (tidy's per-character diagnostics)",
    "src-controls": "one src of control characters and `<`",
    "deep-nesting": "unclosed <div> nesting",
    "unclosed-inline": "unclosed <b><i>",
    "many-attributes": "one tag with many attributes",
    "open-comment": "<!-- without -->",
    "open-tags": "`<a ` never closed",
    "yaml-duplicate-keys": "front matter of one key repeated",
    "yaml-long-flow": "a long YAML flow sequence",
    "unused-suppressions": "suppression comments that suppress nothing",
    "chinese-one-line": "Chinese text with contacts on one line",
    "chinese-many-lines": "residue lines",
    "controls-and-bidi": "terminal escapes and bidi controls",
    "mojibake": "UTF-8 read as Windows-1252",
    "mixed-utf8-gbk": "lines half UTF-8, half GBK (U+FFFD runs)",
    "urls-in-text": "image URLs in plain text",
    "digits": "one run of digits",
    "cr-only": "CR-only line ends",
}
