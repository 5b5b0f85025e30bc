#include "core/yaml_tree.hpp"

#include <yaml.h>

#include <fmt/format.h>

#include <map>
#include <memory>

namespace hlint {

namespace {

// libyaml's marks count characters (a CRLF counts two); spans need bytes.
// Marks arrive in (nearly) increasing order, so one cursor walks the text once.
class MarkToOffset {
 public:
  explicit MarkToOffset(std::string_view text) : text_(text) {}

  std::size_t operator()(std::size_t char_index) {
    if (char_index < chars_) chars_ = bytes_ = 0;
    while (chars_ < char_index && bytes_ < text_.size()) {
      bytes_ += sequence_length(static_cast<unsigned char>(text_[bytes_]));
      ++chars_;
    }
    return std::min(bytes_, text_.size());
  }

 private:
  static std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;
  }
  std::string_view text_;
  std::size_t chars_ = 0;
  std::size_t bytes_ = 0;
};

// YAML's null: an empty plain scalar, `~`, `null`, `Null`, `NULL` (as yaml-cpp).
bool is_null_scalar(const yaml_event_t& event) {
  if (event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
  if (event.data.scalar.tag) return std::string_view(reinterpret_cast<const char*>(event.data.scalar.tag)) == "tag:yaml.org,2002:null";
  const std::string_view text(reinterpret_cast<const char*>(event.data.scalar.value), event.data.scalar.length);
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::string tag_of(const yaml_char_t* tag) {
  return tag ? std::string(reinterpret_cast<const char*>(tag)) : std::string();
}

std::size_t count_nodes(const YamlNode& node) {
  std::size_t n = 1;
  for (const auto& item : node.items) n += count_nodes(item);
  for (const auto& pair : node.pairs) n += count_nodes(pair.key) + count_nodes(pair.value);
  return n;
}

class TreeBuilder {
 public:
  TreeBuilder(std::string_view yaml, std::size_t base) : yaml_(yaml), base_(base), offset_(yaml) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(yaml.data()), yaml.size());
  }
  ~TreeBuilder() { yaml_parser_delete(&parser_); }
  TreeBuilder(const TreeBuilder&) = delete;
  TreeBuilder& operator=(const TreeBuilder&) = delete;

  YamlParse build() {
    YamlParse result;
    try {
      run(result);
    } catch (const Stop& stop) {
      result.error = stop.error;
    }
    return result;
  }

 private:
  struct Stop {
    YamlError error;
  };
  struct Event {
    yaml_event_t event;
    explicit Event(yaml_parser_t& parser, TreeBuilder& owner) {
      if (!yaml_parser_parse(&parser, &event)) owner.fail_from_parser();
    }
    ~Event() { yaml_event_delete(&event); }
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;
  };

  void run(YamlParse& result) {
    for (;;) {
      Event e(parser_, *this);
      switch (e.event.type) {
        case YAML_STREAM_START_EVENT:
          continue;
        case YAML_DOCUMENT_START_EVENT: {
          Event first(parser_, *this);
          result.root = node(first.event, 0);
          return;  // the first document is the front matter
        }
        default:
          return;  // an empty stream: no document
      }
    }
  }

  YamlNode node(const yaml_event_t& event, std::size_t depth) {
    if (depth > kMaxYamlDepth) fail("the front matter nests deeper than 256 levels", event.start_mark);
    if (++nodes_ > kMaxYamlNodes)
      fail(fmt::format("the front matter expands to more than {} nodes (aliases)", kMaxYamlNodes), event.start_mark);
    YamlNode n;
    n.span = span_of(event.start_mark, event.end_mark);
    switch (event.type) {
      case YAML_SCALAR_EVENT:
        n.value.assign(reinterpret_cast<const char*>(event.data.scalar.value), event.data.scalar.length);
        n.tag = tag_of(event.data.scalar.tag);
        n.quoted = event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        n.kind = is_null_scalar(event) ? YamlNode::Kind::null : YamlNode::Kind::scalar;
        remember(event.data.scalar.anchor, n);
        return n;
      case YAML_ALIAS_EVENT:
        return alias(event);
      case YAML_SEQUENCE_START_EVENT: {
        n.kind = YamlNode::Kind::sequence;
        n.tag = tag_of(event.data.sequence_start.tag);
        for (;;) {
          Event child(parser_, *this);
          if (child.event.type == YAML_SEQUENCE_END_EVENT) {
            n.span.end = offset(child.event.end_mark);
            break;
          }
          n.items.push_back(node(child.event, depth + 1));
        }
        remember(event.data.sequence_start.anchor, n);
        return n;
      }
      case YAML_MAPPING_START_EVENT: {
        n.kind = YamlNode::Kind::mapping;
        n.tag = tag_of(event.data.mapping_start.tag);
        for (;;) {
          Event key(parser_, *this);
          if (key.event.type == YAML_MAPPING_END_EVENT) {
            n.span.end = offset(key.event.end_mark);
            break;
          }
          YamlPair pair;
          pair.key = node(key.event, depth + 1);
          Event value(parser_, *this);
          pair.value = node(value.event, depth + 1);
          n.pairs.push_back(std::move(pair));
        }
        remember(event.data.mapping_start.anchor, n);
        return n;
      }
      default:
        fail("unexpected YAML event", event.start_mark);
    }
    return n;
  }

  YamlNode alias(const yaml_event_t& event) {
    const std::string name(reinterpret_cast<const char*>(event.data.alias.anchor));
    const auto found = anchors_.find(name);
    if (found == anchors_.end()) fail(fmt::format("the alias `*{}` names no anchor", name), event.start_mark);
    nodes_ += count_nodes(*found->second);
    if (nodes_ > kMaxYamlNodes)
      fail(fmt::format("the front matter expands to more than {} nodes (aliases)", kMaxYamlNodes), event.start_mark);
    YamlNode copy = *found->second;
    copy.span = span_of(event.start_mark, event.end_mark);  // where the alias is written
    return copy;
  }

  void remember(const yaml_char_t* anchor, const YamlNode& n) {
    if (anchor) anchors_[reinterpret_cast<const char*>(anchor)] = std::make_shared<YamlNode>(n);
  }

  std::size_t offset(const yaml_mark_t& mark) { return base_ + offset_(mark.index); }
  Span span_of(const yaml_mark_t& begin, const yaml_mark_t& end) {
    const std::size_t b = offset(begin);
    return {b, std::max(b, offset(end))};
  }

  [[noreturn]] void fail(std::string message, const yaml_mark_t& mark) {
    const std::size_t at = offset(mark);
    throw Stop{YamlError{std::move(message), {at, at}}};
  }

  [[noreturn]] void fail_from_parser() {
    std::string problem = parser_.problem ? parser_.problem : "invalid YAML";
    const std::string context = parser_.context ? parser_.context : "";
    // A quoted scalar left open: point at its opening quote, as an editor
    // would look for it, not at the end of the text where libyaml gave up.
    if (context == "while scanning a quoted scalar") {
      const std::size_t at = offset(parser_.context_mark);
      throw Stop{YamlError{"the quoted value is never closed", {at, at}}};
    }
    // A plain key with no `:` after it (`headimg:https://…` glued together)
    // runs on into the next line, where libyaml notices; the fault is where
    // that key began.
    if (context == "while scanning a simple key") {
      const std::size_t at = offset(parser_.context_mark);
      throw Stop{YamlError{"this line is not `key: value` (no `: ` after the key)", {at, at}}};
    }
    const std::size_t at = offset(parser_.problem_mark);
    if (!context.empty()) problem = context + ": " + problem;
    throw Stop{YamlError{std::move(problem), {at, at}}};
  }

  std::string_view yaml_;
  std::size_t base_;
  MarkToOffset offset_;
  yaml_parser_t parser_;
  std::size_t nodes_ = 0;
  std::map<std::string, std::shared_ptr<const YamlNode>> anchors_;
};

}  // namespace

YamlParse parse_yaml(std::string_view yaml, std::size_t base) { return TreeBuilder(yaml, base).build(); }

}  // namespace hlint
