// pipeline/doubled-label: a label written twice in a row (`本文专家:本文专家:`,
// `来源：来源：新华网`): the template printed the label and the value already
// held it.
#include <fmt/format.h>

#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

bool is_colon(char32_t cp) { return cp == ':' || cp == U'：'; }

}  // namespace

class DoubledLabelCheck : public Check {
 public:
  static CheckInfo info() {
    return {"pipeline/doubled-label",
            Severity::warning,
            {{"max-label-chars", OptionType::integer, "8", "longest label (in Han characters) that is looked at"}},
            false};
  }
  explicit DoubledLabelCheck(const CheckOptions& options) : max_label_chars_(options.get_int("max-label-chars", 8)) {}

  void check(const Document& doc, Reporter& out) const override {
    for (const TextBlock& block : doc.blocks()) {
      const std::string_view text = block.text;
      // The start of the current run of Han characters and its length.
      std::size_t run_begin = 0;
      long run_chars = 0;
      for (std::size_t i = 0; i < text.size();) {
        const auto d = utf8::decode(text, i);
        if (utf8::is_han(d.code_point)) {
          if (run_chars == 0) run_begin = i;
          ++run_chars;
          i += d.length;
          continue;
        }
        if (is_colon(d.code_point) && run_chars >= 2 && run_chars <= max_label_chars_) {
          const std::string_view label = text.substr(run_begin, i - run_begin);
          std::size_t next = i + d.length;
          while (next < text.size() && text[next] == ' ') ++next;
          if (text.substr(next).starts_with(label) && next + label.size() < text.size() &&
              is_colon(utf8::decode(text, next + label.size()).code_point)) {
            const std::size_t end = next + label.size() + utf8::decode(text, next + label.size()).length;
            out.report(block.span(run_begin, end),
                       fmt::format("the label `{}` is written twice: the template printed it and the value already "
                                   "held it",
                                   label));
            i = end;
            run_chars = 0;
            continue;
          }
        }
        run_chars = 0;
        i += d.length;
      }
    }
  }

 private:
  long max_label_chars_;
};

void add_doubled_label_check(CheckRegistry& registry) { registry.add<DoubledLabelCheck>(); }

}  // namespace hlint
