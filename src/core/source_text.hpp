// The text of one document, decoded once to UTF-8, with a map back to the
// byte offsets of the ORIGINAL file. Every offset a check sees is an offset
// into text(); original_offset() turns it back into a file position.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hlint {

enum class Encoding { utf8, utf8_bom, gb18030, utf16le, utf16be, big5, big5_hkscs, euc_tw, shift_jis, euc_kr };

std::string_view to_string(Encoding encoding);

// A run of bytes that could not be decoded. In text() it stands as one
// U+FFFD per bad byte, so the span covers exactly those replacements.
struct InvalidBytes {
  std::size_t offset;  // offset in text() of the first replacement character
  std::size_t length;  // bytes in text() (3 per bad byte)
  std::string raw;     // the original bytes, for the message
};

class SourceText {
 public:
  // Decodes raw file bytes. Never throws on bad input: undecodable bytes become
  // U+FFFD and are listed in invalid_bytes().
  static SourceText decode(std::string bytes);

  // Builds a UTF-8 source whose offsets are the original offsets (tests, stdin).
  static SourceText from_utf8(std::string text);

  std::string_view text() const { return text_; }
  Encoding encoding() const { return encoding_; }
  // The encoding that came second when the choice among legacy encodings was
  // close (both decode the bytes as well, and read about as plausibly), else none.
  std::optional<Encoding> runner_up() const { return runner_up_; }
  const std::vector<InvalidBytes>& invalid_bytes() const { return invalid_; }
  std::size_t original_size() const { return original_size_; }

  // Byte offset in the original file of the character at text() offset.
  std::size_t original_offset(std::size_t offset) const;

 private:
  std::string text_;
  // Empty when the mapping is the identity plus shift_ (plain UTF-8, BOM).
  std::vector<std::uint32_t> origin_;
  std::size_t shift_ = 0;
  std::size_t original_size_ = 0;
  Encoding encoding_ = Encoding::utf8;
  std::optional<Encoding> runner_up_;
  std::vector<InvalidBytes> invalid_;

  friend class SourceDecoder;
};

// True when the bytes look like binary data rather than text in any encoding
// hlint reads (NUL bytes outside UTF-16, or a known binary signature).
bool looks_binary(std::string_view bytes);

}  // namespace hlint
