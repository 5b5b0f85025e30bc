// The files to lint, produced one at a time in path order. A corpus of a
// million documents is never one list in memory: each directory is read when
// the walk enters it, so memory follows the widest directory and the depth,
// not the number of files (issue 2: memory that does not grow with the corpus).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"

namespace hlint {

struct InputFile {
  std::string path;  // as displayed ('/'-separated, relative as given)
  std::string file;  // to open, when it differs from path
  // Why this entry of a walked directory cannot be linted (a dangling or
  // looping symbolic link, a directory that cannot be read, a FIFO): reported
  // as io/unreadable in its place, and counted as a file (issue 18).
  std::string problem;
  const std::string& open_path() const { return file.empty() ? path : file; }
};

// Decides what a directory walk enters and yields beyond the globs (ignore
// files, file types, hlint's own outputs: core/file_discovery.hpp). Files
// named on the command line are not asked: they are always linted.
class WalkFilter {
 public:
  virtual ~WalkFilter() = default;
  virtual bool enter_directory(const std::filesystem::path& directory) = 0;
  virtual bool take_file(const std::filesystem::path& file) = 0;
  // A file named on the command line (it exists and is not a directory).
  virtual bool take_named_file(const std::filesystem::path&) { return true; }
};

class InputWalk {
 public:
  // Files and directories as given on the command line (directories walked
  // recursively, hidden entries and .git skipped), filtered by the globs.
  InputWalk(const std::vector<std::string>& inputs, std::vector<std::string> include,
            std::vector<std::string> exclude);
  ~InputWalk();
  InputWalk(const InputWalk&) = delete;
  InputWalk& operator=(const InputWalk&) = delete;

  // Consulted for every entry found by walking a directory; set before the
  // first next(). Not owned.
  void set_filter(WalkFilter* filter) { filter_ = filter; }

  // The next file, in path order whatever the order of the inputs; a file
  // named twice comes once. Not thread-safe: the caller serialises calls.
  std::optional<InputFile> next();

  // Inputs that do not exist and directories that could not be read, as
  // findings (complete once next() has returned nothing).
  std::vector<Finding> take_errors();

 private:
  class DirectoryStream;
  bool wanted(const std::string& path, bool explicit_file) const;

  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
  std::vector<InputFile> named_files_;     // files named as inputs, before the filter
  std::vector<InputFile> explicit_files_;  // those the filter kept, sorted
  std::size_t next_explicit_ = 0;
  std::vector<std::filesystem::path> directory_roots_;  // opened at the first next()
  std::vector<std::unique_ptr<DirectoryStream>> directories_;
  // The next file of each source (explicit files first, then each directory).
  std::vector<std::optional<InputFile>> heads_;
  bool started_ = false;
  std::string last_path_;
  bool any_returned_ = false;
  std::vector<Finding> errors_;
  WalkFilter* filter_ = nullptr;
};

// Every file of the walk, in order (tests and small inputs).
struct WalkResult {
  std::vector<InputFile> files;
  std::vector<Finding> errors;
};
WalkResult walk_inputs(const std::vector<std::string>& inputs, const std::vector<std::string>& include,
                       const std::vector<std::string>& exclude);

}  // namespace hlint
