// ExternalSorter: the same order as std::stable_sort, whether the records fit
// in memory, spill to a few runs or to more runs than are merged at once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "core/external_sorter.hpp"

namespace {

// Records ordered by their first byte only, so equal records (same first
// byte, different rest) show whether the order of adding them is kept.
struct ByFirstByte {
  bool operator()(std::string_view a, std::string_view b) const {
    if (a.empty() || b.empty()) return a.empty() && !b.empty();
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  }
};

std::vector<std::string> random_records(std::size_t count, std::mt19937& rng) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    std::string record(rng() % 40, '\0');
    for (char& c : record) c = static_cast<char>(rng() % 256);
    if (i % 97 == 0) record.assign(70000, 'x');  // longer than a reader's buffer
    record += std::to_string(i);                 // tells equal records apart
    out.push_back(record);
  }
  return out;
}

std::vector<std::string> sorted_externally(const std::vector<std::string>& records, std::size_t budget,
                                           std::size_t* runs = nullptr) {
  hlint::ExternalSorter<ByFirstByte> sorter(ByFirstByte{}, budget, "the test");
  for (const std::string& record : records) sorter.add(record);
  if (runs) *runs = sorter.runs();
  std::vector<std::string> out;
  sorter.for_each([&](std::string_view record) { out.emplace_back(record); });
  return out;
}

}  // namespace

TEST_CASE("ExternalSorter sorts like std::stable_sort with any memory budget") {
  std::mt19937 rng(20261122);
  for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{500}, std::size_t{5000}}) {
    const std::vector<std::string> records = random_records(count, rng);
    std::vector<std::string> expected = records;
    std::stable_sort(expected.begin(), expected.end(), ByFirstByte{});
    for (const std::size_t budget : {std::size_t{1}, std::size_t{300}, std::size_t{1} << 14, std::size_t{1} << 26}) {
      INFO("records " << count << ", budget " << budget);
      std::size_t runs = 0;
      CHECK(sorted_externally(records, budget, &runs) == expected);
      if (budget == 1) CHECK(runs + 1 >= count);  // every record its own run: 5000 runs, merged in two passes
      if (budget == (std::size_t{1} << 26)) CHECK(runs == 0);  // no file
    }
  }
}

TEST_CASE("ScratchFile reads back what was appended, between appends") {
  hlint::ScratchFile file("the test");
  CHECK(file.size() == 0);
  CHECK(file.append("abc") == 0);
  char got[4] = {};
  file.read(1, got, 2);
  CHECK(std::string(got, 2) == "bc");
  CHECK(file.append(std::string(100000, 'z')) == 3);
  CHECK(file.append("end") == 100003);
  file.read(100002, got, 4);
  CHECK(std::string(got, 4) == "zend");
  CHECK_THROWS(file.read(100004, got, 4));
}
