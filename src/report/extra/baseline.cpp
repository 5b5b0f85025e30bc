#include "report/extra/baseline.hpp"

#include "core/file_io.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

namespace hlint {

namespace {
constexpr int kFormatVersion = 1;
}  // namespace

Baseline read_baseline(const std::filesystem::path& file) {
  // Read as every file is: /dev/zero or a FIFO named with --baseline is
  // refused instead of read forever (issue 18).
  std::string error;
  const std::optional<std::string> text = read_file(file.string(), error, kMaxBaselineBytes);
  if (!text) throw BaselineError(fmt::format("cannot read the baseline {}: {}", file.string(), error));
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    throw BaselineError(fmt::format("{} is not a baseline (invalid JSON: {})", file.string(), e.what()));
  }
  if (!doc.is_object() || !doc.contains("entries") || !doc["entries"].is_array() ||
      doc.value("hlint_baseline", 0) != kFormatVersion)
    throw BaselineError(fmt::format("{} is not an hlint baseline (version {}); write one with --write-baseline",
                                    file.string(), kFormatVersion));
  Baseline baseline;
  for (const auto& item : doc["entries"]) {
    if (!item.is_object() || !item.contains("fingerprint") || !item["fingerprint"].is_string())
      throw BaselineError(fmt::format("{}: an entry has no fingerprint", file.string()));
    BaselineEntry entry;
    entry.fingerprint = item["fingerprint"].get<std::string>();
    if (item.contains("rule") && item["rule"].is_string()) entry.rule = item["rule"].get<std::string>();
    if (item.contains("path") && item["path"].is_string()) entry.path = item["path"].get<std::string>();
    if (item.contains("line") && item["line"].is_number_unsigned()) entry.line = item["line"].get<std::uint32_t>();
    if (item.contains("message") && item["message"].is_string()) entry.message = item["message"].get<std::string>();
    baseline.entries.push_back(std::move(entry));
  }
  return baseline;
}

void write_baseline(const std::filesystem::path& file, const FindingSpool& findings, const std::string& version) {
  // One entry per line, written as the findings are read: a baseline of a
  // large corpus is never held in memory as one JSON document.
  auto write_entries = [&](std::ostream& out) {
    out << "{\n  \"hlint_baseline\": " << kFormatVersion << ",\n  \"hlint_version\": " << nlohmann::json(version).dump()
        << ",\n  \"entries\": [";
    bool first = true;
    findings.for_each([&](const Finding& f) {
      const nlohmann::json entry = {{"fingerprint", f.fingerprint},
                                    {"rule", f.rule},
                                    {"path", f.path},
                                    {"line", f.has_location ? f.location.start.line : 0},
                                    {"message", f.message}};
      out << (first ? "\n    " : ",\n    ") << entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      first = false;
    });
    out << (first ? "]\n}\n" : "\n  ]\n}\n");
  };
  // Written next to the target and renamed over it, so an interrupted run
  // never leaves half a baseline.
  const std::filesystem::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw BaselineError(fmt::format("cannot write {}", temporary.string()));
    write_entries(out);
    out.flush();
    if (!out) throw BaselineError(fmt::format("cannot write {}", temporary.string()));
  }
  std::error_code ec;
  std::filesystem::rename(temporary, file, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    throw BaselineError(fmt::format("cannot write {}", file.string()));
  }
}

BaselineMatch match_baseline(const Baseline& baseline, const FindingSpool& findings,
                             const std::function<bool(const BaselineEntry&)>& was_checked) {
  // Fingerprint -> indexes of the entries not yet matched.
  std::unordered_map<std::string, std::vector<std::size_t>> unmatched;
  for (std::size_t i = 0; i < baseline.entries.size(); ++i) unmatched[baseline.entries[i].fingerprint].push_back(i);
  std::vector<bool> used(baseline.entries.size(), false);
  BaselineMatch match;
  findings.for_each([&](const Finding& f) {
    auto it = unmatched.find(f.fingerprint);
    if (it != unmatched.end() && !it->second.empty()) {
      used[it->second.back()] = true;
      it->second.pop_back();
      match.matched_findings.append(f);
    } else {
      match.new_findings.append(f);
    }
  });
  for (std::size_t i = 0; i < baseline.entries.size(); ++i)
    if (!used[i] && was_checked(baseline.entries[i])) match.stale.push_back(baseline.entries[i]);
  return match;
}

}  // namespace hlint
