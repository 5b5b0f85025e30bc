#include "fix/text_codec.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>

#include "core/utf8.hpp"

namespace hlint {

namespace {

// One iconv conversion of a whole string; unset on any invalid or incomplete
// input, or a character the target cannot hold.
std::optional<std::string> convert(std::string_view in, const char* to, const char* from) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::unique_ptr<void, void (*)(void*)> closer(cd, [](void* c) { iconv_close(static_cast<iconv_t>(c)); });
  std::string out(in.size() * 4 + 16, '\0');
  char* in_ptr = const_cast<char*>(in.data());
  std::size_t in_left = in.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1) || in_left != 0)
    return std::nullopt;
  if (iconv(cd, nullptr, nullptr, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

const char* iconv_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::gb18030: return "GBK";
    case Encoding::utf16le: return "UTF-16LE";
    case Encoding::utf16be: return "UTF-16BE";
    // The decoders the linter reads these with (source_text.cpp): a fix is
    // written back in the file's own encoding, never as UTF-8.
    case Encoding::big5: return "CP950";
    case Encoding::big5_hkscs: return "BIG5-HKSCS";
    case Encoding::euc_tw: return "EUC-TW";
    case Encoding::shift_jis: return "CP932";
    case Encoding::euc_kr: return "CP949";
    case Encoding::utf8:
    case Encoding::utf8_bom: break;
  }
  return "UTF-8";
}

}  // namespace

std::optional<std::string> encode_as(std::string_view utf8, Encoding encoding) {
  if (utf8::valid_prefix_length(utf8) != utf8.size()) return std::nullopt;
  if (encoding == Encoding::utf8 || encoding == Encoding::utf8_bom) return std::string(utf8);
  return convert(utf8, iconv_name(encoding), "UTF-8");
}

bool decodes_cleanly(std::string_view bytes, Encoding encoding) {
  if (encoding == Encoding::utf8 || encoding == Encoding::utf8_bom)
    return utf8::valid_prefix_length(bytes) == bytes.size();
  // Decoded as the linter decoded it (GB18030 reads every GBK file).
  const char* from = encoding == Encoding::gb18030 ? "GB18030" : iconv_name(encoding);
  return convert(bytes, "UTF-8", from).has_value();
}

std::string_view line_break_of(std::string_view bytes, Encoding encoding) {
  if (encoding == Encoding::utf16le || encoding == Encoding::utf16be) {
    const bool le = encoding == Encoding::utf16le;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
      const char unit = le ? bytes[i] : bytes[i + 1];
      const char other = le ? bytes[i + 1] : bytes[i];
      if (unit != '\n' || other != 0) continue;
      if (i < 2) return "\n";
      const char before = le ? bytes[i - 2] : bytes[i - 1];
      const char before_other = le ? bytes[i - 1] : bytes[i - 2];
      return before == '\r' && before_other == 0 ? "\r\n" : "\n";
    }
    return "\n";
  }
  // In UTF-8 and GB18030 a 0x0A byte is always a line feed (never part of a
  // multi-byte character).
  const std::size_t lf = bytes.find('\n');
  if (lf == std::string_view::npos || lf == 0) return "\n";
  return bytes[lf - 1] == '\r' ? "\r\n" : "\n";
}

}  // namespace hlint
