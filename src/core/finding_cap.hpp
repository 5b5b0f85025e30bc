// A per-file cap on the findings of one check. A pathological document (a
// whole forum scraped onto one line, a watermark after every word) could
// otherwise yield hundreds of thousands of findings. After `max` findings the
// rest are counted and summarised in one finding at the first one left out,
// as encoding/invalid-bytes does.
#pragma once

#include <fmt/format.h>

#include <concepts>
#include <optional>
#include <string>
#include <utility>

#include "core/check.hpp"

namespace hlint {

class FindingCap {
 public:
  // `what` names the findings in the summary: "banned words".
  FindingCap(Reporter& out, long max, std::string what = "findings")
      : out_(out), max_(max < 0 ? 0 : static_cast<std::size_t>(max)), what_(std::move(what)) {}

  void report(Span span, std::string message, std::optional<Fix> fix = std::nullopt) {
    report(span, [&] { return std::move(message); }, std::move(fix));
  }

  // `message` is only called for findings that are reported.
  template <std::invocable MakeMessage>
  void report(Span span, MakeMessage message, std::optional<Fix> fix = std::nullopt) {
    if (++found_ <= max_) {
      out_.report(span, message(), std::move(fix));
    } else if (!first_left_out_) {
      first_left_out_ = span;
    }
  }

  // The summary finding, if findings were left out.
  void finish() {
    if (first_left_out_)
      out_.report(*first_left_out_, fmt::format("{} more {} in this file not reported (max-per-file is {})",
                                                found_ - max_, what_, max_));
    first_left_out_.reset();
  }
  void finish(std::string_view what) {
    what_ = std::string(what);
    finish();
  }

 private:
  Reporter& out_;
  std::size_t max_;
  std::string what_;
  std::size_t found_ = 0;
  std::optional<Span> first_left_out_;
};

}  // namespace hlint
