// What `-` on the command line reads: a list of paths (`git ls-files -z |
// hlint -`, `find ... | hlint -`), or with --stdin-filename the document
// itself, linted as if it were that file (editors, formatters' protocols).
#pragma once

#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "core/linter.hpp"

namespace hlint {

// Paths separated by NULs when the input has any NUL, else by newlines
// (a trailing '\r' dropped); empty entries skipped.
std::vector<std::string> read_path_list(std::istream& in);

// Where to look for the git repository of a run (--since): the first path
// linted (a directory, or a file's directory), else the working directory.
std::filesystem::path repository_hint(const std::vector<std::string>& inputs,
                                      const std::filesystem::path& working_directory);

// Lints the whole of `in` as the document `name` (its configuration,
// overrides and suppressions apply; the file need not exist).
LintResult lint_standard_input(Linter& linter, const std::string& name, std::istream& in);

}  // namespace hlint
