// Inline suppressions:
//   <!-- hlint-disable RULE[, RULE...] -->        until hlint-enable or the end
//   <!-- hlint-enable RULE[, RULE...] -->
//   <!-- hlint-disable-next-line RULE -->         the next non-blank line only
//   <!-- hlint-disable-file RULE -->              the whole file, wherever it is
// and in the front matter, for the whole file (whole-document findings sit
// on the front matter, where no body comment can reach them):
//   # hlint-disable RULE[, RULE...]               a YAML comment line
//   hlint: {disable: [RULE, ...]}                 a key
// With no rule named, every rule (not for the front-matter forms). A rule may
// be named by a prefix. Text after ` -- ` is the reason, kept, not a rule.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.hpp"

namespace hlint {

class Document;

class Suppressions {
 public:
  explicit Suppressions(const Document& doc);

  // True if the finding at this 1-based line is suppressed; marks the
  // directive as used.
  bool suppresses(std::string_view rule, std::uint32_t line);

  struct Directive {
    enum class Kind { disable, enable, disable_next_line, disable_file };
    Kind kind;
    std::vector<std::string> rules;  // empty: all
    std::vector<Span> rule_spans;    // where each rule is named (same order)
    std::string reason;              // after ` -- `
    std::uint32_t line;              // where the comment is
    std::uint32_t target_line;       // next_line: the line it covers
    Span span;
    bool used = false;
  };
  const std::vector<Directive>& directives() const { return directives_; }

 private:
  void parse_comment(const Document& doc, std::string_view text, std::size_t text_offset, Span span);
  void parse_front_matter(const Document& doc);

  std::vector<Directive> directives_;
};

}  // namespace hlint
