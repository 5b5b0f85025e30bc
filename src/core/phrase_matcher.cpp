#include "core/phrase_matcher.hpp"

#include <algorithm>
#include <deque>

namespace hlint {

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
  for (const std::string& phrase : phrases) keys.push_back(folding == Folding::compact ? compact(phrase) : phrase);

  // Byte classes: one per byte that occurs in some phrase, 0 for all others.
  for (const std::string& key : keys)
    for (unsigned char c : key)
      if (byte_class_[c] == 0) byte_class_[c] = static_cast<unsigned char>(class_count_++);
  // Class 0 is taken, so 255 distinct phrase bytes fit; a list using every
  // byte value gets one class per byte instead.
  if (class_count_ > 256) {
    class_count_ = 256;
    for (int c = 0; c < 256; ++c) byte_class_[c] = static_cast<unsigned char>(c);
  }

  // The trie, one row of transitions per state (0 = no edge yet, the root is 0).
  std::vector<std::vector<std::uint32_t>> own_outputs(1);
  transitions_.assign(class_count_, 0);
  lengths_.assign(keys.size(), 0);
  std::size_t longest = 0;
  for (std::uint32_t p = 0; p < keys.size(); ++p) {
    const std::string& key = keys[p];
    lengths_[p] = static_cast<std::uint32_t>(key.size());
    if (key.empty()) continue;
    ++phrase_count_;
    longest = std::max(longest, key.size());
    std::uint32_t state = 0;
    for (unsigned char c : key) {
      std::uint32_t& next = transitions_[state * class_count_ + byte_class_[c]];
      if (next == 0) {
        next = static_cast<std::uint32_t>(own_outputs.size());
        own_outputs.emplace_back();
        transitions_.resize(transitions_.size() + class_count_, 0);
      }
      state = transitions_[state * class_count_ + byte_class_[c]];
    }
    own_outputs[state].push_back(p);
  }
  const std::size_t states = own_outputs.size();

  // Breadth-first: failure links, missing edges filled from the failure
  // state (a complete automaton), outputs inherited along failure links.
  std::vector<std::uint32_t> failure(states, 0);
  std::vector<std::vector<std::uint32_t>> all_outputs(states);
  std::deque<std::uint32_t> queue;
  for (std::uint32_t c = 0; c < class_count_; ++c)
    if (const std::uint32_t child = transitions_[c]; child != 0) queue.push_back(child);
  all_outputs[0] = own_outputs[0];
  while (!queue.empty()) {
    const std::uint32_t state = queue.front();
    queue.pop_front();
    // Longest phrases first at one end position: callers that keep the first
    // match get the longest.
    all_outputs[state] = own_outputs[state];
    for (std::uint32_t p : all_outputs[failure[state]]) all_outputs[state].push_back(p);
    for (std::uint32_t c = 0; c < class_count_; ++c) {
      std::uint32_t& next = transitions_[state * class_count_ + c];
      const std::uint32_t via_failure = transitions_[failure[state] * class_count_ + c];
      if (next == 0) {
        next = via_failure;
      } else {
        failure[next] = via_failure;
        queue.push_back(next);
      }
    }
  }

  output_begin_.assign(states + 1, 0);
  for (std::size_t s = 0; s < states; ++s) {
    std::stable_sort(all_outputs[s].begin(), all_outputs[s].end(),
                     [&](std::uint32_t a, std::uint32_t b) { return lengths_[a] > lengths_[b]; });
    output_begin_[s] = static_cast<std::uint32_t>(outputs_.size());
    outputs_.insert(outputs_.end(), all_outputs[s].begin(), all_outputs[s].end());
  }
  output_begin_[states] = static_cast<std::uint32_t>(outputs_.size());

  std::size_t ring = 1;
  while (ring < longest) ring <<= 1;
  ring_mask_ = ring - 1;
}

}  // namespace hlint
