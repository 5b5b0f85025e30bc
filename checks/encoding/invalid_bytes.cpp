// encoding/invalid-bytes: bytes that are not valid in the file's encoding.
#include <fmt/format.h>

#include "core/check.hpp"

namespace hlint {

class InvalidBytesCheck : public Check {
 public:
  static CheckInfo info() {
    return {"encoding/invalid-bytes", Severity::error, {{"max-per-file", OptionType::integer, "20", "report at most this many runs per file"}}, false};
  }
  explicit InvalidBytesCheck(const CheckOptions& options) : max_per_file_(options.get_int("max-per-file", 20)) {}

  void check(const Document& doc, Reporter& out) const override {
    long reported = 0;
    const auto& runs = doc.source().invalid_bytes();
    for (const auto& run : runs) {
      if (reported++ >= max_per_file_) break;
      std::string hex;
      for (unsigned char c : run.raw.substr(0, 8)) hex += fmt::format("{}0x{:02X}", hex.empty() ? "" : " ", c);
      if (run.raw.size() > 8) hex += " …";
      out.report({run.offset, run.offset + run.length},
                 fmt::format("{} byte{} not valid {} ({}); shown as U+FFFD", run.raw.size(),
                             run.raw.size() == 1 ? " is" : "s are", to_string(doc.source().encoding()), hex));
    }
    if (static_cast<long>(runs.size()) > max_per_file_ && !runs.empty()) {
      const auto& last = runs[static_cast<std::size_t>(max_per_file_)];
      out.report({last.offset, last.offset + last.length},
                 fmt::format("{} more runs of invalid bytes in this file not reported", runs.size() - max_per_file_));
    }
  }

 private:
  long max_per_file_;
};

class NotUtf8Check : public Check {
 public:
  static CheckInfo info() { return {"encoding/not-utf8", Severity::info, {}, false}; }
  explicit NotUtf8Check(const CheckOptions&) {}

  void check(const Document& doc, Reporter& out) const override {
    const Encoding encoding = doc.source().encoding();
    if (encoding == Encoding::utf8) return;
    const std::string_view first_line = doc.lines().line_text(0);
    const Span span{0, first_line.size()};
    if (encoding == Encoding::utf8_bom) {
      out.report(span, "the file starts with a UTF-8 byte order mark (BOM)");
      return;
    }
    if (const auto second = doc.source().runner_up()) {
      out.report(span, fmt::format("the file is encoded in {}, not UTF-8 (a close call: {} reads almost as well); "
                                   "it was decoded for the checks",
                                   to_string(encoding), to_string(*second)));
      return;
    }
    out.report(span, fmt::format("the file is encoded in {}, not UTF-8; it was decoded for the checks", to_string(encoding)));
  }
};

void register_encoding_checks(CheckRegistry& registry) {
  registry.add<InvalidBytesCheck>();
  registry.add<NotUtf8Check>();
}

}  // namespace hlint
