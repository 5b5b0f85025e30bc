// Front matter as a small YAML tree, parsed with libyaml's event API.
//
// libyaml is a complete YAML 1.1 parser with a mark (line, column, index) on
// every event, and it is an order of magnitude cheaper than building a
// yaml-cpp document (see docs/performance.md). Every node keeps its exact
// span in the document, so checks need no position arithmetic of their own.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace hlint {

struct YamlPair;

struct YamlNode {
  enum class Kind : unsigned char { undefined, null, scalar, sequence, mapping };
  Kind kind = Kind::undefined;
  bool quoted = false;   // a quoted or block scalar: always a string, never null
  std::string value;     // a scalar's text, as YAML decodes it
  std::string tag;       // an explicit tag (`!!str`), empty if none
  Span span;             // in the document's text: the whole node as written (quotes included)
  std::vector<YamlNode> items;  // a sequence's items
  std::vector<YamlPair> pairs;  // a mapping's pairs, in order, duplicate keys included

  // The names follow yaml-cpp's, which the checks were written against.
  bool IsDefined() const { return kind != Kind::undefined; }
  bool IsNull() const { return kind == Kind::null; }
  bool IsScalar() const { return kind == Kind::scalar; }
  bool IsSequence() const { return kind == Kind::sequence; }
  bool IsMap() const { return kind == Kind::mapping; }
  const std::string& Scalar() const { return value; }
  std::size_t size() const { return kind == Kind::mapping ? pairs.size() : items.size(); }
  // Iterates a sequence's items (a mapping's values are in `pairs`).
  std::vector<YamlNode>::const_iterator begin() const { return items.begin(); }
  std::vector<YamlNode>::const_iterator end() const { return items.end(); }
};

struct YamlPair {
  YamlNode key;
  YamlNode value;
};

struct YamlError {
  std::string message;
  Span span;
};

struct YamlParse {
  YamlNode root;  // undefined when the text holds no document
  std::optional<YamlError> error;
};

// Aliases are expanded into copies; past this many nodes in all, the parse
// stops with an error (a "billion laughs" front matter costs nothing).
inline constexpr std::size_t kMaxYamlNodes = 20000;
// Deeper nesting than this is an error, not a deep recursion.
inline constexpr std::size_t kMaxYamlDepth = 256;

// Parses `yaml`, the text at `base` in the document: every span is an offset
// in the document (`base` + the byte offset inside `yaml`). Only the first
// document of the stream is read.
YamlParse parse_yaml(std::string_view yaml, std::size_t base);

}  // namespace hlint
