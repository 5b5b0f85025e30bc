// Text from a corpus made safe for a terminal (issue 18, output hygiene).
// Article text, messages quoting it and file names are untrusted: printed raw,
// `ESC ] 0;… BEL` retitles the window, `ESC [2J` clears the screen, a newline
// in a file name forges an output line and U+202E reverses what follows. Every
// such character is shown as a visible escape instead.
#pragma once

#include <string>
#include <string_view>

namespace hlint {

// `text` with every C0 control (tab too, unless keep_tabs), DEL, C1 control
// (U+0080–U+009F), bidirectional control (U+061C, U+200E, U+200F,
// U+202A–U+202E, U+2066–U+2069) and byte that is not UTF-8 written as an
// escape: `\n`, `\r`, `\t`, `\x1b`, `\u202e`, `\xff`. Everything else,
// Chinese text included, is kept as it is.
std::string terminal_safe(std::string_view text, bool keep_tabs = false);

// Appends terminal_safe(text) to `out`; returns the number of bytes added.
std::size_t append_terminal_safe(std::string& out, std::string_view text, bool keep_tabs = false);

// True when terminal_safe(text) == text (the common case: no copy needed).
bool is_terminal_safe(std::string_view text, bool keep_tabs = false);

}  // namespace hlint
