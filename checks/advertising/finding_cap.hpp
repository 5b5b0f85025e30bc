// A per-file cap on the findings of one check, shared by the content checks
// that report every occurrence (banned words, residue, contacts, empty
// elements). A pathological document (a scrape of a whole forum on one line)
// could otherwise yield hundreds of thousands of findings, each carrying its
// source line. After `max` findings the rest are counted and summarised in one
// finding at the first one left out, as encoding/invalid-bytes does.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>

#include "core/check.hpp"

namespace hlint {

class FindingCap {
 public:
  FindingCap(Reporter& out, long max) : out_(out), max_(max < 0 ? 0 : static_cast<std::size_t>(max)) {}

  // Reports the finding, or counts it once the cap is reached. `message` is
  // only called for findings that are reported.
  template <typename MakeMessage>
  void report(Span span, MakeMessage message, std::optional<Fix> fix = std::nullopt) {
    if (++found_ <= max_) {
      out_.report(span, message(), std::move(fix));
    } else if (!first_left_out_) {
      first_left_out_ = span;
    }
  }

  // The summary finding, if findings were left out. `what`: "banned words".
  void finish(std::string_view what) {
    if (first_left_out_)
      out_.report(*first_left_out_,
                  fmt::format("{} more {} in this file not reported (max-per-file is {})", found_ - max_, what, max_));
  }

 private:
  Reporter& out_;
  std::size_t max_;
  std::size_t found_ = 0;
  std::optional<Span> first_left_out_;
};

}  // namespace hlint
