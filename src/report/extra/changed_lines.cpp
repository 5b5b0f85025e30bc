#include "report/extra/changed_lines.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <unordered_map>

extern char** environ;

namespace hlint {

namespace fs = std::filesystem;

namespace {

struct CommandResult {
  int status = -1;  // exit status, or -1 if it did not run or was killed
  std::string out;
  std::string err;
};

// Runs a program (looked up in PATH) with its standard output and error
// captured, without a shell: revisions and paths are never interpreted.
CommandResult run_command(const std::vector<std::string>& arguments) {
  CommandResult result;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0) return result;
  if (pipe(err_pipe) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, out_pipe[1]);
  posix_spawn_file_actions_addclose(&actions, err_pipe[1]);

  std::vector<char*> argv;
  for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  // git must not take the index lock just to refresh stat data: hlint may run
  // while the user (or pre-commit) is committing.
  std::vector<std::string> environment_storage;
  for (char** e = environ; e && *e; ++e)
    if (std::strncmp(*e, "GIT_OPTIONAL_LOCKS=", 19) != 0) environment_storage.emplace_back(*e);
  environment_storage.emplace_back("GIT_OPTIONAL_LOCKS=0");
  std::vector<char*> envp;
  for (auto& e : environment_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    result.err = fmt::format("cannot run {}: {}", arguments[0], std::strerror(spawned));
    return result;
  }
  // Both pipes are drained together so a child filling one cannot block.
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  for (auto& fd : fds)
    if (fd.fd >= 0) close(fd.fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string trim_newline(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

CommandResult git(const fs::path& directory, std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), {"git", "-C", directory.string(), "-c", "core.quotepath=false"});
  return run_command(arguments);
}

// "12" or "12,3" of a hunk header: (start, count); count defaults to 1.
std::pair<std::uint32_t, std::uint32_t> parse_range(std::string_view text) {
  std::uint32_t start = 0, count = 1;
  const auto comma = text.find(',');
  const std::string_view first = text.substr(0, comma);
  std::from_chars(first.data(), first.data() + first.size(), start);
  if (comma != std::string_view::npos) {
    const std::string_view second = text.substr(comma + 1);
    std::from_chars(second.data(), second.data() + second.size(), count);
  }
  return {start, count};
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The path in a `+++ b/path` line (or `--- a/path`); empty for /dev/null.
std::string diff_side_path(std::string_view text, std::string_view prefix) {
  // git ends a name containing a space with a tab.
  if (!text.empty() && text.back() == '\t') text.remove_suffix(1);
  if (text == "/dev/null") return {};
  std::string path = git_unquote(text);
  if (starts_with(path, prefix)) path.erase(0, prefix.size());
  return path;
}

// The path of a `diff --git a/P b/P` header when both sides are the same
// path (an added, deleted or mode-changed file); empty otherwise.
std::string header_path(std::string_view rest) {
  if (!rest.empty() && rest.front() == '"') {
    // Quoted: "a/P" "b/P"
    const auto middle = rest.find("\" \"");
    if (middle == std::string_view::npos) return {};
    const std::string a = git_unquote(rest.substr(0, middle + 1));
    const std::string b = git_unquote(rest.substr(middle + 2));
    if (starts_with(a, "a/") && starts_with(b, "b/") && a.substr(2) == b.substr(2)) return b.substr(2);
    return {};
  }
  if (rest.size() < 5 || (rest.size() - 5) % 2 != 0) return {};
  const std::size_t n = (rest.size() - 5) / 2;
  if (!starts_with(rest, "a/") || rest.substr(2 + n, 3) != " b/" || rest.substr(2, n) != rest.substr(5 + n)) return {};
  return std::string(rest.substr(5 + n));
}

}  // namespace

std::string git_unquote(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::string(text);
  text = text.substr(1, text.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out.push_back(text[i]);
      continue;
    }
    const char c = text[++i];
    switch (c) {
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'v': out.push_back('\v'); break;
      default:
        if (c >= '0' && c <= '3' && i + 2 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '7' &&
            text[i + 2] >= '0' && text[i + 2] <= '7') {
          out.push_back(static_cast<char>(((c - '0') << 6) | ((text[i + 1] - '0') << 3) | (text[i + 2] - '0')));
          i += 2;
        } else {
          out.push_back(c);  // \" and \\ and anything unknown
        }
    }
  }
  return out;
}

ChangedLines ChangedLines::since(const std::string& revision, const fs::path& working_directory,
                                 const fs::path& repository_hint) {
  ChangedLines changes;
  changes.working_directory_ = working_directory;
  const fs::path inside = repository_hint.empty() ? working_directory : repository_hint;
  const CommandResult top = git(inside, {"rev-parse", "--show-toplevel"});
  if (top.status != 0)
    throw GitError(fmt::format("--since needs a git repository: {}", trim_newline(top.err.empty() ? top.out : top.err)));
  changes.top_level_ = fs::path(trim_newline(top.out)).lexically_normal();

  const CommandResult verified = git(inside, {"rev-parse", "--verify", "--quiet", revision + "^{commit}"});
  if (verified.status != 0)
    throw GitError(fmt::format("--since {}: no such revision in this repository (in a shallow CI checkout, fetch "
                               "it first, e.g. actions/checkout with fetch-depth: 0)",
                               revision));
  // Against the merge base, as a pull request's diff is: commits that landed
  // on the base branch meanwhile are not this change's.
  std::string base = trim_newline(verified.out);
  const CommandResult merge_base = git(inside, {"merge-base", base, "HEAD"});
  if (merge_base.status == 0 && !trim_newline(merge_base.out).empty()) base = trim_newline(merge_base.out);

  const CommandResult diff =
      git(changes.top_level_, {"diff", "--no-color", "--no-ext-diff", "--no-textconv", "--text", "--unified=0",
                               "--find-renames", "--ignore-submodules", "--src-prefix=a/", "--dst-prefix=b/", base, "--"});
  if (diff.status != 0) throw GitError(fmt::format("git diff {} failed: {}", base, trim_newline(diff.err)));
  changes.add_diff(diff.out);

  const CommandResult untracked = git(changes.top_level_, {"ls-files", "--others", "--exclude-standard", "-z"});
  if (untracked.status != 0) throw GitError(fmt::format("git ls-files failed: {}", trim_newline(untracked.err)));
  std::string_view names = untracked.out;
  while (!names.empty()) {
    const auto end = names.find('\0');
    const std::string_view name = names.substr(0, end);
    if (!name.empty()) changes.add_new_file(std::string(name));
    if (end == std::string_view::npos) break;
    names.remove_prefix(end + 1);
  }
  return changes;
}

void ChangedLines::add_diff(std::string_view diff) {
  std::string current;         // the new side's path of the file being read
  std::string header;          // the path of its `diff --git` header, if unambiguous
  std::uint32_t old_left = 0;  // hunk lines still to skip
  std::uint32_t new_left = 0;
  while (!diff.empty()) {
    const auto end = diff.find('\n');
    std::string_view line = diff.substr(0, end);
    diff.remove_prefix(end == std::string_view::npos ? diff.size() : end + 1);
    if (old_left > 0 || new_left > 0) {
      // Inside a hunk, content lines may look like headers ("+++ x").
      if (!line.empty() && line[0] == '-' && old_left > 0) {
        --old_left;
        continue;
      }
      if (!line.empty() && line[0] == '+' && new_left > 0) {
        --new_left;
        continue;
      }
      if (!line.empty() && line[0] == '\\') continue;
      old_left = new_left = 0;
    }
    if (starts_with(line, "\\")) continue;
    if (starts_with(line, "diff --git ")) {
      current.clear();
      header = header_path(line.substr(11));
    } else if (starts_with(line, "new file mode") && !header.empty()) {
      // Empty new files have no hunk: still a changed file.
      whole_files_.insert(header);
    } else if (starts_with(line, "+++ ")) {
      current = diff_side_path(line.substr(4), "b/");
    } else if (starts_with(line, "@@ ")) {
      const auto minus = line.find(" -");
      const auto plus = line.find(" +");
      if (minus == std::string_view::npos || plus == std::string_view::npos) continue;
      const auto old_end = line.find(' ', minus + 2);
      const auto new_end = line.find(' ', plus + 2);
      const auto [old_start, old_count] = parse_range(line.substr(minus + 2, old_end - minus - 2));
      const auto [new_start, new_count] = parse_range(line.substr(plus + 2, new_end - plus - 2));
      (void)old_start;
      old_left = old_count;
      new_left = new_count;
      if (!current.empty() && new_count > 0) ranges_[current].push_back({new_start, new_start + new_count - 1});
    }
  }
  for (auto& [path, list] : ranges_) std::sort(list.begin(), list.end());
}

std::string ChangedLines::repository_relative(const std::string& path) const {
  fs::path file(path);
  if (file.is_relative()) file = working_directory_ / file;
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(file, ec);
  if (ec) canonical = file;
  if (top_level_.empty()) return canonical.lexically_normal().generic_string();
  const fs::path relative = canonical.lexically_normal().lexically_relative(top_level_);
  if (relative.empty() || *relative.begin() == "..") return {};
  return relative.generic_string();
}

bool ChangedLines::file_changed(const std::string& path) const {
  const std::string relative = repository_relative(path);
  return !relative.empty() && (whole_files_.count(relative) || ranges_.count(relative));
}

bool ChangedLines::contains(const std::string& path, std::uint32_t line) const {
  const std::string relative = repository_relative(path);
  if (relative.empty()) return false;
  if (whole_files_.count(relative)) return true;
  auto it = ranges_.find(relative);
  if (it == ranges_.end()) return false;
  for (const auto& [first, last] : it->second)
    if (first <= line && line <= last) return true;
  return false;
}

FindingSpool ChangedLines::filter(const FindingSpool& findings, std::size_t& dropped) const {
  // Findings come sorted by path: one canonicalisation per file, not per finding.
  std::string last_path = "\x1f";
  std::string last_relative;
  auto relative_of = [&](const std::string& path) -> const std::string& {
    if (path != last_path) {
      last_path = path;
      last_relative = repository_relative(path);
    }
    return last_relative;
  };
  auto keep = [&](const Finding& f) {
    if (f.path.empty() || f.rule == "io/unreadable" || f.rule == "internal/check-failed") return true;
    const std::string& relative = relative_of(f.path);
    if (relative.empty()) return false;
    if (whole_files_.count(relative)) return true;
    auto it = ranges_.find(relative);
    if (it == ranges_.end()) return false;
    if (!f.has_location) return true;
    const std::uint32_t first = f.location.start.line;
    std::uint32_t last = std::max(f.location.end.line, first);
    // A span that ends at the start of a line (its newline included) does
    // not reach into that line.
    if (last > first && f.location.end.column == 1) --last;
    for (const auto& [begin, end] : it->second)
      if (begin <= last && first <= end) return true;
    return false;
  };
  FindingSpool kept = hlint::filter(findings, keep);
  dropped = findings.size() - kept.size();
  return kept;
}

}  // namespace hlint
