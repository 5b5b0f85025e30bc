// Helpers shared by the pipeline/ title checks: the compact form of a text
// (only letters, digits and Han characters, ASCII lower-cased), used to
// compare a title with the body whatever the white space and punctuation.
#pragma once

#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace hlint::pipeline {

inline bool is_word_char(char32_t cp) {
  return utf8::is_han(cp) || utf8::is_ascii_letter(cp) || utf8::is_ascii_digit(cp) || (cp >= U'０' && cp <= U'９');
}

// Appends the compact form of `text` to `out` (a body compacted block by
// block grows one string instead of making one per block).
inline void append_compact(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    if (is_word_char(d.code_point)) {
      if (d.code_point >= 'A' && d.code_point <= 'Z')
        out.push_back(static_cast<char>(d.code_point - 'A' + 'a'));
      else
        out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
}

inline std::string compact(std::string_view text) {
  std::string out;
  append_compact(out, text);
  return out;
}

// The length of the ellipsis the text ends with (`...`, `…`, `……`, `。。。`), or 0.
inline std::size_t trailing_ellipsis(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\'' || text[end - 1] == '"')) --end;
  std::size_t begin = end;
  int dots = 0;
  while (begin > 0) {
    if (text[begin - 1] == '.') {
      --begin;
      ++dots;
    } else if (begin >= 3 && text.substr(begin - 3, 3) == "…") {
      begin -= 3;
      dots += 3;
    } else if (begin >= 3 && text.substr(begin - 3, 3) == "。") {
      begin -= 3;
      ++dots;
    } else {
      break;
    }
  }
  return dots >= 3 ? text.size() - begin : 0;
}

}  // namespace hlint::pipeline
