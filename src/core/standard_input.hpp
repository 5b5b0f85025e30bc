// What `-` on the command line reads: a list of paths (`git ls-files -z |
// hlint -`, `find ... | hlint -`), or with --stdin-filename the document
// itself, linted as if it were that file (editors, formatters' protocols).
#pragma once

#include <filesystem>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/linter.hpp"

namespace hlint {

struct PathListError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Paths separated by NULs when the input's first block has any NUL, else by
// newlines (a trailing '\r' dropped); empty entries skipped. Read as a
// stream, with bounds (issue 18: `hlint - < /dev/zero` is endless): a path
// longer than kMaxListedPath, or more than kMaxPathlessRun bytes that name
// no path, throw PathListError.
inline constexpr std::size_t kMaxListedPath = 64 * 1024;
inline constexpr std::size_t kMaxPathlessRun = 1024 * 1024;
std::vector<std::string> read_path_list(std::istream& in);

// Where to look for the git repository of a run (--since): the first path
// linted (a directory, or a file's directory), else the working directory.
std::filesystem::path repository_hint(const std::vector<std::string>& inputs,
                                      const std::filesystem::path& working_directory);

// Lints the whole of `in` as the document `name` (its configuration,
// overrides and suppressions apply; the file need not exist).
// More than `max_bytes` is an io/too-large finding, as for a file.
LintResult lint_standard_input(Linter& linter, const std::string& name, std::istream& in, std::uint64_t max_bytes);

}  // namespace hlint
