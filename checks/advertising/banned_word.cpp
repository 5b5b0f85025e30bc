// advertising/banned-word: superlatives and absolute claims that Chinese law
// bans from medical advertising (`最佳`, `根治`, `治愈率98%`, `无效退款`), except in
// contexts where the word is no claim (`术后第一个月`, `无法根治`, `最佳治疗时机`).
// Words with characters pushed into them (`根.治`) are chars/split-word's, words
// with a Latin letter for a Han character (`Z佳`) chars/latin-for-han's.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "core/finding_cap.hpp"
#include "core/article.hpp"
#include "core/character_signature.hpp"
#include "core/check.hpp"
#include "core/phrase_matcher.hpp"
#include "core/utf8.hpp"

namespace hlint {

namespace {

bool is_digit(char32_t cp) { return utf8::is_ascii_digit(cp) || (cp >= U'０' && cp <= U'９'); }

constexpr std::string_view kPercentMarker = "{N%}";

// The word as written before a trailing `{N%}`.
std::string_view literal_part(std::string_view word) {
  if (word.size() > kPercentMarker.size() && word.ends_with(kPercentMarker)) word.remove_suffix(kPercentMarker.size());
  return word;
}

// A byte trie of words; a word may end with a percentage (`治愈率{N%}`).
class WordTrie {
 public:
  struct Match {
    std::size_t end = 0;
    std::size_t word = 0;
  };

  WordTrie() : nodes_(1) {}

  void add(std::string_view word, std::size_t index) {
    const bool percent = literal_part(word).size() != word.size();
    word = literal_part(word);
    std::size_t node = 0;
    for (unsigned char byte : word) {
      auto& next = nodes_[node].next;
      auto it = std::find_if(next.begin(), next.end(), [&](const auto& edge) { return edge.first == byte; });
      if (it == next.end()) {
        next.emplace_back(byte, nodes_.size());
        node = nodes_.size();
        nodes_.emplace_back();
      } else {
        node = it->second;
      }
    }
    if (node != 0 && !nodes_[node].word) {
      nodes_[node].word = index;
      nodes_[node].percent = percent;
    }
    max_bytes_ = std::max(max_bytes_, word.size());
  }

  // Every word that starts at text[begin]; calls found(match) for each, shortest first.
  template <typename Found>
  void walk(std::string_view text, std::size_t begin, Found found) const {
    std::size_t node = 0;
    for (std::size_t pos = begin; pos < text.size();) {
      const std::size_t length = utf8::decode(text, pos).length;
      node = step(node, text.substr(pos, length));
      if (node == 0) return;
      pos += length;
      if (const auto& word = nodes_[node].word) {
        if (!nodes_[node].percent)
          found(Match{pos, *word});
        else if (const auto end = percentage_end(text, pos))
          found(Match{*end, *word});
      }
    }
  }

  std::size_t max_bytes() const { return max_bytes_; }

 private:
  struct Node {
    std::vector<std::pair<unsigned char, std::size_t>> next;
    std::optional<std::size_t> word;
    bool percent = false;
  };

  std::size_t step(std::size_t node, std::string_view bytes) const {
    for (unsigned char byte : bytes) {
      const auto& next = nodes_[node].next;
      auto it = std::find_if(next.begin(), next.end(), [&](const auto& edge) { return edge.first == byte; });
      if (it == next.end()) return 0;
      node = it->second;
    }
    return node;
  }

  // `{N%}`: up to three Han characters (`高达`, `可达`), then `98%` or `99.5 %`.
  static std::optional<std::size_t> percentage_end(std::string_view text, std::size_t pos) {
    for (int skipped = 0; skipped <= 3 && pos < text.size(); ++skipped) {
      std::size_t p = pos;
      while (p < text.size() && text[p] == ' ') ++p;
      const std::size_t digits = p;
      while (p < text.size() && is_digit(utf8::decode(text, p).code_point)) p += utf8::decode(text, p).length;
      if (p > digits) {
        if (p + 1 < text.size() && text[p] == '.' && utf8::is_ascii_digit(static_cast<unsigned char>(text[p + 1]))) {
          ++p;
          while (p < text.size() && utf8::is_ascii_digit(static_cast<unsigned char>(text[p]))) ++p;
        }
        while (p < text.size() && text[p] == ' ') ++p;
        const auto sign = utf8::decode(text, std::min(p, text.size() - 1));
        if (p < text.size() && (sign.code_point == '%' || sign.code_point == U'％')) return p + sign.length;
        return std::nullopt;
      }
      const auto d = utf8::decode(text, pos);
      if (!utf8::is_han(d.code_point)) return std::nullopt;
      pos += d.length;
    }
    return std::nullopt;
  }

  std::vector<Node> nodes_;
  std::size_t max_bytes_ = 0;
};

}  // namespace

class BannedWordCheck : public Check {
 public:
  static CheckInfo info() {
    return {
        "advertising/banned-word",
        Severity::warning,
        {{"words", OptionType::phrase_list, "banned-words",
          "banned words; `{N%}` at the end stands for a percentage (`治愈率{N%}`)"},
         {"exceptions", OptionType::phrase_list, "banned-word-exceptions",
          "contexts in which a word is no claim (`第一次`, `无法根治`)"},
         {"max-per-file", OptionType::integer, "50", "report at most this many findings per file, then one summary"}}};
  }

  explicit BannedWordCheck(const CheckOptions& options)
      : words_(options.get_phrases("words", "banned-words")), max_per_file_(options.get_int("max-per-file", 50)) {
    std::vector<std::string> literals;
    for (std::size_t k = 0; k < words_.size(); ++k) {
      banned_.add(words_[k], k);
      literals.emplace_back(literal_part(words_[k]));
    }
    word_starts_ = PhraseMatcher(literals);
    word_filter_ = PhraseFilter(literals, PhraseMatcher::Folding::exact);
    std::size_t k = 0;
    for (const std::string& exception : options.get_phrases("exceptions", "banned-word-exceptions"))
      exceptions_.add(exception, k++);
  }

  void check(const Document& doc, Reporter& out) const override {
    FindingCap cap(out, max_per_file_);
    std::vector<std::size_t> starts;  // reused from text to text
    // A post's title lives in its front matter, not in the body's blocks.
    if (doc.front_matter()) {
      const ArticleInfo& article = doc.analysis<ArticleInfo>();
      if (article.title && !article.title_span.empty()) {
        const Span title = article.title_span;
        scan(
            doc.slice(title),
            [&](std::size_t b, std::size_t e) {
              return Span{title.begin + b, title.begin + e};
            },
            starts, cap);
      }
    }
    // A block without all the characters of some word holds none.
    const auto& blocks = doc.blocks();
    const auto& characters = doc.analysis<BlockCharacters>();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (!word_filter_.may_occur(characters.signatures[i])) continue;
      const TextBlock& block = blocks[i];
      scan(
          block.text, [&](std::size_t b, std::size_t e) { return block.span(b, e); }, starts, cap);
    }
    cap.finish("banned words");
  }

 private:
  // Walks the text a character at a time, reporting the longest word at each
  // position and going on after it. The trie is only walked where the
  // matcher found a word to start; the characters in between are stepped over
  // one by one, so the walk stops at exactly the positions it always did.
  template <typename ToSpan>
  void scan(std::string_view text, ToSpan to_span, std::vector<std::size_t>& starts, FindingCap& out) const {
    starts.clear();
    word_starts_.scan(text, [&](const PhraseMatcher::Match& match) {
      starts.push_back(match.begin);
      return true;
    });
    std::sort(starts.begin(), starts.end());  // the matcher reports in order of end
    std::size_t i = 0;
    for (const std::size_t start : starts) {
      while (i < start) i += utf8::decode(text, i).length;
      if (i != start) continue;  // inside a word reported already, or a duplicate
      std::optional<WordTrie::Match> longest;
      banned_.walk(text, i, [&](const WordTrie::Match& m) { longest = m; });
      if (longest && !excepted(text, i, longest->end)) {
        const std::string& word = words_[longest->word];
        const std::string_view written = text.substr(i, longest->end - i);
        out.report(to_span(i, longest->end), [&] {
          return written == word
                     ? fmt::format("`{}` is a claim banned in medical advertising (《广告法》, 《医疗广告管理办法》)",
                                   word)
                     : fmt::format(
                           "`{}` (`{}` and a percentage) is a claim banned in medical advertising "
                           "(《广告法》, 《医疗广告管理办法》)",
                           written, std::string_view(word).substr(0, word.size() - kPercentMarker.size()));
        });
        i = longest->end;
        continue;
      }
      i += utf8::decode(text, i).length;
    }
  }

  // Whether an exception written around text[begin, end) covers it entirely.
  bool excepted(std::string_view text, std::size_t begin, std::size_t end) const {
    const std::size_t reach = exceptions_.max_bytes();
    std::size_t start = begin > reach ? begin - reach : 0;
    while (start < begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
    for (std::size_t s = start; s <= begin; s += s < text.size() ? utf8::decode(text, s).length : 1) {
      bool covers = false;
      exceptions_.walk(text, s, [&](const WordTrie::Match& m) { covers = covers || m.end >= end; });
      if (covers) return true;
    }
    return false;
  }

  std::vector<std::string> words_;
  WordTrie banned_;
  PhraseMatcher word_starts_;  // the words without `{N%}`: where the trie may find one
  PhraseFilter word_filter_;   // the blocks in which word_starts_ may find one
  WordTrie exceptions_;
  long max_per_file_;
};

void add_banned_word_check(CheckRegistry& registry) { registry.add<BannedWordCheck>(); }

}  // namespace hlint
