#include "core/config_resolver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "core/check.hpp"

namespace hlint {

namespace fs = std::filesystem;

const std::vector<std::string>& default_include() {
  static const std::vector<std::string> kTypes = {"*.md", "*.markdown", "*.html", "*.htm", "*.txt"};
  return kTypes;
}

namespace {

constexpr const char* kConfigName = ".hlint.yaml";

// An absolute path that lexically_normal() leaves as it is: one root
// separator, then names that are neither "." nor "..", one separator
// between them, none at the end. The walk's paths are, and the
// std::filesystem operations that would find so (splitting the path into a
// list of components) cost several allocations per path and file.
bool is_normal_absolute(std::string_view path) {
  if (path.size() < 2 || path.front() != '/' || path.back() == '/') return false;
  for (std::size_t begin = 1; begin <= path.size();) {
    const std::size_t end = std::min(path.find('/', begin), path.size());
    const std::string_view name = path.substr(begin, end - begin);
    if (name.empty() || name == "." || name == "..") return false;
    begin = end + 1;
  }
  return true;
}

// lexically_relative() of two paths that is_normal_absolute(): ".." for each
// name of `base` past the names the two share, then the rest of `path`.
std::string normal_relative(std::string_view path, std::string_view base) {
  std::size_t shared = 1;  // where the first name not shared starts: both start with the root separator
  while (shared < path.size() && shared < base.size()) {
    const std::size_t path_end = std::min(path.find('/', shared), path.size());
    const std::size_t base_end = std::min(base.find('/', shared), base.size());
    if (path.substr(shared, path_end - shared) != base.substr(shared, base_end - shared)) break;
    shared = path_end + 1;
  }
  const std::string_view path_rest = shared <= path.size() ? path.substr(shared) : std::string_view();
  const std::string_view base_rest = shared <= base.size() ? base.substr(shared) : std::string_view();
  if (path_rest.empty() && base_rest.empty()) return ".";
  std::string relative;
  if (!base_rest.empty()) {
    const auto ups = 1 + std::count(base_rest.begin(), base_rest.end(), '/');
    for (std::ptrdiff_t k = 0; k < ups; ++k) relative.append(k == 0 ? ".." : "/..");
  }
  if (!path_rest.empty()) {
    if (!relative.empty()) relative.push_back('/');
    relative.append(path_rest);
  }
  return relative;
}

fs::path normal_absolute(const fs::path& path, const fs::path& working_directory) {
  return (path.is_absolute() ? path : working_directory / path).lexically_normal();
}

Config load_chain(const fs::path& file, const CheckRegistry& registry, std::vector<std::string>& chain,
                  std::set<std::string>& visiting) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(file, ec);
  const std::string key = ec ? file.lexically_normal().string() : canonical.string();
  if (!visiting.insert(key).second)
    throw ConfigError(fmt::format("{}: `extends` forms a cycle through this file", file.string()));
  Config own = load_config(file, registry);
  Config merged;
  for (const auto& parent : own.extends) {
    fs::path parent_path = fs::path(parent);
    if (parent_path.is_relative()) parent_path = file.parent_path() / parent_path;
    if (!fs::is_regular_file(parent_path, ec))
      throw ConfigError(fmt::format("{}: `extends`: no configuration file {}", file.string(), parent_path.string()));
    merge_config(merged, load_chain(parent_path.lexically_normal(), registry, chain, visiting));
  }
  chain.push_back(file.string());
  merge_config(merged, std::move(own));
  visiting.erase(key);
  return merged;
}

}  // namespace

Config load_config_with_extends(const fs::path& file, const CheckRegistry& registry, std::vector<std::string>& chain) {
  std::set<std::string> visiting;
  return load_chain(file, registry, chain, visiting);
}

std::optional<fs::path> user_config_file(const char* xdg_config_home, const char* home) {
  if (xdg_config_home && fs::path(xdg_config_home).is_absolute()) return fs::path(xdg_config_home) / "hlint" / "config.yaml";
  if (home && *home) return fs::path(home) / ".config" / "hlint" / "config.yaml";
  return std::nullopt;
}

ConfigResolver::ConfigResolver(const CheckRegistry& registry, std::optional<fs::path> fixed, fs::path working_directory,
                               std::optional<fs::path> user_config)
    : registry_(&registry), working_directory_(std::move(working_directory)) {
  if (fixed) fixed_ = normal_absolute(*fixed, working_directory_);
  if (!user_config) return;
  user_config_ = normal_absolute(*user_config, working_directory_);
  // Something at the path that cannot be read (a FIFO, a directory) is an
  // error when it is loaded, as for --config; nothing there: no user
  // configuration. With --config, no other configuration is read.
  std::error_code ec;
  use_user_config_ = !fixed_ && fs::symlink_status(*user_config_, ec).type() != fs::file_type::not_found;
}

ConfigResolver::ConfigResolver(Config config, fs::path working_directory)
    : working_directory_(std::move(working_directory)) {
  auto scope = std::make_unique<ConfigScope>();
  scope->config = std::move(config);
  scope->base = working_directory_;
  scope->source = scope->config.file;
  defaults_ = scope.get();
  index_[scope.get()] = 0;
  scopes_.push_back(std::move(scope));
}

fs::path ConfigResolver::absolute(const fs::path& file) const {
  if (is_normal_absolute(file.native())) return file;
  return normal_absolute(file, working_directory_);
}

std::string ConfigResolver::glob_path(const ConfigScope& scope, const fs::path& file) const {
  if (is_normal_absolute(file.native()) && is_normal_absolute(scope.base.native()))
    return normal_relative(file.native(), scope.base.native());
  const fs::path relative = absolute(file).lexically_relative(scope.base);
  return relative.empty() ? absolute(file).generic_string() : relative.generic_string();
}

const ConfigScope& ConfigResolver::add_scope(std::unique_ptr<ConfigScope> scope) {
  const ConfigScope* raw = scope.get();
  index_[raw] = scopes_.size();
  scopes_.push_back(std::move(scope));
  return *raw;
}

// Outside any .hlint.yaml: the user configuration alone (trusted, globs
// relative to the working directory), or the built-in defaults.
const ConfigScope& ConfigResolver::user_scope() {
  if (defaults_) return *defaults_;
  auto scope = std::make_unique<ConfigScope>();
  scope->base = working_directory_;
  if (use_user_config_) {
    scope->source = user_config_->string();
    try {
      scope->config = load_config_with_extends(*user_config_, *registry_, scope->chain);
    } catch (const ConfigError& e) {
      scope->failed = true;
      errors_.push_back(fmt::format("{} (the user configuration)", e.what()));
    }
  }
  defaults_ = &add_scope(std::move(scope));
  return *defaults_;
}

const ConfigScope& ConfigResolver::scope_of_file(const fs::path& config_file, const fs::path& base) {
  if (auto it = by_config_file_.find(config_file.string()); it != by_config_file_.end()) return *it->second;
  auto scope = std::make_unique<ConfigScope>();
  scope->base = base;
  scope->source = config_file.string();
  try {
    Config found = load_config_with_extends(config_file, *registry_, scope->chain);
    const bool named = fixed_ && *fixed_ == config_file;
    if (!named) {
      for (const auto& option : drop_security_options(found))
        warnings_.push_back(fmt::format("{}: `{}` ignored: a configuration found beside the linted files may have come "
                                        "with them; name it with --config, or set the option in the user configuration "
                                        "{}",
                                        config_file.string(), option,
                                        user_config_ ? user_config_->string() : "$XDG_CONFIG_HOME/hlint/config.yaml"));
    }
    if (!named && use_user_config_) {
      // The found configuration over the user's: its keys win, except the
      // security options, which only the user's may set.
      const ConfigScope& user = user_scope();
      scope->user_config = user.source;
      scope->failed = user.failed;
      scope->config = user.config;
      merge_config(scope->config, std::move(found));
      take_security_options(scope->config, user.config);
    } else {
      scope->config = std::move(found);
    }
  } catch (const ConfigError& e) {
    scope->failed = true;
    errors_.push_back(e.what());
  }
  const ConfigScope& added = add_scope(std::move(scope));
  by_config_file_[config_file.string()] = &added;
  return added;
}

const ConfigScope& ConfigResolver::scope_of_directory(const fs::path& directory) {
  if (auto it = by_directory_.find(directory.string()); it != by_directory_.end()) return *it->second;
  const ConfigScope* found = nullptr;
  std::error_code ec;
  if (fs::is_regular_file(directory / kConfigName, ec)) {
    found = &scope_of_file(directory / kConfigName, directory);
  } else if (directory.has_parent_path() && directory.parent_path() != directory) {
    found = &scope_of_directory(directory.parent_path());
  } else {
    found = &user_scope();
  }
  by_directory_[directory.string()] = found;
  return *found;
}

const ConfigScope& ConfigResolver::scope_for(const fs::path& file) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (fixed_) return scope_of_file(*fixed_, working_directory_);
  if (!registry_) return *defaults_;
  return scope_of_directory(absolute(file).parent_path());
}

std::vector<std::string> ConfigResolver::errors() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return errors_;
}

std::vector<std::string> ConfigResolver::warnings() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return warnings_;
}

std::vector<const ConfigScope*> ConfigResolver::scopes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<const ConfigScope*> all;
  for (const auto& scope : scopes_) all.push_back(scope.get());
  return all;
}

namespace {

std::string flow(const std::vector<std::string>& list) {
  YAML::Emitter out;
  out << YAML::Flow << list;
  return out.c_str();
}

std::string flow(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

}  // namespace

std::string describe_scope(const ConfigScope& scope) {
  std::ostringstream out;
  const Config& c = scope.config;
  const std::string defaults = "(default)";
  auto from = [&](const std::string& key) {
    auto it = c.origin.find(key);
    return it == c.origin.end() ? defaults : it->second;
  };
  out << "# configuration: " << (scope.source.empty() ? "none found, built-in defaults" : scope.source) << '\n';
  if (scope.chain.size() > 1)
    out << "# extends: " << flow(std::vector<std::string>(scope.chain.begin(), scope.chain.end() - 1)) << '\n';
  if (!scope.user_config.empty()) out << "# over the user configuration: " << scope.user_config << '\n';
  out << "# globs are relative to: " << scope.base.generic_string() << '\n';
  auto line = [&](const std::string& key, const std::string& value) {
    out << fmt::format("{}: {}  # {}\n", key, value, from(key));
  };
  line("select", c.select.empty() ? "[ALL]" : flow(c.select));
  line("ignore", flow(c.ignore));
  line("include", flow(c.include.empty() ? default_include() : c.include));
  line("extend-include", flow(c.extend_include));
  line("exclude", flow(c.exclude));
  line("fail-on", std::string(c.fail_on ? to_string(*c.fail_on) : std::string_view("warning")));
  line("fixable", c.fixable.empty() ? "[ALL]" : flow(c.fixable));
  line("unfixable", flow(c.unfixable));
  if (!c.cache_dir.empty()) line("cache-dir", c.cache_dir);
  for (const auto& [id, settings] : c.rules) {
    std::vector<std::string> parts;
    if (settings.enabled) parts.push_back(*settings.enabled ? "enabled: true" : "enabled: false");
    if (settings.severity) parts.push_back("severity: " + std::string(to_string(*settings.severity)));
    if (settings.options) parts.push_back("options: " + flow(settings.options));
    std::string joined;
    for (const auto& p : parts) joined += (joined.empty() ? "" : ", ") + p;
    out << fmt::format("rules.{}: {{{}}}  # {}\n", id, joined, from("rules." + id));
  }
  for (const auto& [key, file] : c.origin)
    if (key.rfind("phrases.", 0) == 0 || key.rfind("extra-phrases.", 0) == 0)
      out << fmt::format("{}: (set)  # {}\n", key, file);
  for (const auto& o : c.overrides) {
    out << fmt::format("overrides: paths {}", flow(o.paths));
    if (!o.select.empty()) out << " select " << flow(o.select);
    if (!o.ignore.empty()) out << " ignore " << flow(o.ignore);
    for (const auto& [selector, severity] : o.severities) out << fmt::format(" {}={}", selector, to_string(severity));
    out << fmt::format("  # {}\n", from("overrides"));
  }
  return out.str();
}

}  // namespace hlint
