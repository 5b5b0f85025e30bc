// Writing a fixed file so that, whatever happens (a crash, SIGKILL, a full
// disk), the file holds either exactly its old or exactly its new bytes.
#pragma once

#include <string>
#include <string_view>

namespace hlint {

// Replaces the contents of `path` with `contents`, if it still holds
// `expected` (what was linted): the new bytes go to a temporary file in the
// same directory, are flushed to disk, get the old file's mode, and are
// renamed over it. A symbolic link is followed and its target written (the
// link stays a link). Returns an empty string on success, else why the file
// was left alone ("the file is read-only", "it changed since it was linted",
// "cannot create a temporary file in DIR: Permission denied").
std::string replace_file_contents(const std::string& path, std::string_view expected, std::string_view contents);

// The prefix of the temporary files (`.NAME.hlint-fix-XXXXXX`). The new bytes
// are written to an unnamed file (O_TMPFILE) that gets this name just before
// the rename, so only a run killed in that instant (or on a file system
// without O_TMPFILE, where the file is named from the start) leaves one behind.
inline constexpr std::string_view kTemporaryMarker = ".hlint-fix-";

}  // namespace hlint
