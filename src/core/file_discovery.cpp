#include "core/file_discovery.hpp"

#include <git2.h>
#include <git2/sys/repository.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <unordered_map>

namespace hlint {

namespace fs = std::filesystem;

namespace {

// Directories no corpus wants linted, skipped even without an ignore file
// (ruff's default exclusions, the part that concerns documents).
bool is_dependency_directory(const fs::path& directory) {
  const std::string name = directory.filename().string();
  return name == "node_modules" || name == "bower_components";
}

bool matches_any(const std::vector<std::string>& globs, const std::string& path) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_matches(g, path); });
}

// One `.hlintignore` line, written relative to its directory, as the same
// rule relative to the work tree (libgit2 adds rules at the work tree's
// root): a pattern with an inner '/' is anchored to its directory, one
// without matches at any depth below it. The matching itself is libgit2's.
std::string rebase_ignore_line(std::string line, const std::string& directory) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
  if (line.empty() || line[0] == '#') return {};
  std::string negation;
  if (line[0] == '!') {
    negation = "!";
    line.erase(0, 1);
  }
  const std::string body = line.back() == '/' ? line.substr(0, line.size() - 1) : line;
  const bool anchored = body.find('/') != std::string::npos;
  if (!line.empty() && line[0] == '/') line.erase(0, 1);
  std::string prefix = "/" + directory;
  if (!directory.empty()) prefix += '/';
  return negation + prefix + (anchored ? "" : "**/") + line;
}

// Whether a global excludes file might apply (git's `core.excludesFile`, or
// its default `$XDG_CONFIG_HOME/git/ignore`): a configuration file that names
// `excludesfile` or includes another file, or the default file exists. The
// files are those libgit2 reads (global, XDG, system). Erring towards "yes"
// only costs the start-up this test saves.
bool global_excludes_may_apply() {
  const char* home = std::getenv("HOME");
  if (!home || !*home) return true;  // libgit2 would look the home directory up itself
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const fs::path xdg_git = (xdg && *xdg) ? fs::path(xdg) / "git" : fs::path(home) / ".config" / "git";
  std::error_code ec;
  if (fs::exists(xdg_git / "ignore", ec)) return true;
  for (const fs::path& file : {fs::path(home) / ".gitconfig", xdg_git / "config", fs::path("/etc/gitconfig")}) {
    std::ifstream in(file, std::ios::binary);
    if (!in) continue;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    if (text.find("excludesfile") != std::string::npos || text.find("include") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

// The git repository (or, outside any, an in-memory one rooted at '/') that
// decides whether a path is ignored, per directory, opened once. libgit2 is
// initialised only when some ignore rule could apply: `git_libgit2_init`
// parses the system's whole CA bundle for its TLS transport (about 15 ms of
// start-up), which a walk through directories without any ignore file never
// needs.
class FileDiscovery::GitIgnores {
 public:
  GitIgnores() : global_excludes_(global_excludes_may_apply()) {}
  ~GitIgnores() {
    if (!initialised_) return;
    for (auto& repo : repos_) git_repository_free(repo->handle);
    git_libgit2_shutdown();
  }

  bool ignored(const fs::path& absolute, bool directory) {
    if (!global_excludes_ && !rules_may_apply_in(absolute.parent_path())) return false;
    if (!initialised_) {
      git_libgit2_init();
      initialised_ = true;
    }
    Repo* repo = repo_for_directory(absolute.parent_path());
    if (!repo) return false;
    std::string relative = absolute.lexically_relative(repo->workdir).generic_string();
    if (relative.empty() || relative.rfind("..", 0) == 0) return false;
    if (directory) relative.push_back('/');
    int ignored = 0;
    if (git_ignore_path_is_ignored(&ignored, repo->handle, relative.c_str()) != 0) return false;
    return ignored != 0;
  }

 private:
  struct Repo {
    git_repository* handle = nullptr;
    fs::path workdir;
  };

  Repo* repo_for_directory(const fs::path& directory) {
    const std::string key = directory.string();
    if (auto it = by_directory_.find(key); it != by_directory_.end()) return it->second;
    Repo* repo = nullptr;
    std::error_code ec;
    git_repository* handle = nullptr;
    if (fs::exists(directory / ".git", ec) && git_repository_open(&handle, directory.c_str()) == 0) {
      if (git_repository_is_bare(handle)) {
        git_repository_free(handle);
      } else {
        repos_.push_back(std::make_unique<Repo>(Repo{handle, directory}));
        repo = repos_.back().get();
      }
    }
    if (!repo && directory.has_parent_path() && directory.parent_path() != directory)
      repo = repo_for_directory(directory.parent_path());
    if (!repo) repo = outside_repository();
    by_directory_[key] = repo;
    if (repo) load_hlintignore(*repo, directory);
    return repo;
  }

  // Outside git work trees only `.hlintignore` files are meant, but libgit2
  // reads the `.gitignore` files it meets as well.
  Repo* outside_repository() {
    if (outside_) return outside_;
    git_repository* handle = nullptr;
    if (git_repository_new(&handle) != 0) return nullptr;
    if (git_repository_set_workdir(handle, "/", 0) != 0) {
      git_repository_free(handle);
      return nullptr;
    }
    repos_.push_back(std::make_unique<Repo>(Repo{handle, "/"}));
    outside_ = repos_.back().get();
    return outside_;
  }

  void load_hlintignore(Repo& repo, const fs::path& directory) {
    std::ifstream in(directory / ".hlintignore");
    if (!in) return;
    std::string relative = directory.lexically_relative(repo.workdir).generic_string();
    if (relative == ".") relative.clear();
    std::string rules, line;
    while (std::getline(in, line)) {
      std::string rule = rebase_ignore_line(line, relative);
      if (!rule.empty()) rules += rule + '\n';
    }
    if (!rules.empty()) git_ignore_add_rule(repo.handle, rules.c_str());
  }

  // Whether `directory` or a directory above it holds a git repository, a
  // `.gitignore` or an `.hlintignore`: otherwise nothing but the global
  // excludes file can ignore a path in it.
  bool rules_may_apply_in(const fs::path& directory) {
    const std::string key = directory.string();
    if (auto it = rules_below_.find(key); it != rules_below_.end()) return it->second;
    std::error_code ec;
    bool may = fs::exists(directory / ".git", ec) || fs::exists(directory / ".gitignore", ec) ||
               fs::exists(directory / ".hlintignore", ec);
    if (!may && directory.has_parent_path() && directory.parent_path() != directory)
      may = rules_may_apply_in(directory.parent_path());
    rules_below_[key] = may;
    return may;
  }

  const bool global_excludes_;
  bool initialised_ = false;
  std::unordered_map<std::string, bool> rules_below_;
  std::unordered_map<std::string, Repo*> by_directory_;
  std::vector<std::unique_ptr<Repo>> repos_;
  Repo* outside_ = nullptr;
};

FileDiscovery::FileDiscovery(ConfigResolver& resolver, DiscoveryOptions options)
    : resolver_(resolver), options_(std::move(options)), ignores_(std::make_unique<GitIgnores>()) {
  for (const auto& output : options_.outputs) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(resolver_.absolute(output), ec);
    if (ec) continue;
    output_paths_.insert(canonical.string());
    output_names_.insert(canonical.filename().string());
  }
}

FileDiscovery::~FileDiscovery() = default;

bool FileDiscovery::is_output(const fs::path& absolute) const {
  if (!output_names_.count(absolute.filename().string())) return false;
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(absolute, ec);
  return !ec && output_paths_.count(canonical.string()) > 0;
}

bool FileDiscovery::enter_directory(const fs::path& directory) {
  const fs::path absolute = resolver_.absolute(directory);
  if (is_dependency_directory(absolute) || is_output(absolute)) return false;
  if (options_.respect_ignore_files && ignores_->ignored(absolute, true)) return false;
  const ConfigScope& scope = resolver_.scope_for(absolute / "x");
  return !matches_any(scope.config.exclude, resolver_.glob_path(scope, absolute));
}

bool FileDiscovery::take_file(const fs::path& file) {
  const fs::path absolute = resolver_.absolute(file);
  if (is_output(absolute)) return false;
  if (options_.respect_ignore_files && ignores_->ignored(absolute, false)) return false;
  const ConfigScope& scope = resolver_.scope_for(absolute);
  const Config& config = scope.config;
  const std::string path = resolver_.glob_path(scope, absolute);
  if (matches_any(config.exclude, path)) return false;
  if (options_.cli_include) return true;  // the walk applies --include
  return matches_any(config.include.empty() ? default_include() : config.include, path) ||
         matches_any(config.extend_include, path);
}

bool FileDiscovery::take_named_file(const fs::path& file) {
  const fs::path absolute = resolver_.absolute(file);
  const ConfigScope& scope = resolver_.scope_for(absolute);
  return !matches_any(scope.config.exclude, resolver_.glob_path(scope, absolute));
}

}  // namespace hlint
