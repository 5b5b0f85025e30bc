// pipeline/doubled-label: a label written twice in a row (`本文专家:本文专家:`,
// `来源：来源：新华网`): the template printed the label and the value already
// held it.
#include <fmt/format.h>

#include "core/character_signature.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

class DoubledLabelCheck : public Check {
 public:
  static CheckInfo info() {
    return {"pipeline/doubled-label",
            Severity::warning,
            {{"max-label-chars", OptionType::integer, "8", "longest label (in Han characters) that is looked at"}},
            false};
  }
  explicit DoubledLabelCheck(const CheckOptions& options)
      : max_label_chars_(options.get_int("max-label-chars", 8)),
        colons_({"：：", "::", "：:", ":："}, PhraseMatcher::Folding::exact) {}

  void check(const Document& doc, Reporter& out) const override {
    const auto& blocks = doc.blocks();
    const auto& characters = doc.analysis<BlockCharacters>();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      // A doubled label holds two colons: blocks without any are skipped unread.
      if (!colons_.may_occur(characters.signatures[i])) continue;
      const TextBlock& block = blocks[i];
      const std::string_view text = block.text;
      // Only colons start a label: find them first (`:` or the last byte of `：`),
      // then look at the Han characters before each.
      for (std::size_t at = find_colon_byte(text, 0); at != std::string_view::npos;
           at = find_colon_byte(text, at + 1)) {
        std::size_t colon = at;
        if (text[at] != ':') {
          if (at < 2 || text.substr(at - 2, 3) != "：") continue;
          colon = at - 2;
        }
        const std::size_t label_begin = han_run_start(text, colon);
        if (label_begin == colon) continue;
        const std::string_view label = text.substr(label_begin, colon - label_begin);
        std::size_t next = colon + utf8::decode(text, colon).length;
        while (next < text.size() && text[next] == ' ') ++next;
        if (!text.substr(next).starts_with(label) || next + label.size() >= text.size()) continue;
        const auto second_colon = utf8::decode(text, next + label.size());
        if (second_colon.code_point != ':' && second_colon.code_point != U'：') continue;
        const std::size_t end = next + label.size() + second_colon.length;
        out.report(block.span(label_begin, end),
                   fmt::format("the label `{}` is written twice: the template printed it and the value already held it",
                               label));
        at = end - 1;
      }
    }
  }

 private:
  // The first `:` or 0x9A byte (the last byte of `：`) from `from`, or npos.
  // A loop: string_view::find_first_of calls memchr once per byte of text.
  static std::size_t find_colon_byte(std::string_view text, std::size_t from) {
    for (std::size_t i = from; i < text.size(); ++i)
      if (text[i] == ':' || text[i] == '\x9A') return i;
    return std::string_view::npos;
  }

  // The start of the run of 2 to max-label-chars Han characters that ends at
  // `end` and follows no other Han character; `end` when there is none.
  std::size_t han_run_start(std::string_view text, std::size_t end) const {
    std::size_t begin = end;
    long chars = 0;
    while (begin > 0) {
      std::size_t back = begin - 1;
      while (back > 0 && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80) --back;
      if (!utf8::is_han(utf8::decode(text, back).code_point)) break;
      begin = back;
      if (++chars > max_label_chars_) return end;
    }
    return chars >= 2 ? begin : end;
  }

  long max_label_chars_;
  PhraseFilter colons_;  // the blocks holding a colon (`:` or `：`)
};

void add_doubled_label_check(CheckRegistry& registry) { registry.add<DoubledLabelCheck>(); }

}  // namespace hlint
