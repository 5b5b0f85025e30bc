// Reading a whole file, the one way hlint does it: documents when they are
// linted, when --dump-model shows one, and when a corpus check re-reads one.
#pragma once

#include <optional>
#include <string>

namespace hlint {

// The file's bytes, or nullopt with `error` set to a message for users
// ("cannot open the file for reading", "read error").
std::optional<std::string> read_file(const std::string& path, std::string& error);

}  // namespace hlint
