// fnv1a() and fingerprint(): baselines store fingerprints, so the hash must
// never change, whatever the loop that computes it looks like.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/diagnostic.hpp"

namespace {

// The textbook one-byte-at-a-time FNV-1a (with hlint's start value), for
// comparison.
std::uint64_t reference_fnv1a(std::string_view data, std::uint64_t hash = 1469598103934665603ULL) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

TEST_CASE("fnv1a() is 64-bit FNV-1a for every length and chains", "[diagnostic]") {
  // hlint's default start value is 1469598103934665603, not the standard
  // offset basis 14695981039346656037 (a digit short): fingerprints in
  // baselines were made with it, so it stays.
  CHECK(hlint::fnv1a("") == 1469598103934665603ULL);
  CHECK(hlint::fnv1a("a", 14695981039346656037ULL) == 0xaf63dc4c8601ec8cULL);
  CHECK(hlint::fnv1a("foobar", 14695981039346656037ULL) == 0x85944171f73967e8ULL);
  const std::string text = "正文：Z主要的原因\t是这个 and some ASCII \xff";
  for (std::size_t n = 0; n <= text.size(); ++n) {
    const std::string_view prefix = std::string_view(text).substr(0, n);
    CHECK(hlint::fnv1a(prefix) == reference_fnv1a(prefix));
    CHECK(hlint::fnv1a(prefix, 42) == reference_fnv1a(prefix, 42));
  }
  CHECK(hlint::fnv1a("bar", hlint::fnv1a("foo")) == hlint::fnv1a("foobar"));
}

TEST_CASE("fingerprint() is 16 hex digits, ignores the line's outer blanks and counts occurrences", "[diagnostic]") {
  const std::string a = hlint::fingerprint("chars/split-word", "a.txt", "Z主要", "  正文 Z主要\t", 0);
  CHECK(a.size() == 16);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a == hlint::fingerprint("chars/split-word", "a.txt", "Z主要", "正文 Z主要", 0));
  CHECK(a != hlint::fingerprint("chars/split-word", "a.txt", "Z主要", "正文 Z主要", 1));
  // The hash of rule, path, excerpt, line and occurrence, separated by 0x1F.
  const std::uint64_t expected = reference_fnv1a("chars/split-word\x1f" "a.txt\x1f" "Z主要\x1f" "正文 Z主要\x1f" "12");
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(expected));
  CHECK(hlint::fingerprint("chars/split-word", "a.txt", "Z主要", "正文 Z主要", 12) == hex);
}

TEST_CASE("fingerprints() gives fingerprint() of each key, whatever their number and lengths", "[diagnostic]") {
  // Keys of lengths from empty to a few hundred bytes, in counts that leave
  // 0 to 3 keys beyond the last group of four, in an order the batch sorts.
  const std::string text = "  正文：Z主要的原因\t是这个 and some ASCII 温馨提示：本文仅供参考，不能代替医生的诊断。  ";
  for (int count = 0; count <= 13; ++count) {
    std::vector<hlint::FingerprintKey> keys;
    for (int i = 0; i < count; ++i) {
      const std::size_t length = (static_cast<std::size_t>(i) * 37 + static_cast<std::size_t>(count) * 11) % text.size();
      const std::string_view line = std::string_view(text).substr(0, length);
      keys.push_back({i % 2 ? "chars/split-word" : "residue/scrape-residue", "dir/a.txt", line.substr(length / 3),
                      line, static_cast<std::size_t>(i % 3)});
    }
    std::vector<std::string> batch;
    hlint::fingerprints(keys, batch);
    REQUIRE(batch.size() == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i)
      CHECK(batch[i] == hlint::fingerprint(keys[i].rule, keys[i].path, keys[i].excerpt, keys[i].line_text,
                                           keys[i].occurrence));
  }
}
