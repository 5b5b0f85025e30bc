#include <catch2/catch.hpp>

#include <string>

#include "core/yaml_tree.hpp"

using hlint::parse_yaml;
using hlint::YamlNode;

namespace {
std::string slice(const std::string& text, hlint::Span span, std::size_t base = 0) {
  return text.substr(span.begin - base, span.end - span.begin);
}
}  // namespace

TEST_CASE("yaml tree: every node spans its text, in bytes, offset by the base") {
  const std::string yaml = "title: \"温馨提示：多喝水\"\ntags: [养生, 健康]\nauthor: 张三\n";
  const auto parsed = parse_yaml(yaml, 100);
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.root.IsMap());
  REQUIRE(parsed.root.pairs.size() == 3);
  const auto& title = parsed.root.pairs[0];
  CHECK(slice(yaml, title.key.span, 100) == "title");
  CHECK(title.value.Scalar() == "温馨提示：多喝水");
  CHECK(title.value.quoted);
  CHECK(slice(yaml, title.value.span, 100) == "\"温馨提示：多喝水\"");
  const auto& tags = parsed.root.pairs[1].value;
  REQUIRE(tags.IsSequence());
  REQUIRE(tags.size() == 2);
  CHECK(slice(yaml, tags.items[1].span, 100) == "健康");
  CHECK(slice(yaml, parsed.root.pairs[2].value.span, 100) == "张三");
}

TEST_CASE("yaml tree: nulls are plain empty, ~ and null; quoted ones are strings") {
  const std::string yaml = "a:\nb: ~\nc: null\nd: ''\ne: \"null\"\nf: NULL\n";
  const auto parsed = parse_yaml(yaml, 0);
  REQUIRE_FALSE(parsed.error);
  const auto& p = parsed.root.pairs;
  REQUIRE(p.size() == 6);
  CHECK(p[0].value.IsNull());
  CHECK(p[1].value.IsNull());
  CHECK(p[2].value.IsNull());
  CHECK(p[3].value.IsScalar());
  CHECK(p[3].value.Scalar().empty());
  CHECK(p[4].value.IsScalar());
  CHECK(p[5].value.IsNull());
}

TEST_CASE("yaml tree: duplicate keys are all kept, in order") {
  const auto parsed = parse_yaml("title: a\ntitle: b\n", 0);
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.root.pairs.size() == 2);
  CHECK(parsed.root.pairs[1].value.Scalar() == "b");
}

TEST_CASE("yaml tree: an alias is a copy of its anchor, spanning the alias") {
  const std::string yaml = "base: &b [x, y]\ncopy: *b\n";
  const auto parsed = parse_yaml(yaml, 0);
  REQUIRE_FALSE(parsed.error);
  const auto& copy = parsed.root.pairs[1].value;
  REQUIRE(copy.IsSequence());
  CHECK(copy.size() == 2);
  CHECK(slice(yaml, copy.span) == "*b");
}

TEST_CASE("yaml tree: a billion laughs stops at the node bound, quickly") {
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) yaml += (k ? ", *a" : "*a") + std::to_string(i - 1);
    yaml += "]\n";
  }
  const auto parsed = parse_yaml(yaml, 0);
  REQUIRE(parsed.error);
  CHECK(parsed.error->message.find("more than") != std::string::npos);
}

TEST_CASE("yaml tree: deep nesting is an error, not a deep recursion") {
  const std::string yaml = "k: " + std::string(10000, '[') + std::string(10000, ']') + "\n";
  const auto parsed = parse_yaml(yaml, 0);
  REQUIRE(parsed.error);
}

TEST_CASE("yaml tree: syntax errors at their character") {
  SECTION("a second colon") {
    const std::string yaml = "title: a\nbad: : x\n";
    const auto parsed = parse_yaml(yaml, 7);
    REQUIRE(parsed.error);
    CHECK(parsed.error->span.begin - 7 == yaml.find(": x"));
  }
  SECTION("a quoted value left open points at its quote") {
    const std::string yaml = "title: '中文标题\ndate: 2021-05-21\n";
    const auto parsed = parse_yaml(yaml, 0);
    REQUIRE(parsed.error);
    CHECK(parsed.error->message == "the quoted value is never closed");
    CHECK(parsed.error->span.begin == yaml.find('\''));
  }
  SECTION("an alias to no anchor") {
    const auto parsed = parse_yaml("a: *nothing\n", 0);
    REQUIRE(parsed.error);
  }
}

TEST_CASE("yaml tree: empty text holds no document") {
  const auto parsed = parse_yaml("", 0);
  CHECK_FALSE(parsed.error);
  CHECK_FALSE(parsed.root.IsDefined());
}

TEST_CASE("yaml tree: a key glued to its value is reported where that line begins") {
  const std::string yaml = "title: a\nheadimg:第1号 'https://x/y.png'\nauthor: b\n";
  const auto parsed = parse_yaml(yaml, 0);
  REQUIRE(parsed.error);
  CHECK(parsed.error->span.begin == yaml.find("headimg"));
}
