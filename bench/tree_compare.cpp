// For every HTML body under the given directories whose markup needs no
// repair (html_direct_tree.hpp), builds its tree from the tokens and with
// tidy and compares their outlines. Prints the counts, and the first lines
// that differ for each body that differs; exits 1 if any does.
#include <cstdlib>
#include <filesystem>
#include <map>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "core/document.hpp"
#include "core/html_direct_tree.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void print_first_difference(const std::string& a, const std::string& b) {
  std::istringstream left(a), right(b);
  std::string l, r;
  for (int line = 1;; ++line) {
    const bool more_left = static_cast<bool>(std::getline(left, l));
    const bool more_right = static_cast<bool>(std::getline(right, r));
    if (!more_left && !more_right) return;
    if (l != r || more_left != more_right) {
      std::cout << "    line " << line << "\n      tokens: " << (more_left ? l : "(end)")
                << "\n      tidy:   " << (more_right ? r : "(end)") << "\n";
      return;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: hlint_tree_compare DIR...\n";
    return 2;
  }
  std::size_t html = 0, direct = 0, differ = 0;
  std::map<std::string, std::size_t> to_tidy;  // why bodies went to tidy
  for (int i = 1; i < argc; ++i) {
    for (const auto& entry : fs::recursive_directory_iterator(argv[i])) {
      if (!entry.is_regular_file()) continue;
      const auto doc = hlint::Document::load(entry.path().string(), read_file(entry.path()));
      if (doc->body_format() != hlint::BodyFormat::html) continue;
      ++html;
      std::string_view why;
      if (!hlint::markup_needs_no_repair(doc->text(), doc->body(), doc->html_tokens(), &why)) {
        ++to_tidy[std::string(why)];
        if (std::getenv("TREE_COMPARE_WHY")) std::cout << "to tidy (" << why << "): " << entry.path().string() << "\n";
        continue;
      }
      ++direct;
      hlint::HtmlDom from_tokens, from_tidy;
      from_tokens.build(doc->text(), doc->body(), doc->html_tokens(), doc->lines());
      from_tidy.build_with_tidy(doc->text(), doc->body(), doc->html_tokens(), doc->lines());
      const std::string a = from_tokens.outline(), b = from_tidy.outline();
      if (a == b) continue;
      ++differ;
      std::cout << "differs: " << entry.path().string() << "\n";
      print_first_difference(a, b);
    }
  }
  std::cout << html << " HTML bodies, " << direct << " built from their tokens, " << differ
            << " of them differ from tidy's tree\n";
  for (const auto& [why, count] : to_tidy) std::cout << "  to tidy: " << why << ": " << count << "\n";
  return differ ? 1 : 0;
}
