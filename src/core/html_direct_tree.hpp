// Most scraped article bodies are tidy markup already: every element closed in
// order, paragraphs holding only phrasing content, lists holding only items.
// For such a body, tidy-html5's tree is the one the scanner's tokens spell out
// (inside the html/head/title/body it adds), so it is built straight from the
// tokens and tidy's parse, the dearest part of the model, is left to the bodies
// whose markup needs repair. The test of "needs no repair" is conservative: any
// element, nesting or character it is unsure tidy leaves alone sends the body
// to tidy. tests/unit/html_direct_tree_test.cpp compares both trees.
#pragma once

#include <pugixml.hpp>

#include <string_view>
#include <vector>

#include "core/html_dom.hpp"
#include "core/html_scan.hpp"

namespace hlint {

// The attributes tidy 5.6 may treat as URLs (attrs.c, CH_URL), a superset on
// purpose: for most of them (tidy_fixes_url in the .cpp) it rewrites the value,
// and for those and `dynsrc` it formats a diagnostic per white-space character
// (300 KB of spaces in one: 0.4-0.6 s), which add_unreasonable_attributes guards
// against. The others (`for`, `poster`, `archive`...) cost tidy nothing extra.
bool is_tidy_url_attribute(std::string_view name);

// Whether tidy would build exactly the tree that tokens (the scan of
// text[body]) spell out. If not, `why` (when given) tells the first reason.
// `text_is_utf8`: the caller knows the text is valid UTF-8 (a Document's
// text is: SourceText replaces the bytes that are not), which saves a pass.
bool markup_needs_no_repair(std::string_view text, Span body, const std::vector<HtmlToken>& tokens,
                            std::string_view* why = nullptr, bool text_is_utf8 = false);

// Builds that tree into `document` as HtmlDom's tidy path does (the same
// implied html, head, title and body elements; text with its character
// references decoded; no comments), and lists each element's start tag and
// source extent in `elements`, in the order the nodes were made.
void build_tree_from_tokens(std::string_view text, const std::vector<HtmlToken>& tokens,
                            pugi::xml_document& document, std::vector<HtmlDom::SourceElement>& elements);

}  // namespace hlint
