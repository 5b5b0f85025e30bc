// Reads the dates found in front matter and page headers: RFC 2822 (`Fri, 21
// May 2021 11:29:03 GMT`), JavaScript's Date.toString(), ISO 8601 and the
// numeric forms Chinese sites print (`2025-1-29 16:12`, `2021/05/21`,
// `2021年5月21日`). Month and weekday names go through glibc's strptime in the
// C locale; every date is validated with timegm (Feb 30 does not round-trip).
#pragma once

#include <locale.h>

#include <cstdint>
#include <regex>
#include <string>
#include <string_view>

namespace hlint::front_matter {

struct DateReading {
  enum class Verdict {
    valid,
    unreadable,     // not a date in any form we know
    impossible,     // shaped like a date, but no such day or time (Feb 30, month 13, 25:00)
    wrong_weekday,  // RFC 2822 / JavaScript form whose weekday is not the date's
  };
  Verdict verdict = Verdict::unreadable;
  std::string problem;             // why it is not valid, for the message
  std::int64_t epoch_seconds = 0;  // valid dates: seconds since 1970 UTC (no zone given: read as UTC)
  int year = 0;                    // valid dates: the year as written
};

class DateReader {
 public:
  DateReader();
  ~DateReader();
  DateReader(const DateReader&) = delete;
  DateReader& operator=(const DateReader&) = delete;

  DateReading read(std::string_view text) const;

 private:
  // The date part; sets `rest` to what follows it. False if no known form matches.
  struct DateFields {
    int year = 0, month = 0, day = 0;  // as written: month 1-12
    int written_weekday = -1;          // 0 = Sunday, when the text names one
    bool needs_time_separator = true;  // `2021年5月21日11:29` needs no space before the time
  };
  bool read_numeric_date(std::string_view text, DateFields& fields, std::string_view& rest) const;
  bool read_named_date(std::string_view text, DateFields& fields, std::string_view& rest) const;

  locale_t c_locale_;         // strptime_l's locale: month names are English whatever the process locale
  std::regex numeric_date_;   // 2021-05-21, 2021/5/21, 2021.05.21, 2021年5月21日
  std::regex time_and_zone_;  // T11:29:03.000+08:00, ` 11:29 GMT+0800 (中国标准时间)`
};

}  // namespace hlint::front_matter
