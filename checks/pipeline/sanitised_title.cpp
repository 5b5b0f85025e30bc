// pipeline/sanitised-title: a title damaged by file-name sanitising: the
// pipeline saved the post under its title, replaced the characters a file
// name cannot hold (`/ : * ? " < > |`, quotes) by `_`, and then read the title
// back from the file name (`0.14元_片` for `0.14元/片`, `_0糖__0卡_` for
// `“0糖0卡”`, `介绍_经验_` for `介绍“经验”`).
#include <fmt/format.h>

#include <utility>
#include <vector>

#include "core/article.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

// Han characters and full-width forms are never written next to `_` by hand
// in a Chinese title; ASCII words are (`snake_case`).
bool is_cjk(char32_t cp) { return utf8::is_han(cp) || utf8::is_cjk_punctuation(cp) || (cp >= 0xFF00 && cp <= 0xFFEF); }

}  // namespace

class SanitisedTitleCheck : public Check {
 public:
  static CheckInfo info() {
    return {"pipeline/sanitised-title",
            Severity::warning,
            {{"replacement", OptionType::string, "_", "the character the sanitiser wrote for the ones it removed"}},
            false};
  }
  explicit SanitisedTitleCheck(const CheckOptions& options) : replacement_(options.get_string("replacement", "_")) {}

  void check(const Document& doc, Reporter& out) const override {
    if (replacement_.empty()) return;
    const ArticleInfo& article = doc.analysis<ArticleInfo>();
    if (!article.title || article.title_span.empty()) return;
    const Span span = article.title_span;
    const std::string_view title = doc.slice(span);
    // Runs of the replacement next to a Han character; two runs close together
    // (`_经验_`, the two quotes around a word) are one finding.
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    for (std::size_t at = title.find(replacement_); at != std::string_view::npos;) {
      std::size_t end = at;
      while (title.substr(end).starts_with(replacement_)) end += replacement_.size();
      const char32_t before = at > 0 ? previous(title, at) : 0;
      const char32_t after = end < title.size() ? utf8::decode(title, end).code_point : 0;
      if (is_cjk(before) || is_cjk(after) || (end - at == replacement_.size() && is_pack_size(title, at, end))) {
        if (!runs.empty() && at - runs.back().second <= kPairedRunBytes &&
            !holds_punctuation(title.substr(runs.back().second, at - runs.back().second)))
          runs.back().second = end;
        else
          runs.emplace_back(at, end);
      }
      at = title.find(replacement_, end);
    }
    for (const auto& [at, end] : runs)
      out.report(Span{span.begin + at, span.begin + end},
                 fmt::format("`{}` in the title stands for characters a file-name sanitiser removed (`/`, `:`, "
                             "quotes…): `{}`",
                             title.substr(at, end - at), context(title, at, end)));
  }

 private:
  // `80g_2瓶` for `80g*2瓶`: a quantity with its unit, the replacement, then a
  // count, in a title that holds Han characters (an ASCII identifier such as
  // `mp3_2` is not in a Chinese title).
  static bool is_pack_size(std::string_view title, std::size_t at, std::size_t end) {
    if (end >= title.size() || !utf8::is_ascii_digit(static_cast<unsigned char>(title[end]))) return false;
    std::size_t unit = at;
    while (unit > 0 && unit > at - std::min<std::size_t>(at, kMaxUnitLetters) &&
           utf8::is_ascii_letter(static_cast<unsigned char>(title[unit - 1])))
      --unit;
    if (unit == at || unit == 0 || !utf8::is_ascii_digit(static_cast<unsigned char>(title[unit - 1]))) return false;
    std::size_t number = unit - 1;
    while (number > 0 && utf8::is_ascii_digit(static_cast<unsigned char>(title[number - 1]))) --number;
    if (number > 0 && utf8::is_ascii_letter(static_cast<unsigned char>(title[number - 1]))) return false;  // `h264p`
    for (std::size_t i = 0; i < title.size();) {
      const auto d = utf8::decode(title, i);
      if (utf8::is_han(d.code_point)) return true;
      i += d.length;
    }
    return false;
  }

  // Two runs with punctuation between them replaced two separate characters.
  static bool holds_punctuation(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
      const auto d = utf8::decode(text, i);
      if (utf8::is_cjk_punctuation(d.code_point) || d.code_point == ' ' || d.code_point == ',') return true;
      i += d.length;
    }
    return false;
  }

  static char32_t previous(std::string_view text, std::size_t pos) {
    std::size_t back = pos - 1;
    while (back > 0 && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80) --back;
    return utf8::decode(text, back).code_point;
  }

  // Up to four characters on each side of text[at, end).
  static std::string_view context(std::string_view text, std::size_t at, std::size_t end) {
    std::size_t begin = at;
    for (int n = 0; n < 4 && begin > 0; ++n) {
      --begin;
      while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
    }
    std::size_t stop = end;
    for (int n = 0; n < 4 && stop < text.size(); ++n) stop += utf8::decode(text, stop).length;
    return text.substr(begin, stop - begin);
  }

  static constexpr std::size_t kMaxUnitLetters = 3;    // `g`, `ml`, `mL`, `kg`
  static constexpr std::size_t kPairedRunBytes = 24;  // at most eight Han characters between two runs
  std::string replacement_;
};

void add_sanitised_title_check(CheckRegistry& registry) { registry.add<SanitisedTitleCheck>(); }

}  // namespace hlint
