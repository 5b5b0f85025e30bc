// advertising/claim: a claim that 《广告法》 (Art. 9, 16, 17, 18) or 《医疗广告管理办法》
// (Art. 7) forbids in advertising, asserted in the text: `药到病除`, `无副作用`,
// `治愈率高达98%`, and in an advertisement also `根治`, `最薄`, `降血压`. The
// sentence around the phrase decides whether it is asserted: a negation just
// before it (`目前还不能彻底根治`), a debunking or reporting word (`所谓`,
// `号称`, `谣言`), a question, advice (`最好早点就医`), statistics or news make it
// no claim. Whether the document is an advertisement is decided once
// (DocumentKind) and raises the severity.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/article.hpp"
#include "core/character_signature.hpp"
#include "core/check.hpp"
#include "core/phrase_matcher.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

struct ClaimCategory {
  std::string key;
  std::string article;  // `《广告法》第十六条第一款第一项`
  std::string what;     // what the law forbids
  bool ads_only = false;
};

enum class Context : unsigned char { negation, debunk, question, advice, statistics, news };

constexpr std::string_view context_name(Context c) {
  switch (c) {
    case Context::negation: return "negated";
    case Context::debunk: return "debunked or reported";
    case Context::question: return "asked";
    case Context::advice: return "advice";
    case Context::statistics: return "statistics";
    case Context::news: return "news";
  }
  return "";
}

// `@category key | article | what | scope` → a category.
ClaimCategory parse_category(std::string_view line) {
  std::vector<std::string> parts;
  line.remove_prefix(std::string_view("@category").size());
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t bar = line.find('|', start);
    if (bar == std::string_view::npos) bar = line.size();
    std::string_view part = line.substr(start, bar - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    parts.emplace_back(part);
    start = bar + 1;
  }
  parts.resize(4);
  return {parts[0], parts[1], parts[2], parts[3] == "ad"};
}

// Sentence ends: a claim is judged by the words of its own sentence only.
bool ends_sentence(char32_t cp) {
  return cp == U'。' || cp == U'！' || cp == U'？' || cp == U'；' || cp == '!' || cp == '?' || cp == ';' ||
         cp == U'…' || cp == '\n';
}

constexpr std::size_t kNegationReach = 6;  // characters before the claim a negation may stand

}  // namespace

class ClaimCheck : public Check {
 public:
  static CheckInfo info() {
    return {"advertising/claim",
            Severity::warning,
            {{"claims", OptionType::phrase_list, "advertising-claims",
              "claims by category (`@category key | article | what | any|ad` lines, then phrases)"},
             {"contexts", OptionType::phrase_list, "advertising-claim-contexts",
              "words that make a claim no claim (`@negation`, `@debunk`, `@question`, `@advice`, `@statistics`, "
              "`@news` sections)"},
             {"other-severity", OptionType::string, "info",
              "severity of a claim in a document that is not an advertisement (claims in advertisements get the "
              "rule's severity)"},
             {"max-per-file", OptionType::integer, "20", "report at most this many findings per file, then one summary"}},
            false};
  }

  explicit ClaimCheck(const CheckOptions& options)
      : other_severity_(parse_severity(options.get_string("other-severity", "info")).value_or(Severity::info)),
        max_per_file_(options.get_int("max-per-file", 20)) {
    read_claims(options.get_phrases("claims", "advertising-claims"));
    read_contexts(options.get_phrases("contexts", "advertising-claim-contexts"));
  }

  void check(const Document& doc, Reporter& out) const override {
    // The decision is read only once a phrase is found: most documents hold none.
    const DocumentKind* kind = nullptr;
    auto document_kind = [&]() -> const DocumentKind& {
      if (!kind) kind = &doc.analysis<DocumentKind>();
      return *kind;
    };
    long reported = 0;
    std::optional<Span> first_left_out;
    Severity left_out_severity = other_severity_;
    std::vector<Found> found;
    auto scan = [&](std::string_view text, auto to_span) {
      if (!find_claims(text, document_kind, found)) return;
      const DocumentKind& decided = document_kind();
      const Severity severity = decided.advertisement ? Severity::error : other_severity_;  // capped at the rule's
      for (const Found& f : found) {
        if (reported++ < max_per_file_) {
          out.report(to_span(f.begin, f.end), severity, message(f, text, decided));
        } else if (!first_left_out) {
          first_left_out = to_span(f.begin, f.end);
          left_out_severity = severity;
        }
      }
    };
    // A post's title lives in its front matter, not in the body's blocks.
    if (doc.front_matter()) {
      const ArticleInfo& article = doc.analysis<ArticleInfo>();
      if (article.title && !article.title_span.empty()) {
        const Span title = article.title_span;
        scan(doc.slice(title), [&](std::size_t b, std::size_t e) { return Span{title.begin + b, title.begin + e}; });
      }
    }
    const auto& blocks = doc.blocks();
    const auto& characters = doc.analysis<BlockCharacters>();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (!filter_.may_occur(characters.signatures[i])) continue;
      const TextBlock& block = blocks[i];
      scan(block.text, [&](std::size_t b, std::size_t e) { return block.span(b, e); });
    }
    if (first_left_out)
      out.report(*first_left_out, left_out_severity,
                 fmt::format("{} more advertising claims in this file not reported (max-per-file is {})",
                             reported - max_per_file_, max_per_file_));
  }

 private:
  struct Found {
    std::size_t begin;
    std::size_t end;
    std::size_t phrase;
  };

  void read_claims(const std::vector<std::string>& entries) {
    for (const std::string& entry : entries) {
      if (entry.starts_with("@category")) {
        categories_.push_back(parse_category(entry));
        continue;
      }
      if (categories_.empty() || entry.empty()) continue;
      phrases_.push_back(entry);
      phrase_category_.push_back(categories_.size() - 1);
    }
    matcher_ = PhraseMatcher(phrases_, PhraseMatcher::Folding::exact);
    filter_ = PhraseFilter(phrases_, PhraseMatcher::Folding::exact);
  }

  void read_contexts(const std::vector<std::string>& entries) {
    std::optional<Context> section;
    for (const std::string& entry : entries) {
      if (entry.starts_with("@")) {
        const std::string_view name = std::string_view(entry).substr(1);
        section = name == "negation"     ? std::optional(Context::negation)
                  : name == "debunk"     ? std::optional(Context::debunk)
                  : name == "question"   ? std::optional(Context::question)
                  : name == "advice"     ? std::optional(Context::advice)
                  : name == "statistics" ? std::optional(Context::statistics)
                  : name == "news"       ? std::optional(Context::news)
                                         : std::nullopt;
        continue;
      }
      if (!section || entry.empty()) continue;
      context_words_.push_back(entry);
      context_kinds_.push_back(*section);
    }
    contexts_ = PhraseMatcher(context_words_, PhraseMatcher::Folding::exact);
  }

  // The asserted claims of one text, longest phrase first where they overlap;
  // false when there are none. `document_kind()` is asked only when a phrase
  // of an advertisement-only category is found.
  template <typename DocumentKindOf>
  bool find_claims(std::string_view text, DocumentKindOf& document_kind, std::vector<Found>& found) const {
    found.clear();
    matcher_.scan(text, [&](const PhraseMatcher::Match& m) {
      found.push_back({m.begin, m.end, m.phrase});
      return true;
    });
    if (found.empty()) return false;
    // Keep the longest of overlapping phrases, in text order.
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::vector<Found> kept;
    for (const Found& f : found) {
      if (!kept.empty() && f.begin < kept.back().end) continue;
      if (categories_[phrase_category_[f.phrase]].ads_only && !document_kind().advertisement) continue;
      if (judged_no_claim(text, f)) continue;
      kept.push_back(f);
    }
    found = std::move(kept);
    return !found.empty();
  }

  // Whether the sentence around the claim makes it no claim.
  bool judged_no_claim(std::string_view text, const Found& claim) const { return context_of(text, claim).has_value(); }

  std::optional<Context> context_of(std::string_view text, const Found& claim) const {
    const auto [begin, end] = sentence_around(text, claim.begin, claim.end);
    const std::size_t negation_from = back_characters(text, claim.begin, kNegationReach, begin);
    std::optional<Context> context;
    contexts_.scan(text.substr(begin, end - begin), [&](const PhraseMatcher::Match& m) {
      const std::size_t at = begin + m.begin;
      const std::size_t to = begin + m.end;
      const Context kind = context_kinds_[m.phrase];
      // A context word inside the claim itself (`不` of `永不复发`) is the claim's own.
      if (at < claim.end && to > claim.begin) return true;
      if (kind == Context::negation) {
        if (at >= negation_from && to <= claim.begin) context = kind;
      } else {
        context = kind;
      }
      return !context;
    });
    return context;
  }

  // [begin, end) of the sentence holding text[b, e).
  static std::pair<std::size_t, std::size_t> sentence_around(std::string_view text, std::size_t b, std::size_t e) {
    std::size_t begin = 0;
    for (std::size_t i = 0; i < b;) {
      const auto d = utf8::decode(text, i);
      i += d.length;
      if (ends_sentence(d.code_point)) begin = i;
    }
    std::size_t end = e;
    while (end < text.size()) {
      const auto d = utf8::decode(text, end);
      end += d.length;
      if (ends_sentence(d.code_point)) break;
    }
    return {begin, end};
  }

  // The offset `count` characters before `pos`, not before `floor`.
  static std::size_t back_characters(std::string_view text, std::size_t pos, std::size_t count, std::size_t floor) {
    while (count > 0 && pos > floor) {
      --pos;
      while (pos > floor && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
      --count;
    }
    return pos;
  }

  std::string message(const Found& f, std::string_view text, const DocumentKind& kind) const {
    const ClaimCategory& category = categories_[phrase_category_[f.phrase]];
    return fmt::format("advertising claim `{}` ({}: {}){}", text.substr(f.begin, f.end - f.begin), category.article,
                       category.what,
                       kind.advertisement ? " in a document that is an advertisement" : ", asserted as fact");
  }

  std::vector<ClaimCategory> categories_;
  std::vector<std::string> phrases_;
  std::vector<std::size_t> phrase_category_;
  PhraseMatcher matcher_;
  PhraseFilter filter_;
  std::vector<std::string> context_words_;
  std::vector<Context> context_kinds_;
  PhraseMatcher contexts_;
  Severity other_severity_;
  long max_per_file_;
};

void add_advertising_claim_check(CheckRegistry& registry) { registry.add<ClaimCheck>(); }

}  // namespace hlint
