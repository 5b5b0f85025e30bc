// Inline suppressions written as HTML comments in a document body:
//   <!-- hlint-disable RULE[, RULE...] -->     until hlint-enable or the end
//   <!-- hlint-enable RULE[, RULE...] -->
//   <!-- hlint-disable-next-line RULE -->      the next non-blank line only
// With no rule named, every rule. A rule may be named by a prefix.
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
    enum class Kind { disable, enable, disable_next_line };
    Kind kind;
    std::vector<std::string> rules;  // empty: all
    std::uint32_t line;              // where the comment is
    std::uint32_t target_line;       // next_line: the line it covers
    Span span;
    bool used = false;
  };
  const std::vector<Directive>& directives() const { return directives_; }

 private:
  std::vector<Directive> directives_;
};

}  // namespace hlint
