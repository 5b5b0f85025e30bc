#include "chars/legacy_codecs.hpp"

#include <iconv.h>

#include <array>
#include <cerrno>

namespace hlint::chars {

DoubleByteCodec::DoubleByteCodec(const char* iconv_name) : encoded_(0x10000, 0), decoded_(0x10000, 0) {
  iconv_t cd = iconv_open("UTF-32LE", iconv_name);
  if (cd == reinterpret_cast<iconv_t>(-1)) return;  // cannot happen with glibc: no repairs then
  for (unsigned lead = 0x81; lead <= 0xFE; ++lead) {
    for (unsigned trail = 0x40; trail <= 0xFE; ++trail) {
      if (trail == 0x7F) continue;
      std::array<char, 2> in = {static_cast<char>(lead), static_cast<char>(trail)};
      std::array<unsigned char, 8> out{};
      char* inp = in.data();
      char* outp = reinterpret_cast<char*>(out.data());
      std::size_t in_left = in.size();
      std::size_t out_left = out.size();
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
      if (iconv(cd, &inp, &in_left, &outp, &out_left) == static_cast<std::size_t>(-1) || in_left != 0 ||
          out_left != 4)
        continue;  // not one character
      const char32_t cp = out[0] | out[1] << 8 | out[2] << 16 | static_cast<char32_t>(out[3]) << 24;
      if (cp < 0x80 || cp > 0xFFFF) continue;
      const unsigned pair = lead << 8 | trail;
      decoded_[pair] = cp;
      if (encoded_[cp] == 0) encoded_[cp] = static_cast<std::uint16_t>(pair);
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
