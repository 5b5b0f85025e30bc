// A rule's documentation page (Markdown, checks/<id>.md) as HTML for the
// report's embedded rule docs: headings, paragraphs, bullet lists, fenced
// code and inline code, bold: the subset the rule pages use. Everything is
// escaped; no link is made (the report fetches nothing).
#pragma once

#include <string>
#include <string_view>

namespace hlint::html_report {

std::string markdown_to_html(std::string_view markdown);

// The element id of a rule's documentation in the report: "rule-" and the
// id with '/' as '-' ("rule-disclaimer-missing").
std::string rule_anchor(std::string_view rule);

}  // namespace hlint::html_report
