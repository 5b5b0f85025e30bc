// PhraseMatcher throughput on real text (prints numbers; not a test).
//
// Loads every document of a directory, keeps the text of its blocks (what the
// checks scan) and scans all of it with a matcher per phrase list and folding,
// printing the best of several runs in ns per byte scanned. The hit count and
// a hash of every match (phrase, begin, end, in order) let two builds be
// compared: same hash, same matches.
//
// Built as the target hlint_phrase_matcher_bench:
//   build/bench/hlint_phrase_matcher_bench /tmp/hlint-bench/corpus-10000/0000 [RUNS [LIST]]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/document.hpp"
#include "core/phrase_matcher.hpp"

using hlint::PhraseMatcher;

namespace {

struct Result {
  double ns_per_byte;
  std::size_t hits;
  std::size_t hash;
};

Result measure(const PhraseMatcher& matcher, const std::vector<std::string>& texts, std::size_t bytes, int runs) {
  Result result{1e30, 0, 0};
  for (int run = 0; run < runs; ++run) {
    std::size_t hits = 0, hash = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const std::string& text : texts)
      matcher.scan(text, [&](const PhraseMatcher::Match& m) {
        ++hits;
        hash = hash * 1000003 + (m.phrase * 31 + m.begin) * 31 + m.end;
        return true;
      });
    const std::chrono::duration<double, std::nano> elapsed = std::chrono::steady_clock::now() - start;
    result = {std::min(result.ns_per_byte, elapsed.count() / static_cast<double>(bytes)), hits, hash};
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [RUNS [LIST]]\n", argv[0]);
    return 2;
  }
  const int runs = argc > 2 ? std::atoi(argv[2]) : 7;
  const std::string only = argc > 3 ? argv[3] : "";  // one list, for a profile
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    const auto document = hlint::Document::load(entry.path().string(), content.str());
    for (const auto& block : document->blocks()) {
      texts.push_back(block.text);
      bytes += block.text.size();
    }
  }
  std::printf("%zu blocks, %zu bytes, best of %d\n", texts.size(), bytes, runs);

  const hlint::PhraseLists lists;
  for (const char* list : {"attribution-cues", "attribution-phrases", "disclaimer-cues", "platform-notice-cues",
                           "advertising-claims", "scrape-residue"}) {
    if (!only.empty() && only != list) continue;
    const std::vector<std::string> phrases = lists.get(list);
    for (const auto folding : {PhraseMatcher::Folding::exact, PhraseMatcher::Folding::compact}) {
      const Result r = measure(PhraseMatcher(phrases, folding), texts, bytes, runs);
      std::printf("  %-22s %-8s %5.2f ns/byte  hits %7zu  hash %016zx\n", list,
                  folding == PhraseMatcher::Folding::exact ? "exact" : "compact", r.ns_per_byte, r.hits, r.hash);
    }
  }
}
