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
  hlint::LintOptions options;
  options.context.offline = true;
  options.context.no_cache = true;
  hlint::Linter linter(registry, hlint::Config{}, options);
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
