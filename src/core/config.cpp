#include "core/config.hpp"

#include "core/file_io.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <set>

#include "core/check.hpp"
#include "core/resources.hpp"

namespace hlint {

std::vector<std::string> PhraseLists::get(const std::string& name) const {
  std::vector<std::string> phrases;
  if (auto it = replace_.find(name); it != replace_.end()) {
    phrases = it->second;
  } else if (auto file = embedded_file("data/" + name + ".txt")) {
    phrases = parse_phrase_list(*file);
  }
  if (auto it = extra_.find(name); it != extra_.end()) phrases.insert(phrases.end(), it->second.begin(), it->second.end());
  return phrases;
}

bool PhraseLists::exists(const std::string& name) const {
  return embedded_file("data/" + name + ".txt").has_value();
}

bool selector_matches(std::string_view selector, std::string_view rule_id) {
  if (selector == "ALL" || selector == rule_id) return true;
  if (selector.empty()) return false;
  if (selector.back() == '/') return rule_id.substr(0, selector.size()) == selector;
  return rule_id.size() > selector.size() && rule_id.substr(0, selector.size()) == selector &&
         rule_id[selector.size()] == '/';
}

bool glob_matches(std::string_view pattern, std::string_view path) {
  const std::string p(pattern), s(path);
  if (fnmatch(p.c_str(), s.c_str(), 0) == 0) return true;
  // `**/x` also matches `x` at the top; a bare name matches the file name.
  if (p.rfind("**/", 0) == 0 && fnmatch(p.substr(3).c_str(), s.c_str(), 0) == 0) return true;
  if (p.find('/') == std::string::npos) {
    const auto slash = s.rfind('/');
    if (slash != std::string::npos && fnmatch(p.c_str(), s.substr(slash + 1).c_str(), 0) == 0) return true;
  }
  return false;
}

namespace {

class Loader {
 public:
  Loader(std::string file, const CheckRegistry& registry) : file_(std::move(file)), registry_(registry) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    const auto mark = node.Mark();
    if (mark.line >= 0)
      throw ConfigError(fmt::format("{}:{}:{}: {}", file_, mark.line + 1, mark.column + 1, message));
    throw ConfigError(fmt::format("{}: {}", file_, message));
  }

  std::vector<std::string> strings(const YAML::Node& node, const std::string& key) const {
    if (node.IsScalar()) return {node.Scalar()};
    if (!node.IsSequence()) fail(node, fmt::format("`{}` must be a list of strings", key));
    std::vector<std::string> out;
    for (const auto& item : node) {
      if (!item.IsScalar()) fail(item, fmt::format("`{}` must be a list of strings", key));
      out.push_back(item.Scalar());
    }
    return out;
  }

  std::vector<std::string> selectors(const YAML::Node& node, const std::string& key) const {
    auto list = strings(node, key);
    for (std::size_t i = 0; i < list.size(); ++i) {
      bool known = false;
      for (const auto& rule : registry_.rules()) known = known || selector_matches(list[i], rule.info.id);
      if (!known) fail(node.IsSequence() ? node[i] : node, fmt::format("`{}`: no rule matches `{}`", key, list[i]));
    }
    return list;
  }

  // Readers of the plain keys (kPlainKeys): the value and the key it is for.
  Severity severity_value(const YAML::Node& node, const std::string&) const { return severity(node); }

  std::uint64_t file_size(const YAML::Node& node, const std::string& key) const {
    const std::optional<std::uint64_t> bytes = node.IsScalar() ? parse_size(node.Scalar()) : std::nullopt;
    if (!bytes) fail(node, fmt::format("`{}` must be a size such as 64M, 500K or 1000000", key));
    return *bytes;
  }

  std::size_t count(const YAML::Node& node, const std::string& key) const {
    long value = -1;
    try {
      value = node.as<long>();
    } catch (const YAML::Exception&) {
    }
    if (value < 0) fail(node, fmt::format("`{}` must be a number (0: no cap)", key));
    return static_cast<std::size_t>(value);
  }

  // A directory, relative to this configuration's own directory.
  std::string directory(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar() || node.Scalar().empty()) fail(node, fmt::format("`{}` must be a directory", key));
    const std::filesystem::path path = node.Scalar();
    return path.is_absolute() ? path.string() : (std::filesystem::path(file_).parent_path() / path).lexically_normal().string();
  }

  Config load(const YAML::Node& root) const;

  Severity severity(const YAML::Node& node) const {
    if (!node.IsScalar()) fail(node, "a severity must be one of error, warning, info");
    auto parsed = parse_severity(node.Scalar());
    if (!parsed) fail(node, fmt::format("unknown severity `{}` (use error, warning or info)", node.Scalar()));
    return *parsed;
  }

  void check_option(const YAML::Node& value, const OptionSpec& spec, const std::string& rule) const {
    auto wrong = [&](const char* what) {
      fail(value, fmt::format("option `{}` of {} must be {}", spec.name, rule, what));
    };
    try {
      switch (spec.type) {
        case OptionType::boolean: (void)value.as<bool>(); break;
        case OptionType::integer: (void)value.as<long>(); break;
        case OptionType::number: (void)value.as<double>(); break;
        case OptionType::string:
          if (!value.IsScalar()) wrong("a string");
          break;
        case OptionType::string_list:
        case OptionType::phrase_list: (void)strings(value, spec.name); break;
      }
    } catch (const YAML::Exception&) {
      switch (spec.type) {
        case OptionType::boolean: wrong("true or false"); break;
        case OptionType::integer: wrong("an integer"); break;
        case OptionType::number: wrong("a number"); break;
        default: wrong("a string or a list of strings"); break;
      }
    }
  }

  RuleSettings rule_settings(const std::string& id, const YAML::Node& node) const {
    const RuleDefinition* rule = registry_.find(id);
    RuleSettings settings;
    if (node.IsScalar()) {  // shorthand: `rule: off|error|warning|info`
      const std::string& v = node.Scalar();
      if (v == "off" || v == "false") {
        settings.enabled = false;
      } else if (v == "on" || v == "true") {
        settings.enabled = true;
      } else {
        settings.severity = severity(node);
      }
      return settings;
    }
    if (!node.IsMap()) fail(node, fmt::format("settings of {} must be a mapping", id));
    for (const auto& item : node) {
      const std::string key = item.first.Scalar();
      if (key == "enabled") {
        try {
          settings.enabled = item.second.as<bool>();
        } catch (const YAML::Exception&) {
          fail(item.second, "`enabled` must be true or false");
        }
      } else if (key == "severity") {
        settings.severity = severity(item.second);
      } else if (key == "options") {
        if (!item.second.IsMap()) fail(item.second, "`options` must be a mapping");
        for (const auto& option : item.second) {
          const std::string name = option.first.Scalar();
          const OptionSpec* spec = nullptr;
          for (const auto& s : rule->info.options)
            if (s.name == name) spec = &s;
          if (!spec) {
            std::string known;
            for (const auto& s : rule->info.options) known += (known.empty() ? "" : ", ") + s.name;
            fail(option.first, fmt::format("unknown option `{}` for {} (options: {})", name, id,
                                           known.empty() ? "none" : known));
          }
          check_option(option.second, *spec, id);
        }
        settings.options = item.second;
      } else {
        fail(item.first, fmt::format("unknown key `{}` in the settings of {} (use enabled, severity, options)", key, id));
      }
    }
    return settings;
  }

 private:
  std::string file_;
  const CheckRegistry& registry_;
};

// A top-level key with one value, read whole; under `extends:` the extending
// file's value replaces the extended one's. The loader and the merge both go
// through this one table, so a key cannot be read and then forgotten (or
// merged differently) by the other.
struct PlainKey {
  std::string_view name;
  void (*read)(const Loader& loader, const YAML::Node& value, const std::string& key, Config& into);
  void (*replace)(Config& base, Config& child);
};

template <auto Member, auto Read>
constexpr PlainKey plain_key(std::string_view name) {
  return {name,
          [](const Loader& loader, const YAML::Node& value, const std::string& key, Config& into) {
            into.*Member = (loader.*Read)(value, key);
          },
          [](Config& base, Config& child) { base.*Member = std::move(child.*Member); }};
}

constexpr PlainKey kPlainKeys[] = {
    plain_key<&Config::select, &Loader::selectors>("select"),
    plain_key<&Config::ignore, &Loader::selectors>("ignore"),
    plain_key<&Config::include, &Loader::strings>("include"),
    plain_key<&Config::extend_include, &Loader::strings>("extend-include"),
    plain_key<&Config::exclude, &Loader::strings>("exclude"),
    plain_key<&Config::fail_on, &Loader::severity_value>("fail-on"),
    plain_key<&Config::fixable, &Loader::selectors>("fixable"),
    plain_key<&Config::unfixable, &Loader::selectors>("unfixable"),
    plain_key<&Config::max_file_bytes, &Loader::file_size>("max-file-size"),
    plain_key<&Config::max_findings_per_rule, &Loader::count>("max-findings-per-rule"),
    plain_key<&Config::cache_dir, &Loader::directory>("cache-dir"),
};

const PlainKey* find_plain_key(std::string_view name) {
  for (const PlainKey& key : kPlainKeys)
    if (key.name == name) return &key;
  return nullptr;
}

std::string plain_key_names() {
  std::string names;
  for (const PlainKey& key : kPlainKeys) names += fmt::format("{}{}", names.empty() ? "" : ", ", key.name);
  return names;
}

Config Loader::load(const YAML::Node& root) const {
  Config config;
  config.file = file_;
  if (root.IsNull()) return config;
  if (!root.IsMap()) fail(root, "the configuration must be a mapping");
  for (const auto& item : root) {
    const std::string key = item.first.Scalar();
    const YAML::Node& value = item.second;
    config.origin[key] = file_;
    if (const PlainKey* plain = find_plain_key(key)) {
      plain->read(*this, value, key, config);
    } else if (key == "extends") {
      config.extends = strings(value, key);
    } else if (key == "rules") {
      if (!value.IsMap()) fail(value, "`rules` must be a mapping of rule ids to settings");
      for (const auto& rule : value) {
        const std::string id = rule.first.Scalar();
        if (!registry_.find(id)) fail(rule.first, fmt::format("unknown rule `{}` (see hlint --list-rules)", id));
        config.rules[id] = rule_settings(id, rule.second);
        config.origin["rules." + id] = file_;
      }
    } else if (key == "phrases" || key == "extra-phrases") {
      if (!value.IsMap()) fail(value, fmt::format("`{}` must be a mapping of list names to phrases", key));
      for (const auto& list : value) {
        const std::string name = list.first.Scalar();
        if (!config.phrases.exists(name)) fail(list.first, fmt::format("unknown phrase list `{}`", name));
        config.origin[key + "." + name] = file_;
        if (key == "phrases")
          config.phrases.replace(name, strings(list.second, name));
        else
          config.phrases.extend(name, strings(list.second, name));
      }
    } else if (key == "overrides") {
      if (!value.IsSequence()) fail(value, "`overrides` must be a list");
      for (const auto& entry : value) {
        if (!entry.IsMap()) fail(entry, "each override must be a mapping with `paths`");
        PathOverride override_;
        for (const auto& field : entry) {
          const std::string name = field.first.Scalar();
          if (name == "paths") {
            override_.paths = strings(field.second, name);
          } else if (name == "select") {
            override_.select = selectors(field.second, name);
          } else if (name == "ignore") {
            override_.ignore = selectors(field.second, name);
          } else if (name == "unfixable") {
            override_.unfixable = selectors(field.second, name);
          } else if (name == "severity") {
            if (!field.second.IsMap()) fail(field.second, "`severity` must map rule ids or prefixes to severities");
            for (const auto& s : field.second) {
              (void)selectors(s.first, "severity");
              override_.severities[s.first.Scalar()] = severity(s.second);
            }
          } else {
            fail(field.first, fmt::format("unknown key `{}` in an override (use paths, select, ignore, severity, unfixable)", name));
          }
        }
        if (override_.paths.empty()) fail(entry, "an override needs `paths`");
        config.overrides.push_back(std::move(override_));
      }
    } else {
      fail(item.first, fmt::format("unknown key `{}` (use extends, {}, rules, phrases, extra-phrases, overrides)",
                                   key, plain_key_names()));
    }
  }
  return config;
}

}  // namespace

Config load_config(const std::filesystem::path& file, const CheckRegistry& registry) {
  YAML::Node root;
  // Read as every file is: a FIFO or a device named with --config is refused
  // instead of blocking or reading forever (issue 18).
  std::string error;
  const std::optional<std::string> text = read_file(file.string(), error, kMaxConfigBytes);
  if (!text) throw ConfigError(fmt::format("{}: cannot read the configuration file: {}", file.string(), error));
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}:{}:{}: {}", file.string(), e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  return Loader(file.string(), registry).load(root);
}

void merge_config(Config& base, Config child) {
  for (const PlainKey& key : kPlainKeys)
    if (child.origin.count(std::string(key.name))) key.replace(base, child);
  // Erase, then insert: assigning a YAML::Node writes through to every node
  // that shares it, and the replaced settings may be shared (the user
  // configuration under several scopes).
  for (auto& [id, settings] : child.rules) {
    base.rules.erase(id);
    base.rules.emplace(id, std::move(settings));
  }
  for (auto& o : child.overrides) base.overrides.push_back(std::move(o));
  base.phrases.merge_from(child.phrases);
  for (auto& [key, file] : child.origin) base.origin[key] = std::move(file);
  base.file = std::move(child.file);
  base.extends = std::move(child.extends);
}

std::optional<std::filesystem::path> find_config(const std::filesystem::path& start) {
  std::error_code ec;
  auto dir = std::filesystem::absolute(start, ec);
  while (!dir.empty()) {
    auto candidate = dir / ".hlint.yaml";
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

}  // namespace hlint

namespace hlint {

namespace {

// Options that decide what the link checker may reach or send (issue 18). A
// corpus that ships a `.hlint.yaml` must not be able to switch them on.
struct SecurityOption {
  const char* rule;
  const char* option;
};
constexpr SecurityOption kSecurityOptions[] = {
    {"images/broken-link", "allow-private"},
    {"images/broken-link", "headers"},
};
// And where caches are kept: a cache is trusted data, so a corpus must not
// be able to point hlint at one it ships (or make it write elsewhere).
constexpr const char* kCacheDirKey = "cache-dir";

}  // namespace

std::vector<std::string> drop_security_options(Config& config) {
  std::vector<std::string> dropped;
  for (const SecurityOption& security : kSecurityOptions) {
    auto rule = config.rules.find(security.rule);
    if (rule == config.rules.end() || !rule->second.options || !rule->second.options.IsMap()) continue;
    if (!rule->second.options[security.option]) continue;
    rule->second.options.remove(security.option);
    dropped.push_back(fmt::format("{} {}", security.rule, security.option));
  }
  if (config.origin.erase(kCacheDirKey) > 0) {
    config.cache_dir.clear();
    dropped.push_back(kCacheDirKey);
  }
  return dropped;
}

void take_security_options(Config& config, const Config& trusted) {
  for (const SecurityOption& security : kSecurityOptions) {
    auto from = trusted.rules.find(security.rule);
    if (from == trusted.rules.end() || !from->second.options.IsMap() || !from->second.options[security.option])
      continue;
    // Settings of their own, built anew and inserted: assigning a YAML::Node
    // writes through to the nodes it shares (those of the configuration the
    // settings came from).
    RuleSettings updated;
    if (auto existing = config.rules.find(security.rule); existing != config.rules.end()) {
      updated.enabled = existing->second.enabled;
      updated.severity = existing->second.severity;
      if (existing->second.options.IsMap()) updated.options = YAML::Clone(existing->second.options);
      config.rules.erase(existing);
    }
    if (!updated.options.IsMap()) updated.options = YAML::Node(YAML::NodeType::Map);
    updated.options[security.option] = YAML::Clone(from->second.options[security.option]);
    config.rules.emplace(security.rule, std::move(updated));
  }
  if (auto origin = trusted.origin.find(kCacheDirKey); origin != trusted.origin.end()) {
    config.cache_dir = trusted.cache_dir;
    config.origin[kCacheDirKey] = origin->second;
  }
}

}  // namespace hlint
