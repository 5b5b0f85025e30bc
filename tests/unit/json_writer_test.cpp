#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <random>
#include <string>

#include "report/json_writer.hpp"

namespace {

std::string ours(std::string_view text) {
  std::string out;
  hlint::append_json_string(out, text);
  return out;
}

std::string nlohmanns(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("json writer: every control character, quote and backslash escaped as nlohmann does, and parses back") {
  for (int c = 0; c < 0x80; ++c) {
    const std::string text = std::string("a") + static_cast<char>(c) + "b";
    const std::string written = ours(text);
    CHECK(written == nlohmanns(text));
    CHECK(nlohmann::json::parse(written).get<std::string>() == text);
  }
}

TEST_CASE("json writer: valid UTF-8 is copied, Chinese, emoji and bidi controls included") {
  for (const std::string text : {"温馨提示", "🚀 rocket", "\u202Eevil\u202C", "\xEF\xBB\xBF" "bom", "\u2028\u2029"}) {
    CHECK(ours(text) == nlohmanns(text));
    CHECK(nlohmann::json::parse(ours(text)).get<std::string>() == text);
  }
}

TEST_CASE("json writer: ill-formed UTF-8 becomes U+FFFD exactly as nlohmann's replace handler does") {
  const std::vector<std::string> cases = {
      "\xFF", "a\x80" "b", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80" /* a lone surrogate (CESU) */,
      "\xED\xB0\x80", "\xF4\x90\x80\x80", "\xF0\x9F\x9A", /* truncated emoji */ "\xE6\xB8" "x",
      "\xC3", "\xE4\xBD\xA0\xE5", "\xF8\x88\x80\x80\x80", "\xC2\xC2\xA9", "\xE0\xA0", "\xF0\x90\x80"};
  for (const auto& text : cases) {
    const std::string written = ours(text);
    CHECK(written == nlohmanns(text));
    CHECK_NOTHROW(nlohmann::json::parse(written));
  }
}

TEST_CASE("json writer: random bytes give the same text as nlohmann, and always valid JSON") {
  std::mt19937 random(12345);
  std::uniform_int_distribution<int> length(0, 24), byte(0, 255);
  for (int round = 0; round < 20000; ++round) {
    std::string text(static_cast<std::size_t>(length(random)), '\0');
    for (auto& c : text) c = static_cast<char>(byte(random));
    const std::string written = ours(text);
    REQUIRE(written == nlohmanns(text));
    REQUIRE_NOTHROW(nlohmann::json::parse(written));
  }
}

TEST_CASE("json writer: long runs of ASCII and Chinese mixed with what needs escaping, at every alignment") {
  // The writer copies runs of plain ASCII eight bytes at a time and
  // three-byte characters without a table: pieces that make long runs, cut
  // by every kind of byte that needs care, land on every position of a word.
  const std::vector<std::string> pieces = {
      "a", "plain ascii text ", "0123456789", "\"", "\\", "\n", "\t", std::string(1, '\0'), "\x01", "\x1F", "\x7F",
      " ", "你好", "健康", "\xEF\xBF\xBD", "\xEE\x80\x80", "\xE1\x80\x80", "\xED\x9F\xBF", "\xED\xA0\x80",
      "\xE0\xA0\x80", "\xE0\x80\x80", "\xE4\xBD", "\xC2\xA9", "\xF0\x9F\x98\x80", "\x80", "\xFF", "~"};
  std::mt19937 random(777);
  std::uniform_int_distribution<std::size_t> count(0, 40), pick(0, pieces.size() - 1);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (std::size_t n = count(random); n > 0; --n) text += pieces[pick(random)];
    const std::string written = ours(text);
    REQUIRE(written == nlohmanns(text));
    REQUIRE_NOTHROW(nlohmann::json::parse(written));
  }
}

TEST_CASE("json writer: objects and arrays with commas in the right places") {
  std::string out;
  hlint::JsonWriter w(out);
  w.begin_object().key("a").number(1).key("b").begin_array().string("x").null().boolean(true).end_array();
  w.key("c").begin_object().end_object().key("d").raw("[1,2]").end_object();
  CHECK(out == R"({"a":1,"b":["x",null,true],"c":{},"d":[1,2]})");
  CHECK_NOTHROW(nlohmann::json::parse(out));
}

namespace {

// Writes `value` with the writer (keys in the map's order, as nlohmann keeps them).
void write_value(hlint::JsonWriter& w, const nlohmann::json& value) {
  if (value.is_object()) {
    w.begin_object();
    for (const auto& [k, v] : value.items()) {
      w.key(std::string_view(k));
      write_value(w, v);
    }
    w.end_object();
  } else if (value.is_array()) {
    w.begin_array();
    for (const auto& v : value) write_value(w, v);
    w.end_array();
  } else if (value.is_string()) {
    w.string(value.get<std::string>());
  } else if (value.is_boolean()) {
    w.boolean(value.get<bool>());
  } else if (value.is_null()) {
    w.null();
  } else {
    w.number(value.get<std::uint64_t>());
  }
}

nlohmann::json random_value(std::mt19937& random, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 4 : 6), count(0, 3);
  switch (kind(random)) {
    case 0: return std::to_string(random() % 1000) + "文\"\n";
    case 1: return random() % 100000;
    case 2: return random() % 2 == 0;
    case 3: return nullptr;
    case 4: return "";
    case 5: {
      nlohmann::json object = nlohmann::json::object();
      for (int n = count(random); n > 0; --n) object["k" + std::to_string(random() % 20)] = random_value(random, depth + 1);
      return object;
    }
    default: {
      nlohmann::json array = nlohmann::json::array();
      for (int n = count(random); n > 0; --n) array.push_back(random_value(random, depth + 1));
      return array;
    }
  }
}

}  // namespace

TEST_CASE("json writer: the indented layout is nlohmann's dump(2), at any base depth") {
  std::mt19937 random(99);
  for (int round = 0; round < 3000; ++round) {
    const nlohmann::json value = random_value(random, 0);
    std::string out;
    hlint::JsonWriter w(out, hlint::JsonWriter::Layout::indented);
    write_value(w, value);
    REQUIRE(out == value.dump(2));
    // Two levels down: every line after the first indented four spaces more.
    std::string deeper;
    hlint::JsonWriter w2(deeper, hlint::JsonWriter::Layout::indented, 2);
    write_value(w2, value);
    std::string expected = value.dump(2);
    for (std::size_t at = expected.find('\n'); at != std::string::npos; at = expected.find('\n', at + 1))
      expected.insert(at + 1, "    ");
    REQUIRE(deeper == expected);
  }
}
