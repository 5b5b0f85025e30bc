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

  Config load(const YAML::Node& root) {
    Config config;
    config.file = file_;
    if (root.IsNull()) return config;
    if (!root.IsMap()) fail(root, "the configuration must be a mapping");
    for (const auto& item : root) {
      const std::string key = item.first.Scalar();
      const YAML::Node& value = item.second;
      config.origin[key] = file_;
      if (key == "select") {
        config.select = selectors(value, key);
      } else if (key == "ignore") {
        config.ignore = selectors(value, key);
      } else if (key == "include") {
        config.include = strings(value, key);
      } else if (key == "extend-include") {
        config.extend_include = strings(value, key);
      } else if (key == "exclude") {
        config.exclude = strings(value, key);
      } else if (key == "extends") {
        config.extends = strings(value, key);
      } else if (key == "fixable") {
        config.fixable = selectors(value, key);
      } else if (key == "unfixable") {
        config.unfixable = selectors(value, key);
      } else if (key == "fail-on") {
        config.fail_on = severity(value);
      } else if (key == "max-file-size") {
        const std::optional<std::uint64_t> bytes = value.IsScalar() ? parse_size(value.Scalar()) : std::nullopt;
        if (!bytes) fail(value, "`max-file-size` must be a size such as 64M, 500K or 1000000");
        config.max_file_bytes = *bytes;
      } else if (key == "max-findings-per-rule") {
        long count = -1;
        try {
          count = value.as<long>();
        } catch (const YAML::Exception&) {
        }
        if (count < 0) fail(value, "`max-findings-per-rule` must be a number (0: no cap)");
        config.max_findings_per_rule = static_cast<std::size_t>(count);
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
        fail(item.first, fmt::format("unknown key `{}` (use extends, select, ignore, include, extend-include, "
                                     "exclude, fail-on, fixable, unfixable, max-file-size, max-findings-per-rule, "
                                     "rules, phrases, extra-phrases, overrides)",
                                     key));
      }
    }
    return config;
  }

 private:
  std::string file_;
  const CheckRegistry& registry_;
};

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

bool is_within(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

}  // namespace

bool config_inside_inputs(const std::filesystem::path& config_file, const std::vector<std::string>& inputs) {
  std::error_code ec;
  const std::filesystem::path config_directory = std::filesystem::weakly_canonical(config_file, ec).parent_path();
  if (ec) return true;  // cannot tell: not trusted
  for (const auto& input : inputs) {
    std::error_code input_error;
    std::filesystem::path root = std::filesystem::weakly_canonical(input, input_error);
    if (input_error) continue;
    if (!std::filesystem::is_directory(root, input_error)) root = root.parent_path();
    if (is_within(config_directory, root)) return true;
  }
  return false;
}

std::vector<std::string> drop_security_options(Config& config) {
  std::vector<std::string> dropped;
  for (const SecurityOption& security : kSecurityOptions) {
    auto rule = config.rules.find(security.rule);
    if (rule == config.rules.end() || !rule->second.options || !rule->second.options.IsMap()) continue;
    if (!rule->second.options[security.option]) continue;
    rule->second.options.remove(security.option);
    dropped.push_back(fmt::format("{} {}", security.rule, security.option));
  }
  return dropped;
}

}  // namespace hlint
