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
