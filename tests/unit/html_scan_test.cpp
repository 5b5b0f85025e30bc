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
