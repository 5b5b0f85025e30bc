// chars/latin-for-han: a Latin letter standing in for a Han character
// (`Z主要` for 最主要) to slip past advertising-law word filters.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "chars/chars_scope.hpp"
#include "core/character_signature.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"

namespace hlint {

using chars::CodePoint;

namespace {

// What a letter may follow and still stand for a Han character: anything but
// the inside of a Latin word, a number, an identifier or a key combination
// (`Ctrl+Z`, `A-Z`, `GB/T`, `x_z`, `3.Z`).
bool joins_latin_word(char32_t previous) {
  if (utf8::is_ascii_letter(previous) || utf8::is_ascii_digit(previous)) return true;
  if ((previous >= 0xFF10 && previous <= 0xFF19) || (previous >= 0xFF21 && previous <= 0xFF3A) ||
      (previous >= 0xFF41 && previous <= 0xFF5A))
    return true;  // full-width letters and digits
  return std::u32string_view(U"+-_./\\&@#%=*^~").find(previous) != std::u32string_view::npos;
}

// `A到Z`, `A至Z`, `A~Z`, `A—Z`: the letter ends an alphabetical range (the
// two code points before it are `before_joiner` and `joiner`).
bool ends_letter_range(char32_t before_joiner, char32_t joiner) {
  const bool is_range_joiner = joiner == U'到' || joiner == U'至' || joiner == U'～' || joiner == U'—' ||
                               joiner == U'–' || joiner == U'~' || joiner == U'-';
  return is_range_joiner && utf8::is_ascii_letter(before_joiner);
}

class LatinForHanCheck : public Check {
 public:
  // The fix restores what the author wrote (see docs/fixing.md).
  static constexpr Applicability kFix = Applicability::safe;
  static CheckInfo info() {
    return {"chars/latin-for-han",
            Severity::warning,
            {{"letters", OptionType::phrase_list, "latin-for-han-letters",
              "`<letter> <Han character>` pairs: which letter stands in for which character"},
             {"words", OptionType::phrase_list, "latin-for-han-words",
              "words (written with the Han character) whose first character is replaced by the letter"},
             {"max-per-file", OptionType::integer, "50", "report at most this many words per file, then one summary finding"}},
            false};
  }

  explicit LatinForHanCheck(const CheckOptions& options) : max_per_file_(options.get_int("max-per-file", 50)) {
    std::map<std::string, std::vector<std::string>> words_by_first_character;
    for (const std::string& word : options.get_phrases("words", "latin-for-han-words")) {
      const std::size_t first = utf8::decode(word, 0).length;
      if (first < word.size()) words_by_first_character[word.substr(0, first)].push_back(word.substr(first));
    }
    for (const std::string& pair : options.get_phrases("letters", "latin-for-han-letters")) {
      // "Z 最": a letter, white space, the character it replaces.
      const auto letter = utf8::decode(pair, 0);
      std::string han(pair.substr(std::min(letter.length, pair.size())));
      han.erase(0, han.find_first_not_of(" \t"));
      auto found = words_by_first_character.find(han);
      if (han.empty() || found == words_by_first_character.end()) continue;
      Substitution substitution{letter.code_point, std::string(pair.substr(0, letter.length)), han, found->second};
      // Longest rest first, so `Z大程度` is read as 最大程度 rather than a shorter word.
      std::sort(substitution.rests.begin(), substitution.rests.end(),
                [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
      substitutions_.push_back(std::move(substitution));
    }
    // A letter listed twice stands for the first character given.
    for (std::size_t index = 0; index < substitutions_.size(); ++index)
      if (std::none_of(letters_.begin(), letters_.end(),
                       [&](std::size_t first) { return substitutions_[first].letter == substitutions_[index].letter; }))
        letters_.push_back(index);
    std::vector<std::string> letter_texts;
    for (const std::size_t index : letters_) letter_texts.push_back(substitutions_[index].letter_text);
    letter_filter_ = PhraseFilter(letter_texts, PhraseMatcher::Folding::exact);
  }

  void check(const Document& doc, Reporter& reporter) const override {
    if (substitutions_.empty()) return;
    chars::CappedReporter out(reporter, max_per_file_, "letters standing in for Han characters");
    std::vector<Letter> letters;
    // The body's segments lie in doc.blocks(), whose character signatures
    // (shared with the phrase checks) rule out every letter in most blocks.
    // Front matter values are always looked at.
    const std::vector<TextBlock>& blocks = doc.blocks();
    const BlockCharacters* characters = nullptr;  // computed at the first body segment
    for (const chars::Segment& segment : doc.analysis<chars::CharsScope>().segments()) {
      if (segment.body_block) {
        if (characters == nullptr) characters = &doc.analysis<BlockCharacters>();
        const auto block = static_cast<std::size_t>(segment.block - blocks.data());
        if (!letter_filter_.may_occur(characters->signatures[block])) continue;
      }
      find_letters(segment, letters);
      // Only a letter followed by a listed word is looked at further: most are not.
      std::optional<std::vector<CodePoint>> code_points;  // for a letter that may not start a code point
      for (const Letter& letter : letters) {
        const Substitution& substitution = *letter.substitution;
        // The text after the letter as check_letter reads it: after the code
        // point decoded there (the letter's bytes, unless the list gives an
        // invalid one).
        const std::string_view text = segment.block->text;
        const std::size_t letter_end = std::min(letter.offset + utf8::decode(text, letter.offset).length, segment.end);
        if (!first_rest(substitution, text.substr(letter_end, segment.end - letter_end))) continue;
        if (starts_code_point(text[letter.offset])) {
          check_letter(segment, letter.offset, substitution, out);
          continue;
        }
        // A letter whose first byte is a continuation byte (a list with an
        // invalid one) may lie inside a sequence: the segment is decoded.
        if (!code_points) code_points = chars::decode_segment(segment);
        const auto at = std::lower_bound(code_points->begin(), code_points->end(), letter.offset,
                                         [](const CodePoint& cp, std::size_t value) { return cp.begin < value; });
        if (at != code_points->end() && at->begin == letter.offset)
          check_letter(segment, letter.offset, substitution, out);
      }
    }
    out.finish();
  }

 private:
  struct Substitution {
    char32_t letter;
    std::string letter_text;
    std::string han;
    std::vector<std::string> rests;  // listed words without their first character
  };

  struct Letter {
    std::size_t offset;  // in the segment's block
    const Substitution* substitution;
  };

  // The letters in the segment, in order. find() passes over text much
  // faster than a look at every byte, and a letter's bytes start a code point
  // wherever they are found: its first byte is ASCII or a lead byte.
  void find_letters(const chars::Segment& segment, std::vector<Letter>& found) const {
    found.clear();
    const std::string_view text = segment.block->text;
    for (std::size_t index : letters_) {
      const Substitution* substitution = &substitutions_[index];
      const std::string& letter = substitution->letter_text;
      const std::string_view window = text.substr(0, std::min(text.size(), segment.end + letter.size() - 1));
      for (std::size_t at = window.find(letter, segment.begin); at != std::string_view::npos;
           at = window.find(letter, at + 1))
        found.push_back({at, substitution});
    }
    std::sort(found.begin(), found.end(), [](const Letter& a, const Letter& b) { return a.offset < b.offset; });
  }

  // The first listed rest that `after` starts with, if any.
  static const std::string* first_rest(const Substitution& substitution, std::string_view after) {
    for (const std::string& rest : substitution.rests)
      if (after.substr(0, rest.size()) == rest) return &rest;
    return nullptr;
  }

  // A byte that is no continuation byte starts a code point wherever it is
  // (decode_segment never reads one inside a sequence).
  static bool starts_code_point(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }

  // The letter at `offset`, a code point of the segment (as decode_segment
  // reads it), and what comes before it: only the one or two code points
  // before it are decoded.
  void check_letter(const chars::Segment& segment, std::size_t offset, const Substitution& substitution,
                    chars::CappedReporter& out) const {
    const std::string_view text = segment.block->text;
    const auto decoded = utf8::decode(text, offset);
    const CodePoint letter{decoded.code_point, offset, std::min(offset + decoded.length, segment.end)};
    if (letter.begin > segment.begin) {
      const CodePoint previous = chars::code_point_before(segment, letter.begin);
      if (joins_latin_word(previous.value)) return;
      if (previous.begin > segment.begin &&
          ends_letter_range(chars::code_point_before(segment, previous.begin).value, previous.value))
        return;
    }
    const std::string_view after = text.substr(letter.end, segment.end - letter.end);
    for (const std::string& rest : substitution.rests) {
      if (after.substr(0, rest.size()) != rest) continue;
      const std::string written = substitution.letter_text + rest;
      const std::string meant = substitution.han + rest;
      Fix fix{fmt::format("replace `{}` with `{}`", substitution.letter_text, substitution.han),
              {Edit{segment.span(letter.begin, letter.end), substitution.han}}};
      out.report(segment.span(letter.begin, letter.end + rest.size()),
                 fmt::format("`{}` looks like `{}` with {} replaced by {}", written, meant, substitution.han,
                             substitution.letter_text),
                 std::move(fix));
      return;
    }
  }

  long max_per_file_;
  std::vector<Substitution> substitutions_;
  std::vector<std::size_t> letters_;  // in substitutions_, the first substitution of each letter
  PhraseFilter letter_filter_;        // the blocks that may hold one of the letters
};

}  // namespace

void add_latin_for_han_check(CheckRegistry& registry) { registry.add<LatinForHanCheck>(); }

}  // namespace hlint
