// Finds every phrase of a list in one pass over a text (Aho-Corasick over
// UTF-8 bytes, compiled to a table over byte classes). Checks build one per
// phrase list when they are constructed and then scan each block once,
// instead of calling find() once per phrase per block.
//
// Folding::compact matches the way editors read: white space and punctuation
// are ignored and ASCII is case-folded, so `仅供参考，不作诊断依据` also matches
// `仅供参考 不作诊断依据`. Matches are always reported as offsets in the text
// that was scanned, never in a folded copy.
#pragma once

#include <cstdint>
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
  std::uint32_t step(std::uint32_t state, unsigned char byte) const {
    return transitions_[state * class_count_ + byte_class_[byte]];
  }
  template <typename OnMatch>
  bool report(std::uint32_t state, std::size_t end, std::size_t fed, const std::size_t* ring, OnMatch& on_match) const;

  Folding folding_ = Folding::exact;
  std::uint32_t phrase_count_ = 0;
  std::uint32_t class_count_ = 1;
  unsigned char byte_class_[256] = {};       // bytes in no phrase share class 0
  std::vector<std::uint32_t> transitions_;   // state * class_count_ + class -> state
  std::vector<std::uint32_t> output_begin_;  // per state, into outputs_ (size states + 1)
  std::vector<std::uint32_t> outputs_;       // phrase indexes, own and inherited through failure links
  std::vector<std::uint32_t> lengths_;       // folded byte length of each phrase
  std::size_t ring_mask_ = 0;                // compact: ring of original offsets of fed bytes
};

template <typename OnMatch>
bool PhraseMatcher::report(std::uint32_t state, std::size_t end, std::size_t fed, const std::size_t* ring,
                           OnMatch& on_match) const {
  for (std::uint32_t k = output_begin_[state]; k < output_begin_[state + 1]; ++k) {
    const std::uint32_t phrase = outputs_[k];
    const std::size_t begin = ring ? ring[(fed - lengths_[phrase]) & ring_mask_] : end - lengths_[phrase];
    if (!on_match(Match{phrase, begin, end})) return false;
  }
  return true;
}

template <typename OnMatch>
void PhraseMatcher::scan(std::string_view text, OnMatch&& on_match) const {
  if (phrase_count_ == 0) return;
  std::uint32_t state = 0;
  if (folding_ == Folding::exact) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      state = step(state, static_cast<unsigned char>(text[i]));
      if (output_begin_[state] != output_begin_[state + 1] && !report(state, i + 1, 0, nullptr, on_match)) return;
    }
    return;
  }
  // Compact: feed only the bytes folding keeps and remember where each came
  // from, so a match maps back to the original text.
  constexpr std::size_t kRingOnStack = 256;
  std::size_t stack_ring[kRingOnStack];
  std::vector<std::size_t> heap_ring;
  std::size_t* ring = stack_ring;
  if (ring_mask_ + 1 > kRingOnStack) {
    heap_ring.resize(ring_mask_ + 1);
    ring = heap_ring.data();
  }
  std::size_t fed = 0;
  for (std::size_t i = 0; i < text.size();) {
    const utf8::Decoded d = utf8::decode(text, i);
    if (compact_drops(d.code_point)) {
      i += d.length;
      continue;
    }
    if (d.code_point < 0x80) {
      char c = static_cast<char>(d.code_point);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      state = step(state, static_cast<unsigned char>(c));
      ring[fed++ & ring_mask_] = i;
    } else {
      for (std::size_t b = 0; b < d.length; ++b) {
        state = step(state, static_cast<unsigned char>(text[i + b]));
        ring[fed++ & ring_mask_] = i + b;
      }
    }
    i += d.length;
    if (output_begin_[state] != output_begin_[state + 1] && !report(state, i, fed, ring, on_match)) return;
  }
}

}  // namespace hlint
