// chars/split-word: punctuation, spaces or zero-width characters pushed into a
// listed word (`彻.底`, `根 治`) to slip past advertising-law word filters.
#include <fmt/format.h>

#include <algorithm>

#include "chars/chars_scope.hpp"
#include "chars/split_words.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

// How the inserted characters read in a message: "`.`", "a space and `.`",
// "U+200B"; each distinct character once. Without the article for the fix:
// "delete the inserted space".
std::string describe_inserted(const std::vector<char32_t>& inserted, bool with_article) {
  std::vector<char32_t> distinct;
  for (char32_t c : inserted)
    if (std::find(distinct.begin(), distinct.end(), c) == distinct.end()) distinct.push_back(c);
  std::vector<std::string> parts;
  for (char32_t c : distinct) {
    if (c == ' ') {
      parts.emplace_back(with_article ? "a space" : "space");
    } else if (chars::is_visible_separator(c) && !utf8::is_whitespace(c)) {
      std::string shown("`");
      utf8::append(shown, c);
      parts.push_back(shown + "`");
    } else {
      parts.push_back(chars::code_point_label(c));
    }
  }
  std::string description;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) description.append(k + 1 == parts.size() ? " and " : ", ");
    description.append(parts[k]);
  }
  return description;
}

class SplitWordCheck : public Check {
 public:
  // The fix restores what the author wrote (see docs/fixing.md).
  static constexpr Applicability kFix = Applicability::safe;
  static CheckInfo info() {
    return {"chars/split-word",
            Severity::warning,
            {{"words", OptionType::phrase_list, "split-words", "words reported when characters are pushed into them"},
             {"max-gap", OptionType::integer, "3", "at most this many characters inserted between two characters of a word"},
             {"punctuation-threshold", OptionType::integer, "3",
              "a visible separator found this often between Han characters of no listed word is the document's "
              "punctuation and is not reported"},
             {"max-per-file", OptionType::integer, "50", "report at most this many words per file, then one summary finding"}},
            false};
  }

  explicit SplitWordCheck(const CheckOptions& options)
      : finder_(options.get_phrases("words", "split-words"),
                {static_cast<std::size_t>(std::max(0L, options.get_int("max-gap", 3))),
                 options.get_int("punctuation-threshold", 3)}),
        max_per_file_(options.get_int("max-per-file", 50)) {}

  void check(const Document& doc, Reporter& reporter) const override {
    chars::CappedReporter out(reporter, max_per_file_, "split words");
    for (const chars::SplitWord& word : finder_.find(doc)) {
      Fix fix{fmt::format("delete the inserted {} to write `{}`", describe_inserted(word.inserted, false), word.joined), {}};
      for (const Span& gap : word.gaps) fix.edits.push_back(Edit{gap, ""});
      out.report(word.word,
                 fmt::format("`{}` looks like `{}` split by {} to dodge word filters", word.written, word.joined,
                             describe_inserted(word.inserted, true)),
                 std::move(fix));
    }
    out.finish();
  }

 private:
  chars::SplitWordFinder finder_;
  long max_per_file_;
};

}  // namespace

void add_split_word_check(CheckRegistry& registry) { registry.add<SplitWordCheck>(); }

}  // namespace hlint
