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
