#include "core/phrase_matcher.hpp"

#include <algorithm>
#include <deque>
#include <set>

namespace hlint {

namespace {

// A table over characters is preferred up to this many entries (1 MiB), which
// stays in cache; beyond, only if it is still no larger than one over bytes.
constexpr std::size_t kCharacterTableBudget = std::size_t{1} << 18;

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8::valid_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::u32string code_points(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const utf8::Decoded d = utf8::decode(text, i);
    out.push_back(d.code_point);
    i += d.length;
  }
  return out;
}

// Rows of a table for `keys`: one per state of their trie, that is the root
// and one per distinct non-empty prefix. Counted without building the trie:
// in sorted order, each key adds the prefixes it does not share with the one
// before it.
template <typename Key>
std::size_t trie_states(std::vector<Key> keys) {
  std::sort(keys.begin(), keys.end());
  std::size_t states = 1;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    std::size_t shared = 0;
    if (k > 0) {
      const auto [in_previous, in_this] = std::mismatch(keys[k - 1].begin(), keys[k - 1].end(), keys[k].begin(),
                                                        keys[k].end());
      shared = static_cast<std::size_t>(in_this - keys[k].begin());
    }
    states += keys[k].size() - shared;
  }
  return states;
}

// Columns of a table for `keys`: one per distinct unit, plus class 0.
template <typename Key>
std::size_t class_count(const std::vector<Key>& keys) {
  std::set<typename Key::value_type> units;
  for (const Key& key : keys) units.insert(key.begin(), key.end());
  return units.size() + 1;
}

}  // namespace

std::string PhraseMatcher::compact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const utf8::Decoded d = utf8::decode(text, i);
    if (!compact_drops(d.code_point)) {
      if (d.code_point >= 'A' && d.code_point <= 'Z')
        out.push_back(static_cast<char>(d.code_point - 'A' + 'a'));
      else
        out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

PhraseMatcher::PhraseMatcher(const std::vector<std::string>& phrases, Folding folding) : folding_(folding) {
  std::vector<std::string> keys;
  keys.reserve(phrases.size());
  for (const std::string& phrase : phrases) {
    keys.push_back(folding == Folding::compact ? compact(phrase) : phrase);
    key_bytes_.push_back(static_cast<std::uint32_t>(keys.back().size()));
  }

  // Characters or bytes? Validity is judged on the phrases as given: folding
  // can turn invalid bytes around a dropped character into a valid one.
  std::vector<std::u32string> characters;
  unit_ = Unit::byte;
  if (std::all_of(phrases.begin(), phrases.end(), is_valid_utf8)) {
    for (const std::string& key : keys) characters.push_back(code_points(key));
    const std::size_t columns = class_count(characters);
    const std::size_t entries = trie_states(characters) * columns;
    if (columns < kDropped &&
        entries <= std::max(kCharacterTableBudget, trie_states(keys) * class_count(keys)))
      unit_ = Unit::character;
  }

  // The keys as sequences of classes, the columns of the table.
  std::vector<std::vector<std::uint32_t>> unit_keys(keys.size());
  if (unit_ == Unit::character) {
    build_character_classes(characters);
    for (std::size_t p = 0; p < keys.size(); ++p)
      for (const char32_t cp : characters[p]) unit_keys[p].push_back(class_of(cp));
  } else {
    // One class per byte that occurs in some phrase, 0 for all others. Class 0
    // is taken, so 255 distinct phrase bytes fit; a list using every byte value
    // gets one class per byte instead.
    for (const std::string& key : keys)
      for (const unsigned char c : key)
        if (byte_class_[c] == 0) byte_class_[c] = static_cast<unsigned char>(class_count_++);
    if (class_count_ > 256) {
      class_count_ = 256;
      for (int c = 0; c < 256; ++c) byte_class_[c] = static_cast<unsigned char>(c);
    }
    for (std::size_t p = 0; p < keys.size(); ++p)
      for (const unsigned char c : keys[p]) unit_keys[p].push_back(byte_class_[c]);
  }
  build(unit_keys);
}

void PhraseMatcher::build_character_classes(const std::vector<std::u32string>& keys) {
  constexpr std::size_t kPageSize = kPageMask + 1;
  page_of_.assign((0x10FFFF >> kPageBits) + 1, 0);
  class_pages_.assign(kPageSize, 0);  // page 0: the shared page of code points in no phrase
  const auto set_class = [&](char32_t cp, std::uint16_t cls) {
    if (cp < 0x80) {
      ascii_class_[cp] = cls;
      return;
    }
    std::uint16_t& page = page_of_[cp >> kPageBits];
    if (page == 0) {
      page = static_cast<std::uint16_t>(class_pages_.size() >> kPageBits);
      class_pages_.resize(class_pages_.size() + kPageSize, 0);
    }
    class_pages_[(std::size_t{page} << kPageBits) | (cp & kPageMask)] = cls;
  };

  // The first and second characters of the phrases first: their classes are
  // 1..pair_classes_ (see pair_bound_).
  for (const std::u32string& key : keys)
    for (std::size_t k = 0; k < key.size() && k < 2; ++k)
      if (class_of(key[k]) == 0) set_class(key[k], static_cast<std::uint16_t>(class_count_++));
  pair_classes_ = class_count_ - 1;
  for (const std::u32string& key : keys)
    for (const char32_t cp : key)
      if (class_of(cp) == 0) set_class(cp, static_cast<std::uint16_t>(class_count_++));
  if (folding_ == Folding::compact) {
    // The keys are folded already; the text is folded as it is scanned:
    // capitals take their lower-case letter's class, and the characters
    // folding drops are marked to be skipped. compact_drops() is false
    // outside the BMP (a unit test makes sure).
    for (char32_t cp = 'A'; cp <= 'Z'; ++cp) ascii_class_[cp] = ascii_class_[cp - 'A' + 'a'];
    for (char32_t cp = 0; cp < 0x10000; ++cp)
      if (compact_drops(cp)) set_class(cp, kDropped);
  }
  // scan_characters' table (see lookup_).
  lookup_.assign(kLookupPages, 0);
  for (std::size_t lead_bits = 0; lead_bits < 0x10; ++lead_bits) {
    for (std::size_t second_bits = 0; second_bits < 0x40; ++second_bits) {
      if ((lead_bits == 0x0 && second_bits < 0x20) || (lead_bits == 0xD && second_bits >= 0x20)) continue;
      lookup_[kLookupThreeBytePages + (second_bits << 8 | lead_bits)] = page_of_[lead_bits << 6 | second_bits];
    }
  }
  std::copy(std::begin(ascii_class_), std::end(ascii_class_), lookup_.begin() + kLookupAscii);
  lookup_.insert(lookup_.end(), class_pages_.begin(), class_pages_.end());
}

void PhraseMatcher::build(const std::vector<std::vector<std::uint32_t>>& keys) {
  // The trie, one row of transitions per state (0 = no edge yet, the root is 0).
  std::vector<std::vector<std::uint32_t>> own_outputs(1);
  std::vector<std::uint32_t> next_state(class_count_, 0);
  // The trie's edges (parent, class, child), for the breadth-first pass below.
  struct Edge {
    std::uint32_t parent, symbol_class, child;
  };
  std::vector<Edge> edges;
  key_units_.assign(keys.size(), 0);
  std::size_t longest = 0;
  for (std::uint32_t p = 0; p < keys.size(); ++p) {
    const std::vector<std::uint32_t>& key = keys[p];
    key_units_[p] = static_cast<std::uint32_t>(key.size());
    if (key.empty()) continue;
    ++phrase_count_;
    longest = std::max(longest, key.size());
    std::uint32_t state = 0;
    for (const std::uint32_t c : key) {
      if (next_state[state * class_count_ + c] == 0) {
        next_state[state * class_count_ + c] = static_cast<std::uint32_t>(own_outputs.size());
        edges.push_back({state, c, static_cast<std::uint32_t>(own_outputs.size())});
        own_outputs.emplace_back();
        next_state.resize(next_state.size() + class_count_, 0);
      }
      state = next_state[state * class_count_ + c];
    }
    own_outputs[state].push_back(p);
  }
  const std::size_t states = own_outputs.size();

  // Breadth-first: failure links, missing edges filled from the failure
  // state (a complete automaton), outputs inherited along failure links.
  // A state's row is its failure state's row (complete already: the failure
  // state is shallower) with the state's own trie edges written over it, so
  // a row is one copy plus a few stores. Children are visited in the order of
  // their classes, as a scan of the row would find them.
  std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
    return a.parent != b.parent ? a.parent < b.parent : a.symbol_class < b.symbol_class;
  });
  std::vector<std::uint32_t> first_edge(states + 1, 0);  // edges of state s: [first_edge[s], first_edge[s + 1])
  for (const Edge& edge : edges) ++first_edge[edge.parent + 1];
  for (std::size_t s = 0; s < states; ++s) first_edge[s + 1] += first_edge[s];
  std::vector<std::uint32_t> failure(states, 0);
  std::vector<std::vector<std::uint32_t>> all_outputs(states);
  std::deque<std::uint32_t> queue;
  for (std::uint32_t e = first_edge[0]; e < first_edge[1]; ++e) queue.push_back(edges[e].child);
  all_outputs[0] = own_outputs[0];
  while (!queue.empty()) {
    const std::uint32_t state = queue.front();
    queue.pop_front();
    all_outputs[state] = own_outputs[state];
    for (std::uint32_t p : all_outputs[failure[state]]) all_outputs[state].push_back(p);
    std::uint32_t* const row = next_state.data() + std::size_t{state} * class_count_;
    const std::uint32_t* const failure_row = next_state.data() + std::size_t{failure[state]} * class_count_;
    std::copy(failure_row, failure_row + class_count_, row);  // the trie edges are written back below
    for (std::uint32_t e = first_edge[state]; e < first_edge[state + 1]; ++e) {
      const Edge& edge = edges[e];
      failure[edge.child] = failure_row[edge.symbol_class];
      row[edge.symbol_class] = edge.child;
      queue.push_back(edge.child);
    }
  }

  // Renumber, states without outputs first (the root stays 0: it has none),
  // and store each transition as the next state's row offset.
  std::vector<std::uint32_t> old_of;  // new state -> old state
  old_of.reserve(states);
  for (std::uint32_t s = 0; s < states; ++s)
    if (all_outputs[s].empty()) old_of.push_back(s);
  const std::uint32_t first_output_state = static_cast<std::uint32_t>(old_of.size());
  for (std::uint32_t s = 0; s < states; ++s)
    if (!all_outputs[s].empty()) old_of.push_back(s);
  std::vector<std::uint32_t> new_of(states);
  for (std::uint32_t n = 0; n < states; ++n) new_of[old_of[n]] = n;
  transitions_.resize(states * class_count_);
  for (std::uint32_t n = 0; n < states; ++n)
    for (std::uint32_t c = 0; c < class_count_; ++c)
      transitions_[n * class_count_ + c] = new_of[next_state[old_of[n] * class_count_ + c]] * class_count_;
  first_output_row_ = first_output_state * class_count_;

  // Longest phrases first at one end position: callers that keep the first
  // match get the longest.
  output_begin_.assign(states + 1, 0);
  for (std::uint32_t n = 0; n < states; ++n) {
    std::vector<std::uint32_t>& outputs = all_outputs[old_of[n]];
    std::stable_sort(outputs.begin(), outputs.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return key_bytes_[a] > key_bytes_[b]; });
    output_begin_[n] = static_cast<std::uint32_t>(outputs_.size());
    outputs_.insert(outputs_.end(), outputs.begin(), outputs.end());
  }
  output_begin_[states] = static_cast<std::uint32_t>(outputs_.size());

  while (ring_size_ < longest) ring_size_ <<= 1;
  if (unit_ == Unit::character &&
      std::none_of(keys.begin(), keys.end(), [](const std::vector<std::uint32_t>& key) { return key.size() == 1; }))
    pair_bound_ = pair_classes_ + 1;
}

}  // namespace hlint
