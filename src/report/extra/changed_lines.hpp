// `--since GIT_REV`: which lines of which files changed since a revision, so
// a pull request is held only to the findings on the lines it touches.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/finding_spool.hpp"

namespace hlint {

class GitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ChangedLines {
 public:
  // Asks git in `working_directory`: the lines that differ between the
  // merge base of `revision` and HEAD (the revision itself if there is no
  // merge base) and the working tree, plus untracked files as wholly new.
  // The repository is the one around `repository_hint` (the first path
  // linted) when given: `hlint --since main ../blog` from elsewhere.
  static ChangedLines since(const std::string& revision, const std::filesystem::path& working_directory,
                            const std::filesystem::path& repository_hint = {});

  // Parses `git diff --unified=0` output (paths relative to the repository
  // root); exposed for tests.
  void add_diff(std::string_view diff);
  void add_new_file(std::string path) { whole_files_.insert(std::move(path)); }

  // `path` as hlint displays it (relative to the working directory).
  bool contains(const std::string& path, std::uint32_t line) const;
  bool file_changed(const std::string& path) const;
  // Keeps the findings on changed lines (whole-file findings when the file
  // changed at all, and findings of no file); `dropped` counts the others.
  FindingSpool filter(const FindingSpool& findings, std::size_t& dropped) const;

 private:
  std::string repository_relative(const std::string& path) const;

  std::filesystem::path working_directory_;
  std::filesystem::path top_level_;
  // Repository-relative path -> changed line ranges [first, last], sorted.
  std::map<std::string, std::vector<std::pair<std::uint32_t, std::uint32_t>>> ranges_;
  std::set<std::string> whole_files_;
};

// Undoes git's C-style quoting of a path ("a\tb", "\346\226\207"); a path
// without quotes is returned as it is.
std::string git_unquote(std::string_view text);

}  // namespace hlint
