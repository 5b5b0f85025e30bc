// Line starts of a decoded text, and the conversion of byte offsets into
// 1-based line/column positions (ruff's LineIndex). Offsets are kept
// everywhere; positions are computed only when a finding is rendered.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace hlint {

struct Position {
  std::uint32_t line = 0;          // 1-based
  std::uint32_t column = 0;        // 1-based, in Unicode code points
  std::uint32_t utf16_column = 0;  // 1-based, in UTF-16 code units (SARIF, GitHub)
  std::uint32_t byte_column = 0;   // 1-based, in UTF-8 bytes of the decoded line
};

// Lines of a text and positions in them. The text is valid UTF-8 (a
// Document's is: SourceText replaces undecodable bytes), so characters are
// counted from their bytes.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  std::size_t line_count() const { return starts_.size(); }
  // 0-based line number containing offset.
  std::size_t line_of(std::size_t offset) const;
  std::size_t line_start(std::size_t line) const { return starts_[line]; }
  // End of the line's content, before its terminator (\n, \r\n or \r).
  std::size_t line_end(std::size_t line) const;
  std::string_view line_text(std::size_t line) const;

  // Linear in the column; counting resumes from the last position asked for
  // when it is earlier on the same line, so resolving many findings on one
  // long line in offset order stays linear overall.
  Position position(std::size_t offset) const;
  // Makes the next position() resume from this known position.
  void resume_from(std::size_t offset, const Position& position) const {
    cached_offset_ = offset;
    cached_position_ = position;
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
  // A LineIndex belongs to one document, read by one thread at a time.
  mutable std::size_t cached_offset_ = static_cast<std::size_t>(-1);
  mutable Position cached_position_;
};

}  // namespace hlint
