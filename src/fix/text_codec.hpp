// The file's own encoding, both ways, for the bytes a fix touches: only the
// edited spans are converted, so every other byte of the file stays as it was.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/source_text.hpp"

namespace hlint {

// `utf8` written in `encoding` (no byte-order mark: the file keeps its own).
// Unset when the encoding cannot hold one of its characters. A GB18030 file
// is written as GBK, which every such file hlint reads is in practice: a fix
// never brings in a four-byte GB18030 sequence.
std::optional<std::string> encode_as(std::string_view utf8, Encoding encoding);

// True when `bytes` are whole, valid characters in `encoding`: a fix never
// replaces part of a character or bytes hlint could not decode.
bool decodes_cleanly(std::string_view bytes, Encoding encoding);

// How the file ends its lines: "\r\n" when its first line break is CRLF,
// else "\n" (in UTF-8; the caller encodes it).
std::string_view line_break_of(std::string_view bytes, Encoding encoding);

}  // namespace hlint
