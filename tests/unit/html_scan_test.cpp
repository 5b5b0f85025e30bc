#include <catch2/catch.hpp>

#include <string>

#include "core/html_scan.hpp"

TEST_CASE("block and void element names are recognised exactly") {
  for (const char* name : {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
                           "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
                           "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
                           "section", "table", "td", "th", "tr", "ul"})
    CHECK(hlint::is_block_element(name));
  for (const char* name : {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                           "source", "track", "wbr"})
    CHECK(hlint::is_void_element(name));
  // Neighbours of the names: prefixes, extensions, other cases, other lengths.
  for (const char* name : {"", "a", "b", "span", "d", "h", "h7", "pp", "p1", "P", "DIV", "bloc", "blockquotes",
                           "figcaptio", "fieldse", "fieldsets", "sectio", "sections", "tbody", "thead", "img"})
    CHECK_FALSE(hlint::is_block_element(name));
  for (const char* name : {"", "a", "b", "p", "div", "im", "imgs", "IMG", "sourc", "sources", "wb", "col2"})
    CHECK_FALSE(hlint::is_void_element(name));
  CHECK_FALSE(hlint::is_block_element(std::string("p\0", 2)));
  CHECK_FALSE(hlint::is_void_element(std::string("\0br", 3)));
}

TEST_CASE("scan_html: tags, comments, raw text and lone '<' in their order") {
  const std::string text = "a < b<p class=x>c<!-- n --><script>if (a<b) x();</script></p><";
  const auto tokens = hlint::scan_html(text, {0, text.size()});
  REQUIRE(tokens.size() == 9);
  using Kind = hlint::HtmlToken::Kind;
  CHECK(tokens[0].kind == Kind::text);
  CHECK(text.substr(tokens[0].span.begin, tokens[0].span.end - tokens[0].span.begin) == "a < b");
  CHECK((tokens[1].kind == Kind::start_tag && tokens[1].name == "p"));
  REQUIRE(tokens[1].attribute("class"));
  CHECK(tokens[1].attribute("class")->value == "x");
  CHECK(tokens[2].kind == Kind::text);
  CHECK(tokens[3].kind == Kind::comment);
  CHECK((tokens[4].kind == Kind::start_tag && tokens[4].name == "script"));
  CHECK((tokens[5].kind == Kind::text && tokens[5].name == "script"));
  CHECK((tokens[6].kind == Kind::end_tag && tokens[6].name == "script"));
  CHECK((tokens[7].kind == Kind::end_tag && tokens[7].name == "p"));
  // A '<' at the very end is text.
  CHECK((tokens[8].kind == Kind::text && tokens[8].span.begin == text.size() - 1));
  // A range inside the text is scanned alone.
  const auto inner = hlint::scan_html(text, {5, 16});
  REQUIRE(inner.size() == 1);
  CHECK(inner[0].name == "p");
  CHECK(hlint::scan_html(text, {3, 3}).empty());
}

TEST_CASE("decode_entity: the standard's named references, as browsers match them") {
  auto decoded = [](std::string_view text) {
    const hlint::DecodedEntity entity = hlint::decode_entity(text, 0);
    return std::make_pair(entity.text, entity.length);
  };
  // Names outside the old hand-written table of 16.
  CHECK(decoded("&zwnj;治") == std::make_pair(std::string("\u200C"), std::size_t{6}));
  CHECK(decoded("&ZeroWidthSpace;") == std::make_pair(std::string("\u200B"), std::size_t{16}));
  CHECK(decoded("&bull; x") == std::make_pair(std::string("\u2022"), std::size_t{6}));
  CHECK(decoded("&CounterClockwiseContourIntegral;") ==
        std::make_pair(std::string("\u2233"), std::size_t{33}));
  // Two code points.
  CHECK(decoded("&NotEqualTilde;") == std::make_pair(std::string("\u2242\u0338"), std::size_t{15}));
  // Legacy names without `;`, only where no letter, digit or `=` follows.
  CHECK(decoded("&amp x") == std::make_pair(std::string("&"), std::size_t{4}));
  CHECK(decoded("&nbsp") == std::make_pair(std::string("\u00A0"), std::size_t{5}));
  CHECK(decoded("&ampx").second == 0);
  CHECK(decoded("&amp=1").second == 0);
  // Not in the standard: left as written.
  CHECK(decoded("&zwsp;").second == 0);
  CHECK(decoded("&bull").second == 0);  // not a legacy name
  CHECK(decoded("&unknown;").second == 0);
  CHECK(decoded("&").second == 0);
  // Numeric references as before.
  CHECK(decoded("&#x200B;") == std::make_pair(std::string("\u200B"), std::size_t{8}));
  CHECK(decoded("&#8203;") == std::make_pair(std::string("\u200B"), std::size_t{7}));
}
