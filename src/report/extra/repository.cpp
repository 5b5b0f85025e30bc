// Where a finding's file is, as code hosts name it: relative to the
// repository root rather than to the directory hlint was started in.
#include <cstdlib>
#include <system_error>

#include "report/emitter.hpp"

namespace hlint {

namespace fs = std::filesystem;

namespace {

// True if `path` is `directory` or below it (both lexically normal).
bool is_within(const fs::path& path, const fs::path& directory) {
  const fs::path relative = path.lexically_relative(directory);
  if (relative.empty()) return false;
  const auto first = relative.begin();
  return first == relative.end() || *first != "..";
}

fs::path normal_directory(const fs::path& directory) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(directory, ec);
  if (ec) canonical = directory;
  canonical = canonical.lexically_normal();
  // "/a/b/" normalises to "/a/b/" with an empty last element: drop it so
  // lexically_relative() works on it.
  if (canonical.has_relative_path() && canonical.filename().empty()) canonical = canonical.parent_path();
  return canonical;
}

}  // namespace

fs::path find_repository_root(const fs::path& working_directory) {
  const fs::path cwd = normal_directory(working_directory);
  // CI systems say where the checkout is; trust them only if hlint runs
  // inside it (a stray variable must not turn paths into "../../x").
  for (const char* variable : {"GITHUB_WORKSPACE", "CI_PROJECT_DIR"}) {
    const char* value = std::getenv(variable);
    if (!value || !*value) continue;
    const fs::path root = normal_directory(value);
    if (is_within(cwd, root)) return root;
  }
  std::error_code ec;
  for (fs::path dir = cwd; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return dir;
    if (dir == dir.parent_path()) break;
  }
  return cwd;
}

std::string repository_path(const Report& report, const std::string& path) {
  if (path.empty()) return path;
  fs::path file(path);
  if (file.is_relative()) file = report.working_directory / file;
  file = file.lexically_normal();
  if (report.repository_root.empty()) return file.generic_string();
  const fs::path relative = file.lexically_relative(report.repository_root);
  if (relative.empty()) return file.generic_string();
  return relative.generic_string();
}

const RepositoryPath& RepositoryPaths::of(const std::string& path) {
  if (!known_ || path != path_) {
    known_ = true;
    path_ = path;
    last_.relative = repository_path(report_, path);
    last_.uri = last_.relative.empty() ? std::string() : path_to_uri(last_.relative);
  }
  return last_;
}

std::string directory_uri(const fs::path& directory) {
  std::string text = directory.generic_string();
  if (text.empty() || text.back() != '/') text.push_back('/');
  return "file://" + path_to_uri(text);
}

}  // namespace hlint
