#include "chars/legacy_codecs.hpp"

#include <iconv.h>

#include <algorithm>
#include <vector>
#include <array>
#include <string_view>
#include <cerrno>

namespace hlint::chars {

DoubleByteCodec::DoubleByteCodec(const char* iconv_name) : encoded_(0x10000, 0), decoded_(0x10000, 0) {
  iconv_t cd = iconv_open("UTF-32LE", iconv_name);
  if (cd == reinterpret_cast<iconv_t>(-1)) return;  // cannot happen with glibc: no repairs then
  // One row (a lead byte with every trail) per iconv call: a pair iconv
  // rejects stops it, is left undefined and skipped.
  constexpr unsigned kFirstTrail = 0x40;
  std::vector<char> row;
  std::vector<unsigned> trails;
  std::array<unsigned char, 4 * 256> out{};
  for (unsigned lead = 0x81; lead <= 0xFE; ++lead) {
    row.clear();
    trails.clear();
    for (unsigned trail = kFirstTrail; trail <= 0xFE; ++trail) {
      if (trail == 0x7F) continue;
      row.push_back(static_cast<char>(lead));
      row.push_back(static_cast<char>(trail));
      trails.push_back(trail);
    }
    std::size_t pair = 0;  // index of the next pair to convert
    while (pair < trails.size()) {
      char* inp = row.data() + 2 * pair;
      std::size_t in_left = row.size() - 2 * pair;
      char* outp = reinterpret_cast<char*>(out.data());
      std::size_t out_left = out.size();
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
      const std::size_t result = iconv(cd, &inp, &in_left, &outp, &out_left);
      const std::size_t consumed = static_cast<std::size_t>(inp - (row.data() + 2 * pair));
      const std::size_t produced = (out.size() - out_left) / 4;
      if (consumed != 2 * produced) break;  // not one character a pair: leave the rest of the row undefined
      for (std::size_t k = 0; k < produced; ++k) {
        const unsigned char* c = out.data() + 4 * k;
        const char32_t cp = c[0] | c[1] << 8 | c[2] << 16 | static_cast<char32_t>(c[3]) << 24;
        if (cp < 0x80 || cp > 0xFFFF) continue;
        const unsigned code = lead << 8 | trails[pair + k];
        decoded_[code] = cp;
        if (encoded_[cp] == 0) encoded_[cp] = static_cast<std::uint16_t>(code);
      }
      pair += produced;
      if (result != static_cast<std::size_t>(-1)) break;  // the whole row is done
      ++pair;  // the pair iconv rejected
    }
  }
  iconv_close(cd);
}

const DoubleByteCodec& gbk_codec() {
  static const DoubleByteCodec codec("GBK");
  return codec;
}

const DoubleByteCodec& big5_codec() {
  static const DoubleByteCodec codec("BIG5");
  return codec;
}

SingleByteCodec::SingleByteCodec(const char* iconv_name) {
  iconv_t cd = iconv_open("UTF-32LE", iconv_name);
  if (cd == reinterpret_cast<iconv_t>(-1)) return;  // no such code page: nothing is read in it
  for (unsigned byte = 0x80; byte <= 0xFF; ++byte) {
    char in = static_cast<char>(byte);
    std::array<unsigned char, 8> out{};
    char* inp = &in;
    char* outp = reinterpret_cast<char*>(out.data());
    std::size_t in_left = 1;
    std::size_t out_left = out.size();
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    if (iconv(cd, &inp, &in_left, &outp, &out_left) == static_cast<std::size_t>(-1) || out_left != 4) continue;
    const char32_t cp = out[0] | out[1] << 8 | out[2] << 16 | static_cast<char32_t>(out[3]) << 24;
    decoded_[byte - 0x80] = cp;
    bytes_.emplace_back(cp, static_cast<std::uint8_t>(byte));
  }
  iconv_close(cd);
  // Mac OS Roman as Apple maps it now (and Python, and most converters):
  // 0xC6 is U+2206 where glibc has U+0394, 0xF0 the Apple logo U+F8FF.
  if (std::string_view(iconv_name) == "MACINTOSH") {
    bytes_.emplace_back(0x2206, 0xC6);
    bytes_.emplace_back(0xF8FF, 0xF0);
  }
  std::sort(bytes_.begin(), bytes_.end());
}

int SingleByteCodec::byte_of(char32_t cp) const {
  const auto it = std::lower_bound(bytes_.begin(), bytes_.end(), std::make_pair(cp, std::uint8_t{0}));
  return it != bytes_.end() && it->first == cp ? it->second : -1;
}

const SingleByteCodec& cp1251_codec() {
  static const SingleByteCodec codec("CP1251");
  return codec;
}

const SingleByteCodec& cp1250_codec() {
  static const SingleByteCodec codec("CP1250");
  return codec;
}

const SingleByteCodec& mac_roman_codec() {
  static const SingleByteCodec codec("MACINTOSH");
  return codec;
}

const SingleByteCodec& cp437_codec() {
  static const SingleByteCodec codec("CP437");
  return codec;
}

int windows_1252_byte(char32_t cp) {
  if (cp <= 0xFF) return static_cast<int>(cp);
  switch (cp) {
    case 0x20AC: return 0x80;
    case 0x201A: return 0x82;
    case 0x0192: return 0x83;
    case 0x201E: return 0x84;
    case 0x2026: return 0x85;
    case 0x2020: return 0x86;
    case 0x2021: return 0x87;
    case 0x02C6: return 0x88;
    case 0x2030: return 0x89;
    case 0x0160: return 0x8A;
    case 0x2039: return 0x8B;
    case 0x0152: return 0x8C;
    case 0x017D: return 0x8E;
    case 0x2018: return 0x91;
    case 0x2019: return 0x92;
    case 0x201C: return 0x93;
    case 0x201D: return 0x94;
    case 0x2022: return 0x95;
    case 0x2013: return 0x96;
    case 0x2014: return 0x97;
    case 0x02DC: return 0x98;
    case 0x2122: return 0x99;
    case 0x0161: return 0x9A;
    case 0x203A: return 0x9B;
    case 0x0153: return 0x9C;
    case 0x017E: return 0x9E;
    case 0x0178: return 0x9F;
    default: return -1;
  }
}

}  // namespace hlint::chars
