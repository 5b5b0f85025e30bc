// Finds every phrase of a list in one pass over a text (Aho-Corasick compiled
// to a complete table of transitions). Checks build one per phrase list when
// they are constructed and then scan each block once, instead of calling
// find() once per phrase per block.
//
// Folding::compact matches the way editors read: white space and punctuation
// are ignored and ASCII is case-folded, so `仅供参考，不作诊断依据` also matches
// `仅供参考 不作诊断依据`. Matches are always reported as offsets in the text
// that was scanned, never in a folded copy.
//
// The automaton steps once per character, not once per byte: a Chinese
// character is one table lookup instead of three dependent ones, which is
// most of the cost of a scan. Each character maps to a class (one per code
// point that occurs in some phrase, 0 for all others) through a page table.
// Two cases step over bytes instead, with the same matches on valid text: a
// phrase that is not valid UTF-8 (a character automaton cannot match half a
// character), and a list so large that a table over its characters would not
// fit in cache while one over its (at most 256) bytes would be smaller.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.hpp"

namespace hlint {

class PhraseMatcher {
 public:
  enum class Folding { exact, compact };

  struct Match {
    std::uint32_t phrase;  // index in the list given to the constructor
    std::size_t begin;     // [begin, end) in the scanned text
    std::size_t end;
  };

  PhraseMatcher() = default;
  // Empty phrases (and phrases that fold to nothing) never match.
  explicit PhraseMatcher(const std::vector<std::string>& phrases, Folding folding = Folding::exact);

  bool empty() const { return phrase_count_ == 0; }
  Folding folding() const { return folding_; }

  // Calls on_match(const Match&) for every occurrence, overlapping ones
  // included, in order of their end (then longest first). on_match returns
  // true to go on, false to stop the scan.
  //
  // Any bytes are safe to scan. Exact matches are those find() reports, on
  // any bytes. Compact matches are defined for valid UTF-8 text (what the
  // model holds): with invalid bytes on both sides of a character folding
  // drops, whether they join into one character is left unspecified. A
  // phrase that is not valid UTF-8 matches byte for byte, in compact folding
  // only where a character of the text ends.
  template <typename OnMatch>
  void scan(std::string_view text, OnMatch&& on_match) const;

  bool contains_any(std::string_view text) const {
    bool found = false;
    scan(text, [&](const Match&) {
      found = true;
      return false;
    });
    return found;
  }

  // What compact folding keeps of a code point, if anything (exposed so
  // checks that fold text themselves agree with the matcher).
  static bool compact_drops(char32_t cp) {
    return utf8::is_whitespace(cp) || utf8::is_cjk_punctuation(cp) || utf8::is_ascii_punctuation(cp);
  }
  static std::string compact(std::string_view text);

 private:
  enum class Unit : std::uint8_t { character, byte };  // what one step of the automaton consumes

  // The class of one character of the text and its length in bytes.
  struct Symbol {
    std::uint32_t symbol_class;
    std::size_t length;
  };
  // Compact folding: the class of characters the folding drops. They are
  // skipped before the automaton sees them, so this is no column of the table.
  static constexpr std::uint16_t kDropped = 0xFFFF;
  // class_pages_ holds the classes of 64 code points per page: a three-byte
  // character's page is its first two bytes' low bits, its place in the page
  // the third byte's (see symbol_at).
  static constexpr unsigned kPageBits = 6;
  static constexpr char32_t kPageMask = (1u << kPageBits) - 1;

  std::uint32_t class_of(char32_t cp) const {
    if (cp < 0x80) return ascii_class_[cp];
    return paged_class_of(cp);
  }
  std::uint32_t paged_class_of(char32_t cp) const { return class_in_page(cp >> kPageBits, cp & kPageMask); }
  std::uint32_t class_in_page(std::size_t page, std::size_t place) const {
    return class_pages_[(std::size_t{page_of_[page]} << kPageBits) | place];
  }
  Symbol symbol_at(std::string_view text, std::size_t i) const;
  void build(const std::vector<std::vector<std::uint32_t>>& keys);
  void build_character_classes(const std::vector<std::u32string>& keys);

  template <typename OnMatch>
  void scan_characters(std::string_view text, OnMatch& on_match) const;
  template <bool kSkipsPairs, typename OnMatch>
  void scan_characters_loop(std::string_view text, OnMatch& on_match) const;
  template <typename OnMatch>
  void scan_characters_compact(std::string_view text, OnMatch& on_match) const;
  template <typename OnMatch>
  void scan_bytes(std::string_view text, OnMatch& on_match) const;
  template <typename OnMatch>
  void scan_bytes_compact(std::string_view text, OnMatch& on_match) const;
  // Reports the phrases that end where the scan reached `row`; begin_of(phrase)
  // says where each began. False if on_match asked to stop.
  template <typename BeginOf, typename OnMatch>
  bool report(std::uint32_t row, std::size_t end, BeginOf begin_of, OnMatch& on_match) const;
  // report() for scan_characters, out of its loop.
  template <typename OnMatch>
  bool report_exact(std::uint32_t row, std::size_t end, OnMatch& on_match) const;
  // Compact scans: a ring of the offsets where the last fed units began, long
  // enough for the longest phrase (on the stack unless that is long).
  class OffsetRing;

  Folding folding_ = Folding::exact;
  Unit unit_ = Unit::character;
  std::uint32_t phrase_count_ = 0;
  std::uint32_t class_count_ = 1;  // columns of the table; class 0 = in no phrase

  // Unit::character: class of each code point. ASCII has its own table (the
  // common case, tested first anyway); the other code points go through a
  // page table, pages without a phrase character sharing page 0 (all zeros).
  std::uint16_t ascii_class_[128] = {};
  std::vector<std::uint16_t> page_of_;      // code point >> kPageBits -> page in class_pages_
  std::vector<std::uint16_t> class_pages_;  // page * 64 + (code point & 0x3F) -> class
  // The same classes in one table for scan_characters: from
  // kLookupThreeBytePages, the page of each three-byte character by its
  // (second & 0x3F) << 8 | (lead & 0x0F), its first two bytes read as a
  // number with the bits that are not the code point's masked off (page 0
  // where the two bytes make no valid character: an overlong E0, a surrogate
  // ED); from kLookupAscii, the classes of ASCII; from kLookupPages,
  // class_pages_.
  static constexpr std::size_t kLookupThreeBytePages = 0;
  static constexpr std::size_t kLookupAscii = 0x3F10;
  static constexpr std::size_t kLookupPages = kLookupAscii + 128;
  std::vector<std::uint16_t> lookup_;
  // Unit::byte: class of each byte.
  unsigned char byte_class_[256] = {};

  // The automaton. States are numbered so that those with an output (a phrase
  // ends there) come last, so "any output?" is one comparison, and a
  // transition holds the next state's row offset (state * class_count_), so a
  // step is one load.
  std::vector<std::uint32_t> transitions_;   // row + class -> next row
  std::uint32_t first_output_row_ = 0;       // rows >= this have outputs
  std::vector<std::uint32_t> output_begin_;  // per state, into outputs_ (size states + 1)
  std::vector<std::uint32_t> outputs_;       // phrase indexes, own and inherited through failure links, longest first
  std::vector<std::uint32_t> key_bytes_;     // folded byte length of each phrase
  std::vector<std::uint32_t> key_units_;     // length of each phrase in automaton steps
  std::size_t ring_size_ = 1;                // compact: a power of two >= the longest phrase in units
  // scan_characters steps over pairs of characters (see there): 0 when it
  // does not (bytes, or a phrase of one character), else one more than the
  // classes of the first and second characters of phrases.
  std::uint32_t pair_bound_ = 0;
  std::uint32_t pair_classes_ = 0;  // classes of first and second characters: 1..pair_classes_
};

class PhraseMatcher::OffsetRing {
 public:
  explicit OffsetRing(std::size_t size) : mask_(size - 1) {
    if (size > kOnStack) {
      heap_.resize(size);
      offsets_ = heap_.data();
    }
  }
  OffsetRing(const OffsetRing&) = delete;
  OffsetRing& operator=(const OffsetRing&) = delete;

  // Where the unit fed as number `unit` (counting from 0) began in the text;
  // valid for the last `size` units. The count is the caller's: kept in a
  // local, it stays in a register.
  std::size_t& operator[](std::size_t unit) { return offsets_[unit & mask_]; }

 private:
  static constexpr std::size_t kOnStack = 256;
  std::size_t on_stack_[kOnStack];
  std::vector<std::size_t> heap_;
  std::size_t* offsets_ = on_stack_;
  std::size_t mask_;
};

// Always inlined: it is the step of every scan, and a call per character costs
// as much as the step (GCC kept it out of line in some scans).
[[gnu::always_inline]] inline PhraseMatcher::Symbol PhraseMatcher::symbol_at(std::string_view text, std::size_t i) const {
  const unsigned char lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return {ascii_class_[lead], 1};
  // Most of a Chinese text: a three-byte character whose lead byte (E1..EC,
  // EE, EF) allows neither an overlong form nor a surrogate, so it is valid
  // as soon as two continuation bytes follow. Its code point is never put
  // together: the bits of the first two bytes are its page, the third's its
  // place in the page.
  static_assert(kPageBits == 6, "a page is the code points that share all but a third byte's bits");
  if (lead - 0xE1u <= 0xEFu - 0xE1u && lead != 0xED && i + 2 < text.size()) {
    const unsigned second = static_cast<unsigned char>(text[i + 1]);
    const unsigned third = static_cast<unsigned char>(text[i + 2]);
    if (((second ^ 0x80) | (third ^ 0x80)) <= 0x3F)
      return {class_in_page((lead & 0x0F) << 6 | (second & 0x3F), third & 0x3F), 3};
  }
  const utf8::Decoded d = utf8::decode(text, i);
  // An invalid byte decodes as a one-byte U+FFFD: it must not match a real
  // U+FFFD in a phrase, and no valid phrase has it, so it is in no phrase.
  if (d.length == 1) return {0, 1};
  return {class_of(d.code_point), d.length};
}

template <typename BeginOf, typename OnMatch>
bool PhraseMatcher::report(std::uint32_t row, std::size_t end, BeginOf begin_of, OnMatch& on_match) const {
  const std::uint32_t state = row / class_count_;
  for (std::uint32_t k = output_begin_[state]; k < output_begin_[state + 1]; ++k) {
    const std::uint32_t phrase = outputs_[k];
    if (!on_match(Match{phrase, begin_of(phrase), end})) return false;
  }
  return true;
}

// The scan loops copy what the step reads into locals: on_match may write
// anywhere, so members would have to be read again after every match.

// The scan most checks run, and most of their cost: one step per character
// of (mostly Chinese) text. While four bytes are left, a character is read
// from one load of them: an ASCII character's class from lookup_ at once, a
// three-byte character's (a lead E0..EF and two continuation bytes, one
// test) through its page. An overlong E0 or surrogate ED sequence, which
// symbol_at() reads as three invalid bytes, finds class 0 there at once:
// three steps of class 0 lead to the root as one does, and no match begins or
// ends inside them. Everything else, and the last three bytes, go through
// symbol_at(). The reporting of matches is a call out of the loop (rare), so
// that the loop's pointers stay in registers.
template <typename OnMatch>
void PhraseMatcher::scan_characters(std::string_view text, OnMatch& on_match) const {
  if (pair_bound_ > 0)
    scan_characters_loop<true>(text, on_match);
  else
    scan_characters_loop<false>(text, on_match);
}

template <bool kSkipsPairs, typename OnMatch>
void PhraseMatcher::scan_characters_loop(std::string_view text, OnMatch& on_match) const {
  const std::uint32_t* const transitions = transitions_.data();
  const std::uint16_t* const lookup = lookup_.data();
  const std::uint32_t first_output_row = first_output_row_;
  const unsigned char* const begin = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* const end = begin + text.size();
  const unsigned char* const four_left_end = text.size() >= 4 ? end - 3 : begin;
  std::uint32_t row = 0;
  const unsigned char* p = begin;
  // At the root, with no phrase of one character: from the root, a first
  // character leads at most one character deep, with no match; a second one
  // that is neither the first nor the second character of any phrase then
  // leads back to the root, with no match either. So two three-byte
  // characters (one load of eight bytes) are read by the second one's class
  // first: outside 1..pair_bound_ - 1 (the classes of first and second
  // characters), the pair is stepped over; else both are stepped through.
  const std::uint32_t pair_bound = pair_bound_;
  const unsigned char* const pairs_end = text.size() >= 8 ? end - 7 : begin;
  const auto three_byte_class = [lookup](std::uint32_t bytes) -> std::uint32_t {
    const std::size_t page = lookup[kLookupThreeBytePages + (bytes & 0x3F0Fu)];
    return lookup[kLookupPages + (page << kPageBits | (bytes >> 16 & 0x3Fu))];
  };
  while (p < four_left_end) {
    if constexpr (kSkipsPairs) {
      if (row == 0 && p < pairs_end) {
        const std::uint64_t eight = utf8::load_first_byte_lowest<std::uint64_t>(p);
        if ((eight & 0xC0C0F0C0C0F0u) == 0x8080E08080E0u) {
          const std::uint32_t second_class = three_byte_class(static_cast<std::uint32_t>(eight >> 24));
          p += 6;
          if (second_class - 1u >= pair_bound - 1u) continue;
          row = transitions[three_byte_class(static_cast<std::uint32_t>(eight))];  // one deep at most, no match
          row = transitions[row + second_class];
          if (row >= first_output_row) [[unlikely]] {
            if (!report_exact(row, static_cast<std::size_t>(p - begin), on_match)) return;
          }
          continue;
        }
      }
    }
    const std::uint32_t four = utf8::load_first_byte_lowest<std::uint32_t>(p);
    std::uint32_t symbol_class;
    if ((four & 0x80u) == 0) {
      symbol_class = lookup[kLookupAscii + (four & 0x7Fu)];
      ++p;
    } else if ((four & 0xC0C0F0u) == 0x8080E0u) [[likely]] {
      symbol_class = three_byte_class(four);
      p += 3;
    } else {
      const Symbol symbol = symbol_at(text, static_cast<std::size_t>(p - begin));
      symbol_class = symbol.symbol_class;
      p += symbol.length;
    }
    row = transitions[row + symbol_class];
    if (row >= first_output_row) [[unlikely]] {
      if (!report_exact(row, static_cast<std::size_t>(p - begin), on_match)) return;
    }
  }
  while (p < end) {
    const Symbol symbol = symbol_at(text, static_cast<std::size_t>(p - begin));
    p += symbol.length;
    row = transitions[row + symbol.symbol_class];
    if (row >= first_output_row && !report_exact(row, static_cast<std::size_t>(p - begin), on_match)) return;
  }
}

template <typename OnMatch>
[[gnu::noinline]] bool PhraseMatcher::report_exact(std::uint32_t row, std::size_t end, OnMatch& on_match) const {
  return report(row, end, [&](std::uint32_t phrase) { return end - key_bytes_[phrase]; }, on_match);
}

// Compact folding, read as scan_characters reads (the same table, which
// holds kDropped for the characters folding drops): an invalid three-byte
// sequence read as one class-0 unit instead of three leads to the root as
// they do, and no phrase spans it.
template <typename OnMatch>
void PhraseMatcher::scan_characters_compact(std::string_view text, OnMatch& on_match) const {
  const std::uint32_t* const transitions = transitions_.data();
  const std::uint16_t* const lookup = lookup_.data();
  const std::uint32_t first_output_row = first_output_row_;
  const unsigned char* const begin = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* const end = begin + text.size();
  const unsigned char* const four_left_end = text.size() >= 4 ? end - 3 : begin;
  OffsetRing ring(ring_size_);
  std::size_t fed = 0;
  std::uint32_t row = 0;
  const auto feed = [&](std::uint32_t symbol_class, const unsigned char* unit_begin, const unsigned char* unit_end) {
    if (symbol_class == kDropped) return true;
    row = transitions[row + symbol_class];
    ring[fed++] = static_cast<std::size_t>(unit_begin - begin);
    if (row < first_output_row) [[likely]]
      return true;
    const std::size_t at = static_cast<std::size_t>(unit_end - begin);
    return report(row, at, [&](std::uint32_t phrase) { return ring[fed - key_units_[phrase]]; }, on_match);
  };
  const unsigned char* p = begin;
  while (p < four_left_end) {
    const std::uint32_t four = utf8::load_first_byte_lowest<std::uint32_t>(p);
    const unsigned char* const unit = p;
    std::uint32_t symbol_class;
    if ((four & 0x80u) == 0) {
      symbol_class = lookup[kLookupAscii + (four & 0x7Fu)];
      ++p;
    } else if ((four & 0xC0C0F0u) == 0x8080E0u) [[likely]] {
      const std::size_t page = lookup[kLookupThreeBytePages + (four & 0x3F0Fu)];
      symbol_class = lookup[kLookupPages + (page << kPageBits | (four >> 16 & 0x3Fu))];
      p += 3;
    } else {
      const Symbol symbol = symbol_at(text, static_cast<std::size_t>(p - begin));
      symbol_class = symbol.symbol_class;
      p += symbol.length;
    }
    if (!feed(symbol_class, unit, p)) return;
  }
  while (p < end) {
    const Symbol symbol = symbol_at(text, static_cast<std::size_t>(p - begin));
    const unsigned char* const unit = p;
    p += symbol.length;
    if (!feed(symbol.symbol_class, unit, p)) return;
  }
}

template <typename OnMatch>
void PhraseMatcher::scan_bytes(std::string_view text, OnMatch& on_match) const {
  const std::uint32_t* const transitions = transitions_.data();
  const std::uint32_t first_output_row = first_output_row_;
  std::uint32_t row = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    row = transitions[row + byte_class_[static_cast<unsigned char>(text[i])]];
    if (row >= first_output_row &&
        !report(row, i + 1, [&](std::uint32_t phrase) { return i + 1 - key_bytes_[phrase]; }, on_match))
      return;
  }
}

// Compact over bytes: feed the bytes of the characters folding keeps (ASCII
// lower-cased), remembering where each byte came from.
template <typename OnMatch>
void PhraseMatcher::scan_bytes_compact(std::string_view text, OnMatch& on_match) const {
  const std::uint32_t* const transitions = transitions_.data();
  const std::uint32_t first_output_row = first_output_row_;
  OffsetRing ring(ring_size_);
  std::size_t fed = 0;
  std::uint32_t row = 0;
  for (std::size_t i = 0; i < text.size();) {
    const utf8::Decoded d = utf8::decode(text, i);
    if (compact_drops(d.code_point)) {
      i += d.length;
      continue;
    }
    if (d.code_point < 0x80) {
      char c = static_cast<char>(d.code_point);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      row = transitions[row + byte_class_[static_cast<unsigned char>(c)]];
      ring[fed++] = i;
    } else {
      for (std::size_t b = 0; b < d.length; ++b) {
        row = transitions[row + byte_class_[static_cast<unsigned char>(text[i + b])]];
        ring[fed++] = i + b;
      }
    }
    i += d.length;
    if (row >= first_output_row &&
        !report(row, i, [&](std::uint32_t phrase) { return ring[fed - key_units_[phrase]]; }, on_match))
      return;
  }
}

template <typename OnMatch>
void PhraseMatcher::scan(std::string_view text, OnMatch&& on_match) const {
  if (phrase_count_ == 0) return;
  if (unit_ == Unit::character) {
    if (folding_ == Folding::exact)
      scan_characters(text, on_match);
    else
      scan_characters_compact(text, on_match);
  } else {
    if (folding_ == Folding::exact)
      scan_bytes(text, on_match);
    else
      scan_bytes_compact(text, on_match);
  }
}

}  // namespace hlint
