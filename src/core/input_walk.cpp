#include "core/input_walk.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/config.hpp"

namespace hlint {

namespace fs = std::filesystem;

namespace {

std::string display_path(const fs::path& path) {
  std::string s = path.generic_string();
  if (s.rfind("./", 0) == 0 && s.size() > 2) s = s.substr(2);
  return s;
}

InputFile input_file(std::string display, const fs::path& file) {
  InputFile input{std::move(display), {}, {}};
  if (file.native() != input.path) input.file = file.native();
  return input;
}

bool is_hidden(const std::string& name) { return name.size() > 1 && name[0] == '.' && name != ".."; }

}  // namespace

// One directory input, walked depth first with each directory's entries
// sorted so that the files come out in the order of their full paths: a
// directory sorts as its name followed by '/', exactly where its files'
// paths sort among its siblings ("a.txt" < "a/b.txt" < "a0.txt").
class InputWalk::DirectoryStream {
 public:
  DirectoryStream(const fs::path& root, std::string root_display, WalkFilter* filter)
      : root_display_(std::move(root_display)), filter_(filter) {
    enter(root);
  }

  // The next regular file (symbolic links to files included, links to
  // directories not followed), or an entry that cannot be linted with the
  // reason; nothing at the end or after an error at the root.
  struct Next {
    fs::path path;
    std::string problem;
  };
  std::optional<Next> next() {
    while (!levels_.empty() && !failed_) {
      Level& level = levels_.back();
      if (level.next == level.entries.size()) {
        levels_.pop_back();
        continue;
      }
      Entry entry = std::move(level.entries[level.next++]);
      if (entry.directory) {
        std::string problem = enter(entry.path);
        if (!problem.empty()) return Next{std::move(entry.path), std::move(problem)};
        continue;
      }
      return Next{std::move(entry.path), std::move(entry.problem)};
    }
    return std::nullopt;
  }

  // Why the walk stopped early, if it did.
  const std::optional<std::string>& error() const { return error_; }
  const std::string& root_display() const { return root_display_; }

 private:
  struct Entry {
    std::string key;  // the name, with '/' after a directory's
    fs::path path;
    bool directory = false;
    std::string problem;  // not a file that can be linted, and why
  };
  struct Level {
    std::vector<Entry> entries;
    std::size_t next = 0;
  };

  // Why an entry that is neither a directory nor a regular file cannot be
  // linted, or empty for a link to a directory (deliberately not followed).
  static std::string unlintable(const fs::directory_entry& entry) {
    std::error_code ec;
    const bool link = entry.is_symlink(ec);
    const fs::file_status target = fs::status(entry.path(), ec);
    if (link && ec) {
      if (ec == std::errc::too_many_symbolic_link_levels) return "a symbolic link loop: not read";
      if (ec == std::errc::no_such_file_or_directory) return "a dangling symbolic link: not read";
      return fmt::format("a symbolic link that cannot be followed: {}", ec.message());
    }
    if (ec) return fmt::format("cannot read the file's type: {}", ec.message());
    if (fs::is_directory(target)) return {};
    switch (target.type()) {
      case fs::file_type::fifo: return "a FIFO, not a regular file: not read";
      case fs::file_type::socket: return "a socket, not a regular file: not read";
      case fs::file_type::character: return "a character device, not a regular file: not read";
      case fs::file_type::block: return "a block device, not a regular file: not read";
      default: return "not a regular file: not read";
    }
  }

  // Reads a directory's entries onto the stack. Returns why a directory
  // below the root cannot be read (a finding in its place); an error at the
  // root stops this input's walk.
  std::string enter(const fs::path& directory) {
    std::error_code ec;
    Level level;
    fs::directory_iterator it(directory, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (is_hidden(name)) continue;  // .git, .hlint-cache, editors' files
      std::error_code type_error;
      const bool directory_entry = it->is_directory(type_error) && !it->is_symlink(type_error);
      std::string problem;
      if (!directory_entry && !it->is_regular_file(type_error)) {
        problem = unlintable(*it);
        if (problem.empty()) continue;  // a link to a directory
      }
      // Ignored files, other file types and hlint's own outputs are not
      // walked (a broken link among them is not reported either).
      if (filter_ && !(directory_entry ? filter_->enter_directory(it->path()) : filter_->take_file(it->path())))
        continue;
      if (directory_entry) name.push_back('/');
      level.entries.push_back(Entry{std::move(name), it->path(), directory_entry, std::move(problem)});
    }
    if (ec) {
      if (!levels_.empty()) return fmt::format("cannot read the directory: {}", ec.message());
      // The root: nothing to walk (what was found so far is still linted).
      error_ = ec.message();
      failed_ = true;
      return {};
    }
    std::sort(level.entries.begin(), level.entries.end(),
              [](const Entry& a, const Entry& b) { return a.key < b.key; });
    levels_.push_back(std::move(level));
    return {};
  }

  std::string root_display_;
  WalkFilter* filter_;
  std::vector<Level> levels_;
  bool failed_ = false;
  std::optional<std::string> error_;
};

InputWalk::InputWalk(const std::vector<std::string>& inputs, std::vector<std::string> include,
                     std::vector<std::string> exclude)
    : include_(std::move(include)), exclude_(std::move(exclude)) {
  for (const auto& input : inputs) {
    std::error_code ec;
    const fs::path root(input);
    const auto status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
      errors_.push_back(
          whole_file_finding(display_path(root), "io/unreadable", Severity::error, "no such file or directory"));
      continue;
    }
    if (!fs::is_directory(status)) {
      std::string path = display_path(root);
      if (wanted(path, true)) named_files_.push_back(input_file(std::move(path), root));
      continue;
    }
    directory_roots_.push_back(root);
  }
}

InputWalk::~InputWalk() = default;

bool InputWalk::wanted(const std::string& path, bool explicit_file) const {
  for (const auto& pattern : exclude_)
    if (glob_matches(pattern, path)) return false;
  if (include_.empty() || explicit_file) return true;
  for (const auto& pattern : include_)
    if (glob_matches(pattern, path)) return true;
  return false;
}

std::optional<InputFile> InputWalk::next() {
  // heads_[0] is the next explicit file, heads_[1 + k] directory k's next.
  auto refill = [&](std::size_t source) {
    heads_[source].reset();
    if (source == 0) {
      if (next_explicit_ < explicit_files_.size()) heads_[0] = std::move(explicit_files_[next_explicit_++]);
      return;
    }
    DirectoryStream& directory = *directories_[source - 1];
    while (std::optional<DirectoryStream::Next> file = directory.next()) {
      std::string display = display_path(file->path);
      if (wanted(display, false)) {
        heads_[source] = input_file(std::move(display), file->path);
        heads_[source]->problem = std::move(file->problem);
        return;
      }
    }
    if (directory.error())
      errors_.push_back(whole_file_finding(directory.root_display(), "io/unreadable", Severity::error,
                                     fmt::format("cannot walk the directory: {}", *directory.error())));
  };
  if (!started_) {
    started_ = true;
    // Named files are filtered here (stable sort: of two inputs naming the
    // same file, the first is the one kept), once the filter is known.
    for (auto& file : named_files_)
      if (!filter_ || filter_->take_named_file(fs::path(file.open_path()))) explicit_files_.push_back(std::move(file));
    named_files_.clear();
    std::stable_sort(explicit_files_.begin(), explicit_files_.end(),
                     [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    for (const auto& root : directory_roots_)
      directories_.push_back(std::make_unique<DirectoryStream>(root, display_path(root), filter_));
    heads_.resize(1 + directories_.size());
    for (std::size_t source = 0; source < heads_.size(); ++source) refill(source);
  }
  for (;;) {
    // A handful of sources (the explicit files and each directory named):
    // a linear scan for the smallest path is enough.
    std::size_t best = heads_.size();
    for (std::size_t source = 0; source < heads_.size(); ++source)
      if (heads_[source] && (best == heads_.size() || heads_[source]->path < heads_[best]->path)) best = source;
    if (best == heads_.size()) return std::nullopt;
    InputFile file = std::move(*heads_[best]);
    refill(best);
    if (any_returned_ && file.path == last_path_) continue;  // named twice
    any_returned_ = true;
    last_path_ = file.path;
    return file;
  }
}

std::vector<Finding> InputWalk::take_errors() { return std::move(errors_); }

WalkResult walk_inputs(const std::vector<std::string>& inputs, const std::vector<std::string>& include,
                       const std::vector<std::string>& exclude) {
  InputWalk walk(inputs, include, exclude);
  WalkResult result;
  while (std::optional<InputFile> file = walk.next()) result.files.push_back(std::move(*file));
  result.errors = walk.take_errors();
  return result;
}

}  // namespace hlint
