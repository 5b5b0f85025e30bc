// Bad input never crashes hlint: every check runs over mutated seeds (bytes
// flipped, cut, markup characters and NULs inserted, encodings mixed) and
// every finding must lie inside its file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/check.hpp"
#include "core/config.hpp"
#include "core/document.hpp"
#include "core/linter.hpp"

namespace {

std::vector<std::string> seeds() {
  std::vector<std::string> out;
  const auto dir = std::filesystem::path(HLINT_SOURCE_DIR) / "fixtures" / "sample";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    out.push_back(s.str());
  }
  return out;
}

std::string mutate(std::string text, std::mt19937& rng) {
  static const std::vector<std::string> kInserts = {"<", ">", "&", "&amp", "&#x;", "---\n", "\n---\n", "\r", "\0",
                                                    "\xE8", "\xFF\xFE", "<!--", "-->", "<p>", "</div>", "\"",
                                                    "'", ":", "Z", ".", "\xE2\x80\x8B", "相关推荐\n", "<img src=\""};
  const int edits = 1 + static_cast<int>(rng() % 8);
  for (int e = 0; e < edits && !text.empty(); ++e) {
    const std::size_t at = rng() % text.size();
    switch (rng() % 4) {
      case 0: text[at] = static_cast<char>(rng() % 256); break;
      case 1: text.resize(at); break;
      case 2: {
        const auto& piece = kInserts[rng() % kInserts.size()];
        text.insert(at, piece.empty() ? std::string(1, '\0') : piece);
        break;
      }
      default: text.erase(at, std::min<std::size_t>(text.size() - at, rng() % 64)); break;
    }
  }
  return text;
}

// Every built-in check, as `hlint --offline --no-cache` runs them.
hlint::Linter offline_linter(const hlint::CheckRegistry& registry) {
  hlint::LintOptions options;
  options.context.offline = true;
  options.context.no_cache = true;
  return hlint::Linter(registry, hlint::Config{}, options);
}

std::size_t line_count(const std::string& text) {
  std::size_t lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++lines;
  return lines;
}

}  // namespace

TEST_CASE("every check survives mutated documents and reports inside the file") {
  hlint::CheckRegistry registry;
  hlint::register_builtin_checks(registry);
  hlint::Linter linter = offline_linter(registry);
  std::mt19937 rng(20261121);
  std::size_t documents = 0;
  for (const auto& seed : seeds()) {
    for (int round = 0; round < 60; ++round) {
      const std::string text = round == 0 ? seed : mutate(seed, rng);
      std::vector<hlint::Finding> findings;
      REQUIRE_NOTHROW(findings = linter.lint_text("fuzz.txt", text));
      ++documents;
      const std::size_t lines = line_count(text);
      for (const auto& f : findings) {
        INFO(f.rule << " " << f.message);
        CHECK(f.rule != "internal/check-failed");
        CHECK(f.location.start.line >= 1);
        CHECK(f.location.end.line <= lines);
        CHECK(f.location.byte_offset <= f.location.byte_end);
        CHECK(f.location.byte_end <= text.size());
      }
    }
  }
  CHECK(documents > 100);
}

namespace {
std::size_t dom_depth(pugi::xml_node node) {
  std::size_t deepest = 0;
  // Iterative on purpose: this is the depth the recursive walkers must survive.
  for (pugi::xml_node n = node.first_child(); n;) {
    std::size_t depth = 0;
    for (pugi::xml_node up = n; up != node; up = up.parent()) ++depth;
    deepest = std::max(deepest, depth);
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n != node && !n.next_sibling()) n = n.parent();
    if (n == node) break;
    n = n.next_sibling();
  }
  return deepest;
}
}  // namespace

// Found by tests/fuzz/mutate.py: 100,000 nested tags (a 500 KB document)
// overflowed the stack in tidy's recursive parser and in the copy of its tree.
TEST_CASE("elements nested 100,000 deep do not overflow the stack") {
  hlint::CheckRegistry registry;
  hlint::register_builtin_checks(registry);
  hlint::Linter linter = offline_linter(registry);
  struct Case {
    std::string around, tag;
  };
  // Inside <svg>, tidy nests even <li>, whose end tag is optional elsewhere;
  // after `<<style>` (no end tag), tidy reads tags where the scanner sees raw text.
  for (const auto& [around, tag] : {Case{"", "b"}, Case{"", "div"}, Case{"svg", "li"}, Case{"<style", "b"}}) {
    INFO(tag);
    std::string text = "---\ntitle: t\n---\n<p>前言</p>\n";
    if (!around.empty()) text += "<" + around + ">";
    const int depth = 100000;
    for (int i = 0; i < depth; ++i) text += "<" + tag + ">";
    text += "深处的文字\n";
    for (int i = 0; i < depth; ++i) text += "</" + tag + ">";
    if (!around.empty() && around != "<style") text += "</" + around + ">";
    text += "\n<p>结尾</p>\n";

    const auto doc = hlint::Document::load("deep.txt", text);
    const pugi::xml_node root = doc->dom().document();
    CHECK(dom_depth(root) < 600);
    // Only the tags beyond the limit are dropped: the text and the shallow elements stay.
    // (tidy keeps what follows an unclosed <style> out of the body)
    if (around != "<style") CHECK(std::string(root.select_node("//p[last()]").node().child_value()) == "结尾");
    CHECK(root.select_node("//text()[contains(., '深处的文字')]"));

    std::vector<hlint::Finding> findings;
    REQUIRE_NOTHROW(findings = linter.lint_text("deep.txt", text));
    for (const auto& f : findings) CHECK(f.rule != "internal/check-failed");
  }
}

// Found by tests/fuzz/mutate.py: tidy takes quadratic time over the attributes
// of a tag, and a 300,000-character attribute name (a long line swallowed by an
// unclosed `<htm`) took a minute. Such attributes are left out of the DOM.
TEST_CASE("a tag with a huge attribute name or thousands of attributes stays linear") {
  std::string text = "<p>前言</p>\n<a href=\"x.html\" " + std::string(100000, 'k') + "=\"v\" title=\"t\">链接</a>\n<div";
  for (int i = 0; i < 5000; ++i) text += " a" + std::to_string(i) + "='" + std::to_string(i) + "'";
  text += ">内容</div>\n";
  const auto doc = hlint::Document::load("attributes.txt", text);
  const pugi::xml_node root = doc->dom().document();

  const pugi::xml_node link = root.select_node("//a").node();
  REQUIRE(link);
  CHECK(std::string(link.attribute("href").value()) == "x.html");
  CHECK(std::string(link.attribute("title").value()) == "t");
  CHECK(std::distance(link.attributes_begin(), link.attributes_end()) == 2);
  CHECK(doc->slice(doc->dom().source_extent(link)).substr(0, 16) == "<a href=\"x.html\"");

  const pugi::xml_node div = root.select_node("//div").node();
  REQUIRE(div);
  CHECK(std::distance(div.attributes_begin(), div.attributes_end()) == 256);
  CHECK(std::string(div.attribute("a255").value()) == "255");
  CHECK(std::string(div.child_value()) == "内容");
}
