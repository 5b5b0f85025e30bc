#include "related/related_text.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>

#include "core/utf8.hpp"

namespace hlint::related {

namespace {

bool is_ascii_punctuation(char32_t cp) {
  return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60) ||
         (cp >= 0x7B && cp <= 0x7E);
}

// Characters that do not make two blurbs different: spacing, punctuation,
// bullets and the other decorative symbols scrapes are full of.
bool is_ignorable(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return true;
  if (utf8::is_whitespace(cp) || utf8::is_zero_width(cp) || utf8::is_cjk_punctuation(cp)) return true;
  if (is_ascii_punctuation(cp)) return true;
  if (cp >= 0xA1 && cp <= 0xBF) return true;      // ¡ « » · ° and other Latin-1 signs
  if (cp >= 0x2000 && cp <= 0x206F) return true;  // general punctuation (… — ‘ ’ • ‧)
  if (cp >= 0x2190 && cp <= 0x2BFF) return true;  // arrows, shapes, dingbats (→ ● ▶ ★)
  if (cp >= 0xFE10 && cp <= 0xFE1F) return true;  // vertical forms
  if (cp >= 0xFE30 && cp <= 0xFE6F) return true;  // CJK compatibility and small forms
  return false;
}

// is_ignorable for ASCII, looked up: normalize() asks it for every ASCII byte.
const std::array<bool, 128> kIgnorableAscii = [] {
  std::array<bool, 128> table{};
  for (char32_t cp = 0; cp < 128; ++cp) table[cp] = is_ignorable(cp);
  return table;
}();

char32_t fold(char32_t cp) {
  if (cp >= 0xFF10 && cp <= 0xFF19) return U'0' + (cp - 0xFF10);  // full-width digits
  if (cp >= 0xFF21 && cp <= 0xFF3A) return U'a' + (cp - 0xFF21);  // full-width capitals
  if (cp >= 0xFF41 && cp <= 0xFF5A) return U'a' + (cp - 0xFF41);
  if (cp >= 'A' && cp <= 'Z') return cp + ('a' - 'A');
  return cp;
}

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space_byte(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space_byte(text.back())) text.remove_suffix(1);
  return text;
}

// Reads 1..max_digits ASCII digits at text[pos]; returns the value or -1.
int read_number(std::string_view text, std::size_t& pos, std::size_t max_digits, std::size_t& digits) {
  int value = 0;
  digits = 0;
  while (pos < text.size() && digits < max_digits && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++digits;
  }
  if (digits == 0 || (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')) return -1;
  return value;
}

bool consume(std::string_view text, std::size_t& pos, std::string_view what) {
  if (text.substr(pos, what.size()) != what) return false;
  pos += what.size();
  return true;
}

bool valid_month_day(int month, int day) { return month >= 1 && month <= 12 && day >= 1 && day <= 31; }

// `03-15`, `3/15`, `2025-01-29`, `2025.1.29`, `3月15日`, `2025年3月15日`.
bool is_date_token(std::string_view text) {
  std::size_t pos = 0;
  std::size_t digits = 0;
  const int first = read_number(text, pos, 4, digits);
  if (first < 0) return false;
  if (digits == 4 && consume(text, pos, "年")) {  // 2025年3月15日
    std::size_t d = 0;
    const int month = read_number(text, pos, 2, d);
    if (month < 0 || !consume(text, pos, "月")) return false;
    const int day = read_number(text, pos, 2, d);
    return day >= 0 && consume(text, pos, "日") && pos == text.size() && valid_month_day(month, day);
  }
  if (digits <= 2 && consume(text, pos, "月")) {  // 3月15日
    std::size_t d = 0;
    const int day = read_number(text, pos, 2, d);
    return day >= 0 && consume(text, pos, "日") && pos == text.size() && valid_month_day(first, day);
  }
  if (pos >= text.size()) return false;
  const char separator = text[pos];
  if (separator != '-' && separator != '/' && separator != '.') return false;
  ++pos;
  std::size_t d = 0;
  const int second = read_number(text, pos, 2, d);
  if (second < 0) return false;
  if (pos == text.size()) {  // month and day: `03-15`, `3/15` (not `3.5`, a number)
    return digits <= 2 && separator != '.' && valid_month_day(first, second);
  }
  if (digits != 4 || text[pos] != separator) return false;
  ++pos;
  const int third = read_number(text, pos, 2, d);
  return third >= 0 && pos == text.size() && valid_month_day(second, third);
}

// `16:12` or `16:12:05`.
bool is_time_token(std::string_view text) {
  std::size_t pos = 0;
  std::size_t digits = 0;
  if (read_number(text, pos, 2, digits) < 0 || !consume(text, pos, ":")) return false;
  if (read_number(text, pos, 2, digits) < 0 || digits != 2) return false;
  if (pos == text.size()) return true;
  if (!consume(text, pos, ":") || read_number(text, pos, 2, digits) < 0 || digits != 2) return false;
  return pos == text.size();
}

// Start of the last white-space separated token of text (already trimmed on
// the right); 0 if there is only one token.
std::size_t last_token_start(std::string_view text) {
  std::size_t pos = text.size();
  while (pos > 0 && !is_space_byte(text[pos - 1])) --pos;
  return pos;
}

// Dates and times are short: a longer last token is neither (and a line of
// Chinese text without spaces is not scanned to its start).
constexpr std::size_t kMaxDateBytes = 24;

// Like last_token_start, but returns text.size() (no token) when the last
// token is longer than kMaxDateBytes.
std::size_t bounded_last_token_start(std::string_view text) {
  const std::size_t floor = text.size() > kMaxDateBytes ? text.size() - kMaxDateBytes : 0;
  std::size_t pos = text.size();
  while (pos > floor && !is_space_byte(text[pos - 1])) --pos;
  const bool token_starts_here = pos == 0 || is_space_byte(text[pos - 1]);
  return token_starts_here ? pos : text.size();
}

}  // namespace

std::string normalize(std::string_view text) { return normalize(text, std::string::npos); }

std::string normalize(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  // Most bytes are kept as they are (Han characters, lower-case letters,
  // digits): they are copied a run at a time.
  std::size_t run = 0;  // start of the run of bytes kept as they are
  std::size_t i = 0;
  while (i < text.size() && out.size() + (i - run) <= max_bytes) {
    const unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {  // ASCII: the common case of digits, letters and punctuation
      const bool ignored = kIgnorableAscii[byte];
      if (!ignored && !(byte >= 'A' && byte <= 'Z')) {
        ++i;
        continue;
      }
      out.append(text, run, i - run);
      if (!ignored) out.push_back(static_cast<char>(byte + ('a' - 'A')));
      run = ++i;
      continue;
    }
    // Han characters, most of the text, are kept as they are: a run of them
    // is stepped over in a loop of its own, bounded like the outer one.
    if (utf8::starts_common_han(text, i)) {
      const std::size_t room = max_bytes - out.size();  // for the run, out.size() + (i - run) <= max_bytes
      const std::size_t last = room >= text.size() ? text.size() : run + room;
      // A character starts at most three bytes before the end: one bound
      // for the loop instead of two.
      const std::size_t stop = std::min(last, text.size() - 3);
      do {
        i += 3;
      } while (i <= stop && utf8::is_common_han_at(text.data() + i));
      continue;
    }
    // CJK punctuation (`，`, `。`, `、`, `（`...), after Han characters the most
    // common characters: dropped without the decoding and the tests below.
    if ((byte == 0xE3 || byte == 0xEF) && i + 2 < text.size()) {
      const unsigned char second = static_cast<unsigned char>(text[i + 1]);
      const unsigned char third = static_cast<unsigned char>(text[i + 2]);
      if (((second ^ 0x80) | (third ^ 0x80)) <= 0x3F &&
          utf8::is_cjk_punctuation(static_cast<char32_t>((byte & 0x0F) << 12 | (second & 0x3F) << 6 | (third & 0x3F)))) {
        out.append(text, run, i - run);
        i += 3;
        run = i;
        continue;
      }
    }
    const auto decoded = utf8::decode(text, i);
    out.append(text, run, i - run);
    i += decoded.length;
    run = i;
    if (!is_ignorable(decoded.code_point)) utf8::append(out, fold(decoded.code_point));
  }
  out.append(text, run, i - run);
  return out;
}

std::size_t code_points(std::string_view text) {
  // Every byte but a continuation byte (10xxxxxx) starts a code point. The
  // continuation bytes are counted eight at a time: their marks (bit 7 set,
  // bit 6 clear) are summed into the top byte by a multiplication.
  std::size_t continuation = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    const std::uint64_t marks = (word & ~(word << 1) & 0x8080808080808080ULL) >> 7;
    continuation += static_cast<std::size_t>((marks * 0x0101010101010101ULL) >> 56);
  }
  for (; i < text.size(); ++i) continuation += (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  return text.size() - continuation;
}

std::uint64_t text_hash(std::string_view normalized) {
  // The standard library's string hash reads eight bytes at a time.
  static_assert(sizeof(std::size_t) == sizeof(std::uint64_t), "a 64-bit hash");
  return std::hash<std::string_view>{}(normalized);
}

std::optional<Ellipsis> trailing_ellipsis(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && is_space_byte(text[end - 1])) --end;
  // The run of `.`, `…` and `。` at the end, counted by kind.
  std::size_t begin = end;
  std::size_t dots = 0;
  std::size_t ellipses = 0;
  std::size_t circles = 0;
  for (;;) {
    if (begin >= 1 && text[begin - 1] == '.') {
      --begin;
      ++dots;
    } else if (begin >= 3 && text.substr(begin - 3, 3) == "…") {
      begin -= 3;
      ++ellipses;
    } else if (begin >= 3 && text.substr(begin - 3, 3) == "。") {
      begin -= 3;
      ++circles;
    } else {
      break;
    }
  }
  // One `.` or `。` ends a sentence; `..`, `...`, `。。。` or any `…` cut it off.
  if (ellipses == 0 && dots < 2 && dots + circles < 3) return std::nullopt;
  // A full stop before the ellipsis belongs to the sentence: `治疗。...` -> `...`.
  while (text.substr(begin, 3) == "。" && (ellipses > 0 || dots >= 2 || dots + circles > 3)) {
    begin += 3;
    --circles;
  }
  return Ellipsis{begin, end};
}

bool is_date(std::string_view text) {
  text = trim(text);
  // Every date starts with a digit: most texts are told at once.
  if (text.empty() || text.size() > 32 || text.front() < '0' || text.front() > '9') return false;
  const std::size_t last = last_token_start(text);
  if (last == 0) return is_date_token(text);
  if (!is_time_token(text.substr(last))) return false;
  const std::string_view head = trim(text.substr(0, last));
  return last_token_start(head) == 0 && is_date_token(head);
}

std::optional<std::size_t> trailing_date(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && is_space_byte(text[end - 1])) --end;
  const std::string_view body = text.substr(0, end);
  // Every date and time ends with a digit or `日`: most lines are told at once.
  if (body.empty() || !((body.back() >= '0' && body.back() <= '9') || body.ends_with("日"))) return std::nullopt;
  std::size_t start = bounded_last_token_start(body);
  if (start == 0 || start == body.size()) return std::nullopt;
  const std::string_view last = body.substr(start);
  if (is_time_token(last)) {
    std::size_t date_end = start;
    while (date_end > 0 && is_space_byte(body[date_end - 1])) --date_end;
    const std::size_t date_start = bounded_last_token_start(body.substr(0, date_end));
    if (date_start == 0 || date_start == date_end || !is_date_token(body.substr(date_start, date_end - date_start))) return std::nullopt;
    start = date_start;
  } else if (!is_date_token(last)) {
    return std::nullopt;
  }
  if (trim(body.substr(0, start)).empty()) return std::nullopt;
  return start;
}

std::string excerpt(std::string_view text, std::size_t max_code_points) {
  // Where the cut falls, counted as utf8::decode counts: a Han character (a
  // lead E4..E9 and two continuation bytes) is three bytes without decoding.
  std::size_t count = 0;
  std::size_t i = 0;
  for (; i < text.size() && count < max_code_points; ++count)
    i += utf8::starts_common_han(text, i) ? 3 : utf8::decode(text, i).length;
  if (i >= text.size()) return std::string(text);
  std::string out;
  static constexpr std::string_view kEllipsis = "…";
  out.reserve(i + kEllipsis.size());
  out.append(text.substr(0, i));
  out.append(kEllipsis);
  return out;
}

}  // namespace hlint::related
