// disclaimer/missing: a health article with no medical disclaimer (`仅供参考，不作
// 诊断依据`, `请遵医嘱`...). A platform notice (`本文由第三方发布，内容不代表本网站的
// 观点`) disclaims the site's liability, not medical advice: it does not count.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "core/article.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

bool is_ascii_punctuation(char32_t cp) {
  return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60) ||
         (cp >= 0x7B && cp <= 0x7E);
}

// The text with white space and punctuation dropped and ASCII lower-cased, so
// `若有不适，请到医院就诊` and `若有不适请到医院就诊` compare equal.
std::string compact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    const char32_t cp = d.code_point;
    if (!utf8::is_whitespace(cp) && !utf8::is_cjk_punctuation(cp) && !is_ascii_punctuation(cp)) {
      if (cp >= 'A' && cp <= 'Z')
        out.push_back(static_cast<char>(cp - 'A' + 'a'));
      else
        out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

std::vector<std::string> compact_all(const std::vector<std::string>& phrases) {
  std::vector<std::string> out;
  for (const std::string& phrase : phrases)
    if (std::string c = compact(phrase); !c.empty()) out.push_back(std::move(c));
  return out;
}

bool contains_any(std::string_view text, const std::vector<std::string>& phrases) {
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](const std::string& phrase) { return text.find(phrase) != std::string_view::npos; });
}

}  // namespace

class DisclaimerMissingCheck : public Check {
 public:
  static CheckInfo info() {
    return {"disclaimer/missing",
            Severity::warning,
            {{"cues", OptionType::phrase_list, "disclaimer-cues", "phrases of a medical disclaimer"},
             {"generic-cues", OptionType::phrase_list, "disclaimer-generic-cues",
              "reservations (`仅供参考`) that count as a disclaimer except inside a platform notice"},
             {"platform-notice-cues", OptionType::phrase_list, "platform-notice-cues",
              "phrases of a platform's third-party-content notice, which is not a medical disclaimer"},
             {"min-chars", OptionType::integer, "100", "documents with fewer Han characters of text are not checked"}},
            false};
  }

  explicit DisclaimerMissingCheck(const CheckOptions& options)
      : cues_(compact_all(options.get_phrases("cues", "disclaimer-cues"))),
        generic_cues_(compact_all(options.get_phrases("generic-cues", "disclaimer-generic-cues"))),
        notice_cues_(compact_all(options.get_phrases("platform-notice-cues", "platform-notice-cues"))),
        min_chars_(options.get_int("min-chars", 100)) {}

  void check(const Document& doc, Reporter& out) const override {
    const auto& blocks = doc.blocks();
    long han = 0;
    const TextBlock* notice = nullptr;
    for (const TextBlock& block : blocks) {
      const std::string text = compact(block.text);
      if (contains_any(text, cues_)) return;
      const bool is_notice = contains_any(text, notice_cues_);
      if (!is_notice && contains_any(text, generic_cues_)) return;
      if (is_notice && !notice) notice = &block;
      for (std::size_t i = 0; i < text.size();) {
        const auto d = utf8::decode(text, i);
        if (utf8::is_han(d.code_point)) ++han;
        i += d.length;
      }
    }
    if (han < min_chars_) return;

    if (notice) {
      out.report(notice->span(),
                 "no medical disclaimer: this platform notice disclaims the site's liability for third-party content, "
                 "not medical advice (add e.g. `本文仅供参考，不作诊断依据，如有不适请及时就医`)");
      return;
    }
    const auto where = doc.analysis<ArticleInfo>().anchor(doc);
    if (!where) return;
    out.report(*where,
               "no medical disclaimer: the article never says it is not medical advice (e.g. "
               "`本文仅供参考，不作诊断依据，如有不适请及时就医`)");
  }

 private:
  std::vector<std::string> cues_;
  std::vector<std::string> generic_cues_;
  std::vector<std::string> notice_cues_;
  long min_chars_;
};

void add_disclaimer_missing_check(CheckRegistry& registry) { registry.add<DisclaimerMissingCheck>(); }

}  // namespace hlint
