// Contact details (phone numbers, e-mail addresses) are written in ASCII
// digits and letters: the contact checks step over the Chinese text around
// them eight bytes at a time instead of looking at every byte.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace hlint::contact {

// The position of the first ASCII byte at or after pos, or text.size().
inline std::size_t next_ascii(std::string_view text, std::size_t pos) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  // A word whose eight bytes all have their high bit set holds no ASCII.
  while (pos + 8 <= text.size()) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + pos, sizeof word);
    if ((word & kHighBits) != kHighBits) break;
    pos += 8;
  }
  while (pos < text.size() && static_cast<unsigned char>(text[pos]) >= 0x80) ++pos;
  return pos;
}

}  // namespace hlint::contact
