// disclaimer/missing: a health article with no medical disclaimer (`仅供参考，不作
// 诊断依据`, `请遵医嘱`, `not medical advice`...). A platform notice (`本文由第三方
// 发布，内容不代表本网站的观点`) disclaims the site's liability and an advertising
// notice (`【广告】…结果仅供参考`) marks an advertisement: neither is a medical
// disclaimer. Only documents that give health information (DocumentKind) need
// one, unless `documents: all`. Cues are also matched in Traditional Chinese.
//
// The document decision counts every health word; a page about the health
// sector (a forum of hospital directors, a cloud deal for clinics) says
// `中医`, `医院`, `就医` throughout yet tells the reader nothing about a body,
// a condition or a treatment. Before reporting, the check asks for a few
// distinct health words other than the sector's (`topic-words`).
#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/article.hpp"
#include "core/character_signature.hpp"
#include "core/check.hpp"
#include "core/phrase_matcher.hpp"
#include "core/script_variants.hpp"

namespace hlint {

namespace {

// The three phrase lists in one list, and which list each phrase came from.
enum class Cue : unsigned char { disclaimer, generic, notice, advertising };

struct CueList {
  std::vector<std::string> phrases;
  std::vector<Cue> kinds;

  void add(std::vector<std::string> list, Cue kind) {
    list = with_traditional_spellings(std::move(list));
    phrases.insert(phrases.end(), list.begin(), list.end());
    kinds.insert(kinds.end(), list.size(), kind);
  }
};

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
             {"advertising-notice-cues", OptionType::phrase_list, "advertising-notice-cues",
              "phrases of an advertising notice (`【广告】`): a reservation in the same block is no medical disclaimer"},
             {"documents", OptionType::string, "health",
              "which documents need a disclaimer: `health` (those that give health information, see "
              "docs/document-kind.md) or `all`"},
             {"min-chars", OptionType::integer, "100", "documents with fewer Han characters of text are not checked"},
             {"health-words", OptionType::phrase_list, "health-terms",
              "words of health information (the list the document decision counts)"},
             {"sector-words", OptionType::phrase_list, "health-sector-terms",
              "health words that name the sector rather than a body, condition or treatment (`医院`, `中医`)"},
             {"topic-words", OptionType::integer, "3",
              "a health document needs a disclaimer only when its paragraphs hold at least this many distinct "
              "health words that are not sector words (0: always)"}},
            false};
  }

  explicit DisclaimerMissingCheck(const CheckOptions& options)
      : all_documents_(options.get_string("documents", "health") == "all"), min_chars_(options.get_int("min-chars", 100)) {
    CueList cues;
    cues.add(options.get_phrases("cues", "disclaimer-cues"), Cue::disclaimer);
    cues.add(options.get_phrases("generic-cues", "disclaimer-generic-cues"), Cue::generic);
    cues.add(options.get_phrases("platform-notice-cues", "platform-notice-cues"), Cue::notice);
    cues.add(options.get_phrases("advertising-notice-cues", "advertising-notice-cues"), Cue::advertising);
    matcher_ = PhraseMatcher(cues.phrases, PhraseMatcher::Folding::compact);
    filter_ = PhraseFilter(cues.phrases, PhraseMatcher::Folding::compact);
    kinds_ = std::move(cues.kinds);
    const std::vector<std::string> sector = options.get_phrases("sector-words", "health-sector-terms");
    const std::unordered_set<std::string> sector_set(sector.begin(), sector.end());
    for (std::string& word : options.get_phrases("health-words", "health-terms"))
      if (!sector_set.contains(word)) topic_words_.push_back(std::move(word));
    topic_matcher_ = PhraseMatcher(topic_words_);
    min_topic_words_ = std::max(0L, options.get_int("topic-words", 3));
    relate_to_document_kind();
  }

  void check(const Document& doc, Reporter& out) const override {
    const auto& blocks = doc.blocks();
    if (!has_han_chars(blocks, min_chars_)) return;
    if (!all_documents_ && !doc.analysis<DocumentKind>().health_information) return;
    const auto& characters = doc.analysis<BlockCharacters>();
    // Any disclaimer anywhere settles it, and a disclaimer usually closes the
    // article: look from the last block back. Only blocks holding all the
    // characters of some cue are searched.
    const TextBlock* notice = nullptr;     // the first platform notice in the document
    const TextBlock* advertising = nullptr;  // the first advertising notice holding a reservation
    for (std::size_t i = blocks.size(); i-- > 0;) {
      if (!filter_.may_occur(characters.signatures[i])) continue;
      const Found found = find_cues(blocks[i].text);
      if (found.disclaimer && !found.advertising) return;
      if (found.generic && !found.notice && !found.advertising) return;
      if (found.notice) notice = &blocks[i];
      if (found.advertising && (found.generic || found.disclaimer)) advertising = &blocks[i];
    }

    if (!all_documents_ && !names_health_topics(doc)) return;

    if (advertising) {
      out.report(advertising->span(),
                 "no medical disclaimer: this advertising notice says the advertised results are only a reference, "
                 "which is not a medical disclaimer (add e.g. `本文仅供参考，不作诊断依据，如有不适请及时就医`)");
      return;
    }

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
  struct Found {
    bool disclaimer = false;
    bool generic = false;
    bool notice = false;
    bool advertising = false;
  };

  // Which topic words are words of the document decision's health list:
  // the decision has looked for them already (DocumentKind::health_words_found).
  void relate_to_document_kind() {
    const std::vector<std::string>& health = DocumentKind::health_words();
    std::unordered_map<std::string_view, std::uint32_t> first_health_index;  // of each text
    for (std::uint32_t k = 0; k < health.size(); ++k) first_health_index.emplace(health[k], k);
    topics_of_health_word_.assign(health.size(), {});
    all_topics_in_health_words_ = true;
    for (std::uint32_t t = 0; t < topic_words_.size(); ++t) {
      const auto found = first_health_index.find(topic_words_[t]);
      if (found == first_health_index.end()) {
        all_topics_in_health_words_ = false;
        continue;
      }
      topics_of_health_word_[found->second].push_back(t);
    }
  }

  // Whether the paragraphs (as the document decision counts them) hold
  // min_topic_words_ distinct health words that are not the sector's. The
  // words the decision found count first; the paragraphs it did not read
  // are read only when they are not enough (and all of them when some
  // topic word is not on its list).
  bool names_health_topics(const Document& doc) const {
    if (min_topic_words_ == 0) return true;
    std::vector<bool> seen(topic_words_.size(), false);
    long distinct = 0;
    const DocumentKind& kind = doc.analysis<DocumentKind>();
    for (const std::uint32_t k : kind.health_words_found) {
      for (const std::uint32_t t : topics_of_health_word_[k]) {
        seen[t] = true;
        ++distinct;
      }
    }
    if (distinct >= min_topic_words_) return true;
    std::size_t first_block = kind.health_scan_end;
    if (!all_topics_in_health_words_) {
      std::fill(seen.begin(), seen.end(), false);
      distinct = 0;
      first_block = 0;
    }
    auto scan = [&](std::string_view text) {
      topic_matcher_.scan(text, [&](const PhraseMatcher::Match& match) {
        if (!seen[match.phrase]) {
          seen[match.phrase] = true;
          ++distinct;
        }
        return distinct < min_topic_words_;
      });
    };
    const ArticleInfo& article = doc.analysis<ArticleInfo>();
    if (!all_topics_in_health_words_ && article.title && doc.front_matter()) scan(*article.title);  // read by the decision otherwise
    const auto& blocks = doc.blocks();
    for (std::size_t i = first_block; i < blocks.size(); ++i) {
      if (distinct >= min_topic_words_) break;
      if (blocks[i].text.size() >= DocumentKind::kMinParagraphBytes) scan(blocks[i].text);
    }
    return distinct >= min_topic_words_;
  }

  // Which kinds of cue one block holds; stops at a disclaimer, which decides alone.
  Found find_cues(std::string_view text) const {
    Found found;
    matcher_.scan(text, [&](const PhraseMatcher::Match& match) {
      switch (kinds_[match.phrase]) {
        case Cue::disclaimer:
          found.disclaimer = true;
          break;
        case Cue::generic:
          found.generic = true;
          break;
        case Cue::notice:
          found.notice = true;
          break;
        case Cue::advertising:
          found.advertising = true;
          break;
      }
      return true;
    });
    return found;
  }

  PhraseMatcher matcher_;   // disclaimer, generic and notice cues, white space and punctuation ignored
  PhraseFilter filter_;     // the blocks in which matcher_ may find a cue
  std::vector<Cue> kinds_;  // per phrase of matcher_
  std::vector<std::string> topic_words_;  // health words that are not sector words
  PhraseMatcher topic_matcher_;           // topic_words_
  // Per word of DocumentKind::health_words() (the first of each text), the
  // topic words of that text.
  std::vector<std::vector<std::uint32_t>> topics_of_health_word_;
  bool all_topics_in_health_words_ = false;  // every topic word is on the decision's list
  long min_topic_words_ = 3;
  bool all_documents_;
  long min_chars_;
};

void add_disclaimer_missing_check(CheckRegistry& registry) { registry.add<DisclaimerMissingCheck>(); }

}  // namespace hlint
