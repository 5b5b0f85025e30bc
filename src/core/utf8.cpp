#include "core/utf8.hpp"

#include <uniwidth.h>

#include <bit>
#include <cstdint>
#include <cstring>

namespace hlint::utf8 {

std::size_t valid_sequence_length(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return 0;
  const Decoded d = decode(text, pos);
  // An invalid byte decodes as U+FFFD of length 1; a real U+FFFD is 3 bytes.
  return d.code_point == 0xFFFD && d.length == 1 ? 0 : d.length;
}

namespace {

// Whether p[0, 12) is four three-byte characters that need no further check:
// lead bytes 1110xxxx other than E0 (which may start an overlong) and ED
// (which may start a surrogate), each followed by two continuation bytes
// 10xxxxxx. Two loads and a few word operations instead of four checks.
// Little-endian only; elsewhere the caller checks one character at a time.
bool four_common_three_byte_characters(const unsigned char* p) {
  if constexpr (std::endian::native != std::endian::little) return false;
  std::uint64_t low;
  std::uint32_t high;
  std::memcpy(&low, p, sizeof low);
  std::memcpy(&high, p + sizeof low, sizeof high);
  // Lowest byte first: bytes 0-7 are lead, cont, cont, lead, cont, cont,
  // lead, cont; bytes 8-11 are cont, lead, cont, cont.
  constexpr std::uint64_t kLowMask = 0xC0F0C0C0F0C0C0F0;
  constexpr std::uint64_t kLowBits = 0x80E08080E08080E0;
  constexpr std::uint32_t kHighMask = 0xC0C0F0C0;
  constexpr std::uint32_t kHighBits = 0x8080E080;
  if ((low & kLowMask) != kLowBits || (high & kHighMask) != kHighBits) return false;
  // Bit n is set when a lead byte En is fine: every n but 0 and D.
  constexpr std::uint32_t kCommonLeads = 0xDFFE;
  const std::uint32_t common = (kCommonLeads >> (low & 0x0F)) & (kCommonLeads >> ((low >> 24) & 0x0F)) &
                               (kCommonLeads >> ((low >> 48) & 0x0F)) & (kCommonLeads >> ((high >> 8) & 0x0F));
  return (common & 1) != 0;
}

}  // namespace

std::size_t valid_prefix_length(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    if (bytes[i] < 0x80) {
      ++i;
      // A run of ASCII: no byte of a word has its high bit set.
      for (std::uint64_t word; i + sizeof word <= size; i += sizeof word) {
        std::memcpy(&word, bytes + i, sizeof word);
        if (word & 0x8080808080808080ULL) break;
      }
      continue;
    }
    // A run of three-byte characters, the bulk of Chinese text: four at a
    // time, then each checked with one load: a lead byte 1110xxxx, two
    // continuation bytes 10xxxxxx. E0 (overlongs) and ED (surrogates) take the
    // full check.
    while (i + 12 <= size && four_common_three_byte_characters(bytes + i)) i += 12;
    constexpr bool kLittleEndian = std::endian::native == std::endian::little;
    constexpr std::uint32_t kMask = kLittleEndian ? 0x00C0C0F0 : 0xF0C0C000;
    constexpr std::uint32_t kThreeBytes = kLittleEndian ? 0x008080E0 : 0xE0808000;
    for (std::uint32_t word; i + sizeof word <= size; i += 3) {
      std::memcpy(&word, bytes + i, sizeof word);
      if ((word & kMask) != kThreeBytes || bytes[i] == 0xE0 || bytes[i] == 0xED) break;
    }
    if (i >= size || bytes[i] < 0x80) continue;
    const std::size_t length = valid_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return size;
}

Decoded decode_multibyte(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return {0xFFFD, 1};
  const unsigned char lead = static_cast<unsigned char>(text[pos]);
  std::size_t need;
  char32_t min;
  if (lead < 0x80) return {lead, 1};
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1; min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2; min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3; min = 0x10000;
  } else {
    return {0xFFFD, 1};
  }
  if (pos + need >= text.size()) return {0xFFFD, 1};
  char32_t cp = lead & (0x3F >> need);
  for (std::size_t i = 1; i <= need; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[pos + i]);
    if ((c & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1};
  return {cp, need + 1};
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Unicode's East Asian Width and emoji presentation, from libunistring
// (kept current by its releases, unlike a table of ranges here). A control
// character, which has no width of its own, is counted as one column: the
// text renderer shows it as it is.
int display_width_of_other(char32_t cp) {
  if (cp == 0) return 0;
  const int width = uc_width(static_cast<ucs4_t>(cp), "UTF-8");
  return width < 0 ? 1 : width;
}

std::size_t length(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); i += decode(text, i).length) ++n;
  return n;
}

}  // namespace hlint::utf8
