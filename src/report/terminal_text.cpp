#include "report/terminal_text.hpp"

#include <cstdint>

namespace hlint {

namespace {

// The length of the well-formed UTF-8 sequence at text[i] and its code
// point, or 0 for a byte that does not start one.
std::size_t utf8_sequence(std::string_view text, std::size_t i, std::uint32_t& code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  std::uint32_t min = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
    min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
    min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i + k) & 0x3F);
  }
  if (code_point < min || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return 0;
  return length;
}

bool is_bidi_control(std::uint32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool needs_escape(std::uint32_t c, bool keep_tabs) {
  if (c == '\t') return !keep_tabs;
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || is_bidi_control(c);
}

// Most of Chinese text, decided without decoding: a three-byte character
// from U+3000 on (lead E3-EC, EE, EF: never overlong, never a surrogate)
// is well-formed once two continuation bytes follow, and no code point
// from there on needs an escape (the C1 controls and the bidi controls all
// lie below U+3000).
bool safe_three_bytes(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0xE3 || lead > 0xEF || lead == 0xED || i + 2 >= text.size()) return false;
  return ((static_cast<unsigned char>(text[i + 1]) ^ 0x80) | (static_cast<unsigned char>(text[i + 2]) ^ 0x80)) <= 0x3F;
}

const char kHex[] = "0123456789abcdef";

void append_escape(std::string& out, std::uint32_t c) {
  switch (c) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
  }
  if (c < 0x100) {
    out += "\\x";
    out.push_back(kHex[(c >> 4) & 0xF]);
    out.push_back(kHex[c & 0xF]);
    return;
  }
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(c >> shift) & 0xF]);
}

}  // namespace

bool is_terminal_safe(std::string_view text, bool keep_tabs) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0x20 && lead < 0x7F) {
      ++i;
      continue;
    }
    if (safe_three_bytes(text, i)) {
      i += 3;
      continue;
    }
    std::uint32_t c = 0;
    const std::size_t length = utf8_sequence(text, i, c);
    if (length == 0 || needs_escape(c, keep_tabs)) return false;
    i += length;
  }
  return true;
}

std::size_t append_terminal_safe(std::string& out, std::string_view text, bool keep_tabs) {
  const std::size_t before = out.size();
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0x20 && lead < 0x7F) {
      ++i;
      continue;
    }
    if (safe_three_bytes(text, i)) {
      i += 3;
      continue;
    }
    std::uint32_t c = 0;
    const std::size_t length = utf8_sequence(text, i, c);
    if (length != 0 && !needs_escape(c, keep_tabs)) {
      i += length;
      continue;
    }
    out.append(text.substr(plain_from, i - plain_from));
    // A byte that starts no UTF-8 sequence is shown as that byte.
    append_escape(out, length == 0 ? lead : c);
    i += length == 0 ? 1 : length;
    plain_from = i;
  }
  out.append(text.substr(plain_from));
  return out.size() - before;
}

std::string terminal_safe(std::string_view text, bool keep_tabs) {
  std::string out;
  out.reserve(text.size());
  append_terminal_safe(out, text, keep_tabs);
  return out;
}

}  // namespace hlint
