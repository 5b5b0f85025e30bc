// contact/obfuscated: an e-mail address written so that it does not work
// (`tousu#mail.39.net`, `name[at]site[dot]com`), a trick against harvesters
// that also defeats the reader. The fix writes the real `@` and `.` back.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "core/character_signature.hpp"
#include "core/finding_cap.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"
#include "contact/ascii_run.hpp"

namespace hlint {

namespace {

bool is_local_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '%' || c == '+' || c == '-';
}
bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// A local part glued to one of these is part of a URL or an expression
// (`/page.html#top.x`, `key=a#b.cd`), not an address.
bool continues_url(char c) {
  return c == '/' || c == ':' || c == '@' || c == '=' || c == '?' || c == '&' || c == '#' || c == '\\';
}

// Substitute texts, lower-cased; `\#` in the data file stands for `#`.
std::vector<std::string> load_substitutes(std::vector<std::string> entries) {
  std::vector<std::string> out;
  for (std::string& entry : entries) {
    if (entry == "\\#") entry = "#";
    std::transform(entry.begin(), entry.end(), entry.begin(), lower);
    if (!entry.empty()) out.push_back(std::move(entry));
  }
  // Longest first, so `[#]` wins over `#`.
  std::stable_sort(out.begin(), out.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

bool equals_at(std::string_view text, std::size_t pos, std::string_view lowered) {
  if (text.size() - pos < lowered.size()) return false;
  for (std::size_t k = 0; k < lowered.size(); ++k)
    if (lower(text[pos + k]) != lowered[k]) return false;
  return true;
}

std::size_t skip_spaces(std::string_view text, std::size_t pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
  return pos;
}

struct Address {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::vector<Edit> edits;  // in block offsets for now
  std::string at_substitute;
};

}  // namespace

class ObfuscatedContactCheck : public Check {
 public:
  // The fix removes or rewrites content (see docs/fixing.md).
  static constexpr Applicability kFix = Applicability::unsafe;
  static CheckInfo info() {
    return {
        "contact/obfuscated",
        Severity::warning,
        {{"at-substitutes", OptionType::phrase_list, "email-at-substitutes", "what stands for `@` (`#`, `[at]`...)"},
         {"dot-substitutes", OptionType::phrase_list, "email-dot-substitutes",
          "what stands for `.` in the domain (`[dot]`...)"},
         {"max-per-file", OptionType::integer, "50", "report at most this many findings per file, then one summary"}},
        false};
  }

  explicit ObfuscatedContactCheck(const CheckOptions& options)
      : at_substitutes_(load_substitutes(options.get_phrases("at-substitutes", "email-at-substitutes"))),
        dot_substitutes_(load_substitutes(options.get_phrases("dot-substitutes", "email-dot-substitutes"))),
        max_per_file_(options.get_int("max-per-file", 50)) {
    substitute_filter_ = PhraseFilter(at_substitutes_, PhraseMatcher::Folding::exact);
    for (std::size_t k = 0; k < at_substitutes_.size(); ++k)
      by_first_byte_[static_cast<unsigned char>(at_substitutes_[k][0])].push_back(k);
    for (int byte = 0; byte < 256; ++byte)
      may_start_[byte] = !by_first_byte_[static_cast<unsigned char>(lower(static_cast<char>(byte)))].empty();
  }

  void check(const Document& doc, Reporter& out) const override {
    FindingCap cap(out, max_per_file_);
    // An address holds an `@` substitute and a domain label of ASCII
    // characters: the blocks whose characters rule out either are skipped.
    static constexpr AsciiSet kLabelCharacters("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
    const std::vector<TextBlock>& blocks = doc.blocks();
    const BlockCharacters& characters = doc.analysis<BlockCharacters>();
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      if (!characters.ascii[b].contains_any_of(kLabelCharacters) ||
          !substitute_filter_.may_occur(characters.signatures[b]))
        continue;
      const TextBlock& block = blocks[b];
      const std::string_view text = block.text;
      // An address's local part ends with an ASCII byte right before the
      // substitute (or before spaces): only positions after one are tried.
      std::size_t before = contact::next_ascii(text, 0);
      while (before + 1 < text.size()) {
        const std::size_t i = before + 1;
        std::size_t next = i;  // where the next ASCII byte is looked for
        if (may_start_[static_cast<unsigned char>(text[i])] && (is_local_char(text[before]) || text[before] == ' ')) {
          if (const auto address = address_at(text, i)) {
            Fix fix{fmt::format("write `@` for `{}`", address->at_substitute), {}};
            for (const Edit& edit : address->edits)
              fix.edits.push_back({block.span(edit.span.begin, edit.span.end), edit.replacement});
            cap.report(
                block.span(address->begin, address->end),
                [&] {
                  return fmt::format(
                      "obfuscated e-mail address `{}`: `{}` stands for `@`, so the address does not work",
                      text.substr(address->begin, address->end - address->begin), address->at_substitute);
                },
                std::move(fix));
            next = address->end - 1;  // the next substitute may directly follow the address
          }
        }
        before = contact::next_ascii(text, next);
      }
    }
    cap.finish("obfuscated addresses");
  }

 private:
  // The longest `@` substitute written at text[at], if any.
  const std::string* substitute_at(std::string_view text, std::size_t at) const {
    for (std::size_t k : by_first_byte_[static_cast<unsigned char>(lower(text[at]))])
      if (equals_at(text, at, at_substitutes_[k])) return &at_substitutes_[k];
    return nullptr;
  }

  // The address around a substitute starting at text[at], if there is one.
  std::optional<Address> address_at(std::string_view text, std::size_t at) const {
    const std::string* substitute = substitute_at(text, at);
    if (!substitute) return std::nullopt;
    // One character (`#`, `＃`, `＠`) may be many things; a bracketed word is not.
    const bool unambiguous = utf8::length(*substitute) > 1;

    Address address;
    address.at_substitute = std::string(text.substr(at, substitute->size()));
    std::size_t local_end = at;
    if (unambiguous)
      while (local_end > 0 && text[local_end - 1] == ' ') --local_end;
    std::size_t local_begin = local_end;
    while (local_begin > 0 && is_local_char(text[local_begin - 1])) --local_begin;
    const std::string_view local = text.substr(local_begin, local_end - local_begin);
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') return std::nullopt;
    if (local_begin > 0 && continues_url(text[local_begin - 1])) return std::nullopt;
    if (local.rfind("www.", 0) == 0 || local.rfind("http", 0) == 0) return std::nullopt;

    std::size_t pos = at + substitute->size();
    if (unambiguous) pos = skip_spaces(text, pos);
    address.edits.push_back({{local_end, pos}, "@"});

    // The domain: labels joined by `.` or a dot substitute.
    std::vector<std::string_view> labels;
    while (true) {
      const std::size_t label_begin = pos;
      while (pos < text.size() && is_label_char(text[pos])) ++pos;
      if (pos == label_begin) break;
      labels.push_back(text.substr(label_begin, pos - label_begin));
      if (pos < text.size() && text[pos] == '.' && pos + 1 < text.size() && is_label_char(text[pos + 1])) {
        ++pos;
        continue;
      }
      const auto dot = std::find_if(dot_substitutes_.begin(), dot_substitutes_.end(),
                                    [&](const std::string& s) { return equals_at(text, pos, s); });
      if (dot == dot_substitutes_.end() || pos + dot->size() >= text.size() || !is_label_char(text[pos + dot->size()]))
        break;
      address.edits.push_back({{pos, pos + dot->size()}, "."});
      pos += dot->size();
    }
    if (labels.empty()) return std::nullopt;
    // Followed by a path or another `@`: part of a URL or of something else.
    if (pos < text.size() && (text[pos] == '/' || text[pos] == '@' || text[pos] == '#')) return std::nullopt;

    const std::string_view top = labels.back();
    const bool top_is_domain =
        labels.size() >= 2 && top.size() >= 2 && top.size() <= 24 && std::all_of(top.begin(), top.end(), is_letter);
    if (unambiguous ? labels.front().size() < 2 : !top_is_domain) return std::nullopt;
    address.begin = local_begin;
    address.end = pos;
    return address;
  }

  std::vector<std::string> at_substitutes_;
  std::vector<std::string> dot_substitutes_;
  // Indexes into at_substitutes_ by the substitute's first byte, longest first.
  std::array<std::vector<std::size_t>, 256> by_first_byte_;
  std::array<bool, 256> may_start_{};  // a substitute starts with this byte, in either case
  PhraseFilter substitute_filter_;     // the blocks that may hold an `@` substitute (ASCII case folded)
  long max_per_file_;
};

void add_obfuscated_contact_check(CheckRegistry& registry) { registry.add<ObfuscatedContactCheck>(); }

}  // namespace hlint
