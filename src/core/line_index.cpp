#include "core/line_index.hpp"

#include <algorithm>
#include <cstring>

#include "core/utf8.hpp"

namespace hlint {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.reserve(text.size() / 32 + 1);
  starts_.push_back(0);
  if (text.empty()) return;
  const char* const data = text.data();
  const char* const end = data + text.size();
  if (std::memchr(data, '\r', text.size()) == nullptr) {
    // Only LF line ends (nearly every file): memchr jumps from one to the next.
    for (const char* at = data; (at = static_cast<const char*>(std::memchr(at, '\n', end - at))) != nullptr;) {
      ++at;
      starts_.push_back(static_cast<std::size_t>(at - data));
    }
    return;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts_.push_back(i + 1);
    } else if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
    }
  }
}

std::size_t LineIndex::line_of(std::size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<std::size_t>(it - starts_.begin()) - 1;
}

std::size_t LineIndex::line_end(std::size_t line) const {
  std::size_t end = line + 1 < starts_.size() ? starts_[line + 1] : text_.size();
  while (end > starts_[line] && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return end;
}

std::string_view LineIndex::line_text(std::size_t line) const {
  return text_.substr(starts_[line], line_end(line) - starts_[line]);
}

Position LineIndex::position(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  // Most offsets asked for are on the line of the one before (a span's end,
  // the next finding on a long line): that line needs no search.
  const bool cached = cached_offset_ != static_cast<std::size_t>(-1) && cached_offset_ <= offset;
  const std::size_t cached_line = cached_position_.line - 1;
  const std::size_t line =
      cached && (cached_line + 1 >= starts_.size() || offset < starts_[cached_line + 1]) ? cached_line : line_of(offset);
  Position pos;
  pos.line = static_cast<std::uint32_t>(line + 1);
  pos.column = 1;
  pos.utf16_column = 1;
  pos.byte_column = static_cast<std::uint32_t>(offset - starts_[line] + 1);
  std::size_t from = starts_[line];
  if (cached_offset_ != static_cast<std::size_t>(-1) && cached_position_.line == pos.line &&
      cached_offset_ <= offset) {
    from = cached_offset_;
    pos.column = cached_position_.column;
    pos.utf16_column = cached_position_.utf16_column;
  }
  // In valid UTF-8 every byte but a continuation byte (10xxxxxx) starts a
  // character, and a character takes two UTF-16 units when its lead byte is
  // 11110xxx: a count over bytes the compiler vectorises.
  std::uint32_t characters = 0;
  std::uint32_t four_byte = 0;
  for (std::size_t i = from; i < offset; ++i) {
    const auto byte = static_cast<unsigned char>(text_[i]);
    characters += (byte & 0xC0) != 0x80;
    four_byte += byte >= 0xF0;
  }
  pos.column += characters;
  pos.utf16_column += characters + four_byte;
  cached_offset_ = offset;
  cached_position_ = pos;
  return pos;
}

}  // namespace hlint
