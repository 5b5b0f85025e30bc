// front-matter/invalid-date: a `date`/`updated` value (or a text scrape's header
// date) that does not parse, names no real day, contradicts its weekday or lies
// in the future.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

#include "core/article.hpp"
#include "core/check.hpp"
#include "front-matter/date_reader.hpp"
#include "front-matter/front_matter_values.hpp"

namespace hlint {

class InvalidDateCheck : public Check {
 public:
  static CheckInfo info() {
    return {
        "front-matter/invalid-date",
        Severity::error,
        {{"keys", OptionType::string_list, "date, updated", "front-matter keys that hold a date"},
         {"max-future-days", OptionType::integer, "1",
          "a date more than this many days after now is reported (negative: never)"},
         {"min-year", OptionType::integer, "1990", "a date before this year is reported as a placeholder (0: never)"},
         {"placeholders", OptionType::phrase_list, "front-matter-placeholders",
          "values left to front-matter/empty-value (`undefined`...)"},
         {"date-placeholders", OptionType::phrase_list, "front-matter-date-placeholders",
          "what scripts write for a date they could not format (`Invalid Date`)"}},
        false};
  }

  explicit InvalidDateCheck(const CheckOptions& options)
      : keys_(front_matter::strings_option(options, "keys", {"date", "updated"})),
        // Bounded so that the product with a day's seconds cannot overflow.
        max_future_days_(std::min(options.get_int("max-future-days", 1), 1000L * 366)),
        min_year_(options.get_int("min-year", 1990)),
        placeholders_(front_matter::phrases_option(options, "placeholders", "front-matter-placeholders")),
        date_placeholders_(
            front_matter::phrases_option(options, "date-placeholders", "front-matter-date-placeholders")),
        now_(read_now()) {}

  void check(const Document& doc, Reporter& out) const override {
    const auto& fm = doc.front_matter();
    if (front_matter::parsed(fm)) {
      for (const FrontMatterEntry& entry : fm->entries) {
        if (std::find(keys_.begin(), keys_.end(), entry.key) == keys_.end()) continue;
        const YamlNode& value = entry.value;
        if (!value.IsDefined() || value.IsNull()) continue;  // front-matter/empty-value
        if (!value.IsScalar()) {
          out.report(entry.value_span, fmt::format("`{}` must be one date, not a {}", entry.key,
                                                   value.IsSequence() ? "list" : "mapping"));
          continue;
        }
        check_date(value.Scalar(), front_matter::value_span(doc, *fm, entry), out);
      }
    }
    // A text scrape's header date (`时间:2025-1-29 16:12`, `2026-01-25 15:08:33 site`).
    // Only a document without front matter has a page header.
    if (fm) return;
    for (const HeaderField& field : doc.analysis<ArticleInfo>().header) {
      if (field.name != "date") continue;
      const auto value = front_matter::header_value(doc, field);
      check_date(value.text, value.span, out);
    }
  }

 private:
  // "Now" is the clock, or HLINT_NOW (an ISO date) so that fixtures and CI
  // runs do not change meaning as time passes.
  std::int64_t read_now() const {
    const char* fixed = std::getenv("HLINT_NOW");
    if (fixed == nullptr || *fixed == '\0') return static_cast<std::int64_t>(std::time(nullptr));
    const auto reading = reader_.read(fixed);
    if (reading.verdict != front_matter::DateReading::Verdict::valid)
      throw std::runtime_error(
          fmt::format("HLINT_NOW=`{}` is not a date (use ISO 8601: 2026-01-31 or "
                      "2026-01-31T12:00:00Z): {}",
                      fixed, reading.problem));
    return reading.epoch_seconds;
  }

  static bool listed(const std::vector<std::string>& list, std::string_view text) {
    return std::find(list.begin(), list.end(), text) != list.end();
  }

  void check_date(const std::string& raw, Span span, Reporter& out) const {
    using Verdict = front_matter::DateReading::Verdict;
    const std::string_view value = front_matter::trim(raw);
    if (value.empty() || listed(placeholders_, value)) return;  // front-matter/empty-value
    const std::string text = front_matter::excerpt(value);      // as quoted in messages
    if (listed(date_placeholders_, value)) {
      out.report(span, fmt::format("`{}` is what a script writes for a date it could not format: the real date is lost",
                                   text));
      return;
    }
    const auto reading = reader_.read(value);
    switch (reading.verdict) {
      case Verdict::unreadable:
        out.report(span, fmt::format("`{}` is not a date hlint can read{}; write ISO 8601 "
                                     "(`2021-05-21T11:29:03+08:00`) or RFC 2822 (`Fri, 21 May 2021 11:29:03 GMT`)",
                                     text, reading.problem.empty() ? "" : " (" + reading.problem + ")"));
        return;
      case Verdict::impossible:
        out.report(span, fmt::format("`{}` is not a real date: {}", text, reading.problem));
        return;
      case Verdict::wrong_weekday:
        out.report(span, fmt::format("`{}` contradicts itself: {}", text, reading.problem));
        return;
      case Verdict::valid:
        break;
    }
    constexpr std::int64_t kDay = 86400;
    if (max_future_days_ >= 0 && reading.epoch_seconds > now_ + max_future_days_ * kDay) {
      const std::int64_t days = (reading.epoch_seconds - now_) / kDay;
      out.report(
          span, Severity::warning,
          fmt::format("`{}` is {} in the future (now is {})", text,
                      days < 1 ? std::string("less than a day") : fmt::format("{} day{}", days, days == 1 ? "" : "s"),
                      format_day(now_)));
      return;
    }
    if (min_year_ > 0 && reading.year < min_year_)
      out.report(span, Severity::warning,
                 fmt::format("`{}` is before {}: probably a placeholder (such as the Unix epoch) rather than "
                             "when the article was published",
                             text, min_year_));
  }

  static std::string format_day(std::int64_t epoch_seconds) {
    const std::time_t t = static_cast<std::time_t>(epoch_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  }

  front_matter::DateReader reader_;  // declared first: read_now() uses it
  std::vector<std::string> keys_;
  long max_future_days_;
  long min_year_;
  std::vector<std::string> placeholders_;
  std::vector<std::string> date_placeholders_;
  std::int64_t now_;
};

void add_invalid_date_check(CheckRegistry& registry) { registry.add<InvalidDateCheck>(); }

}  // namespace hlint
