#include "front-matter/date_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <ctime>
#include <stdexcept>

#include "front-matter/front_matter_values.hpp"

namespace hlint::front_matter {

namespace {

// The longest date form we read is JavaScript's Date.toString() with a
// Chinese zone name (~70 bytes). Anything much longer is not a date, and
// std::regex must not be run on huge input (it recurses per character).
constexpr std::size_t kLongestDate = 120;

int to_int(const std::ssub_match& match, int fallback = 0) {
  if (!match.matched) return fallback;
  int value = fallback;
  std::from_chars(&*match.first, &*match.first + match.length(), value);
  return value;
}

std::string c_time_name(locale_t locale, const char* format, const std::tm& tm) {
  char buffer[64];
  const std::size_t n = strftime_l(buffer, sizeof buffer, format, &tm, locale);
  return std::string(buffer, n);
}

}  // namespace

DateReader::DateReader()
    : c_locale_(newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr))),
      numeric_date_(R"(^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*(日|号)?))"),
      // After the date, all optional: a time, a zone (only after a time),
      // JavaScript's zone name in parentheses (only after a zone).
      time_and_zone_(
          // ` 11:29`, `T11:29:03`, ` 11:29:03.000`
          R"(^(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)"
          // `Z`, `+08:00`, `+0800`, `GMT+0800`, or a named zone (`GMT`, `UTC`, `CST`)
          R"((?:\s*(Z|(?:UTC|UT|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?|[A-Z]{1,5}))"
          // ` (中国标准时间)`
          R"((?:\s*\([^()]*\))?)?)?\s*$)") {
  if (c_locale_ == static_cast<locale_t>(nullptr)) throw std::runtime_error("cannot create the C locale for strptime");
}

DateReader::~DateReader() { freelocale(c_locale_); }

bool DateReader::read_numeric_date(std::string_view text, DateFields& fields, std::string_view& rest) const {
  std::match_results<std::string_view::const_iterator> m;
  // The pattern is anchored: match_continuous spares regex_search its
  // attempts at every later position, which `^` would fail one by one.
  if (!std::regex_search(text.begin(), text.end(), m, numeric_date_, std::regex_constants::match_continuous))
    return false;
  auto number = [&](int index) {
    int value = 0;
    if (m[index].matched) std::from_chars(&*m[index].first, &*m[index].first + m[index].length(), value);
    return value;
  };
  fields.year = number(1);
  const bool chinese = !m[2].matched;
  fields.month = chinese ? number(5) : number(3);
  fields.day = chinese ? number(6) : number(4);
  fields.needs_time_separator = !(chinese && m[7].matched);
  rest = text.substr(static_cast<std::size_t>(m.length(0)));
  return true;
}

bool DateReader::read_named_date(std::string_view text, DateFields& fields, std::string_view& rest) const {
  struct Form {
    const char* format;
    bool names_weekday;
  };
  static constexpr Form kForms[] = {
      {"%a, %d %b %Y", true},   // RFC 2822
      {"%d %b %Y", false},      // RFC 2822 without the optional weekday
      {"%a %b %d %Y", true},    // JavaScript Date.toString()
      {"%b %d, %Y", false},     // May 21, 2021
      {"%a, %b %d, %Y", true},  // Friday, May 21, 2021
  };
  const std::string input(text);
  for (const Form& form : kForms) {
    std::tm tm{};
    const char* end = strptime_l(input.c_str(), form.format, &tm, c_locale_);
    if (end == nullptr) continue;
    fields.year = tm.tm_year + 1900;
    fields.month = tm.tm_mon + 1;
    fields.day = tm.tm_mday;
    fields.written_weekday = form.names_weekday ? tm.tm_wday : -1;
    fields.needs_time_separator = true;
    rest = text.substr(static_cast<std::size_t>(end - input.c_str()));
    return true;
  }
  return false;
}

DateReading DateReader::read(std::string_view raw) const {
  DateReading reading;
  const std::string_view text = trim(raw);
  if (text.empty() || text.size() > kLongestDate) {
    reading.problem = text.empty() ? "it is empty" : "it is far too long to be a date";
    return reading;
  }
  DateFields fields;
  std::string_view rest;
  if (!read_numeric_date(text, fields, rest) && !read_named_date(text, fields, rest)) {
    return reading;  // no known form: nothing more specific to say
  }
  std::string after_date(rest);
  if (!fields.needs_time_separator && !after_date.empty() && after_date.front() >= '0' && after_date.front() <= '9')
    after_date.insert(0, " ");
  std::smatch m;
  if (!std::regex_match(after_date, m, time_and_zone_)) {
    reading.problem = after_date.front() >= '0' && after_date.front() <= '9'
                          ? "the time must be separated from the date by a space or `T`"
                          : fmt::format("`{}` after the date is not a time or a time zone", trim(rest));
    return reading;
  }
  const int hour = to_int(m[1]), minute = to_int(m[2]), second = to_int(m[3]);
  const int zone_hours = to_int(m[6]), zone_minutes = to_int(m[7]);
  const int zone_sign = m[5].matched && m[5].str() == "-" ? -1 : 1;

  reading.verdict = DateReading::Verdict::impossible;
  if (fields.year == 0 && fields.month == 0 && fields.day == 0) {
    reading.problem = "it is the zero date a database stores when it has no date";
    return reading;
  }
  if (fields.month < 1 || fields.month > 12) {
    reading.problem = fmt::format("there is no month {}", fields.month);
    return reading;
  }
  if (fields.day < 1) {
    reading.problem = fmt::format("there is no day {}", fields.day);
    return reading;
  }
  // ISO 8601 allows 24:00 for the end of a day; leap seconds end on :60.
  if (hour > 24 || (hour == 24 && (minute != 0 || second != 0))) {
    reading.problem = hour == 24 ? std::string("hour 24 only exists as 24:00, the end of the day")
                                 : fmt::format("there is no hour {}", hour);
    return reading;
  }
  if (minute > 59 || second > 60) {
    reading.problem =
        minute > 59 ? fmt::format("there is no minute {}", minute) : fmt::format("there is no second {}", second);
    return reading;
  }
  if (zone_hours > 14 || zone_minutes > 59) {
    reading.problem =
        fmt::format("there is no time zone {}{:02}:{:02}", zone_sign < 0 ? '-' : '+', zone_hours, zone_minutes);
    return reading;
  }

  // timegm normalises an impossible day (Feb 30 becomes Mar 2): the date is
  // real exactly when it survives the round trip.
  std::tm midnight{};
  midnight.tm_year = fields.year - 1900;
  midnight.tm_mon = fields.month - 1;
  midnight.tm_mday = fields.day;
  const std::time_t day_start = timegm(&midnight);
  std::tm actual{};
  gmtime_r(&day_start, &actual);
  if (actual.tm_year != fields.year - 1900 || actual.tm_mon != fields.month - 1 || actual.tm_mday != fields.day) {
    std::tm month{};
    month.tm_mon = fields.month - 1;
    reading.problem = fmt::format("{} {} has no day {}", c_time_name(c_locale_, "%B", month), fields.year, fields.day);
    return reading;
  }
  if (fields.written_weekday >= 0 && fields.written_weekday != actual.tm_wday) {
    std::tm written{};
    written.tm_wday = fields.written_weekday;
    reading.verdict = DateReading::Verdict::wrong_weekday;
    reading.problem =
        fmt::format("{} {} {} is a {}, not a {}", fields.day, c_time_name(c_locale_, "%B", actual), fields.year,
                    c_time_name(c_locale_, "%A", actual), c_time_name(c_locale_, "%A", written));
    return reading;
  }
  reading.verdict = DateReading::Verdict::valid;
  reading.problem.clear();
  reading.year = fields.year;
  reading.epoch_seconds = static_cast<std::int64_t>(day_start) + hour * 3600 + minute * 60 + second -
                          zone_sign * (zone_hours * 3600 + zone_minutes * 60);
  return reading;
}

}  // namespace hlint::front_matter
