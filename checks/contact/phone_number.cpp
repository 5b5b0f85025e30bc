// contact/phone-number: telephone numbers in the article text (`0531-67812828`,
// `13812345678`, `400-820-8820`): the mark of a hospital advertisement dressed
// as an article. Information only: a contact line may be legitimate.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "core/character_signature.hpp"
#include "core/finding_cap.hpp"
#include "core/check.hpp"
#include "core/utf8.hpp"
#include "contact/ascii_run.hpp"

namespace hlint {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::size_t digits_end(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  return pos;
}

bool starts_with_at(std::string_view text, std::size_t pos, std::string_view prefix) {
  return text.substr(pos, prefix.size()) == prefix;
}

// The separator inside a number (`0531-67812828`, `138 1234 5678`), or 0.
std::size_t separator_length(std::string_view text, std::size_t pos, bool allow_space) {
  if (pos >= text.size()) return 0;
  if (text[pos] == '-' || (allow_space && text[pos] == ' ')) return 1;
  if (starts_with_at(text, pos, "－")) return std::string_view("－").size();
  return 0;
}

// A number glued to a letter, a digit or URL/decimal punctuation is part of
// something else (an ID, a URL, `3.13812345678`).
bool boundary_before(std::string_view text, std::size_t pos) {
  if (pos == 0) return true;
  const char c = text[pos - 1];
  if (is_alnum(c)) return false;
  return std::string_view("./_-@#=&?%+\\").find(c) == std::string_view::npos;
}

// The bytes a number may start with: a digit, `(`, `+` and the first byte of
// `（` and `＋`. None of them is ever inside a UTF-8 character.
constexpr std::array<bool, 256> kStartBytes = [] {
  std::array<bool, 256> bytes{};
  for (char c = '0'; c <= '9'; ++c) bytes[static_cast<unsigned char>(c)] = true;
  bytes['('] = bytes['+'] = true;
  bytes[static_cast<unsigned char>(std::string_view("（").front())] = true;
  bytes[static_cast<unsigned char>(std::string_view("＋").front())] = true;
  return bytes;
}();

// The position of the next byte at or after pos a number may start with, or
// text.size(). A number has an ASCII digit within its first four bytes
// (`（0531）`, `＋86`): a start byte further than that before the next ASCII
// byte starts none, so only the three bytes before each ASCII byte and the
// byte itself are looked at.
std::size_t next_start_byte(std::string_view text, std::size_t pos) {
  constexpr std::size_t kLongestOpening = std::string_view("（").size();
  while (pos < text.size()) {
    const std::size_t ascii = contact::next_ascii(text, pos);
    for (pos = std::max(pos, ascii >= kLongestOpening ? ascii - kLongestOpening : 0); pos <= ascii && pos < text.size();
         ++pos)
      if (kStartBytes[static_cast<unsigned char>(text[pos])]) return pos;
  }
  return text.size();
}

// Whether text[pos] starts the three-byte character `character`, compared
// byte by byte in line (no call to memcmp: this runs for every `，` and `（`
// next to ASCII text).
bool has_character_at(std::string_view text, std::size_t pos, std::string_view character) {
  return text.size() - pos >= 3 && text[pos] == character[0] && text[pos + 1] == character[1] &&
         text[pos + 2] == character[2];
}

bool may_start(std::string_view text, std::size_t pos) {
  const char c = text[pos];
  return is_digit(c) || c == '(' || c == '+' || has_character_at(text, pos, "（") || has_character_at(text, pos, "＋");
}

bool boundary_after(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return true;
  const char c = text[pos];
  if (is_alnum(c) || c == '%' || c == '@') return false;
  if ((c == '.' || c == '-' || c == '/') && pos + 1 < text.size() && is_alnum(text[pos + 1])) return false;
  return true;
}

// `13000000000` is a count, not a phone.
bool is_degenerate(std::string_view digits) {
  return digits.size() > 4 && digits.find_first_not_of(digits[3], 3) == std::string_view::npos;
}

struct PhoneMatch {
  std::size_t end = 0;
  const char* kind = "";
};

// The end of a landline's local number at text[pos]: 7 or 8 digits, or two
// groups of 3-4 and 4 digits (`5888 9999`, `5888-9999`).
std::optional<std::size_t> local_number_end(std::string_view text, std::size_t pos) {
  const std::size_t first = digits_end(text, pos);
  const std::size_t length = first - pos;
  if ((length == 7 || length == 8) && boundary_after(text, first)) return first;
  if (length != 3 && length != 4) return std::nullopt;
  const std::size_t sep = separator_length(text, first, true);
  if (sep == 0) return std::nullopt;
  const std::size_t second = digits_end(text, first + sep);
  if (second - (first + sep) != 4 || !boundary_after(text, second)) return std::nullopt;
  return second;
}

// An extension after a landline number: `-801`, `转801`.
std::size_t extension_end(std::string_view text, std::size_t pos) {
  std::size_t p = pos;
  if (p < text.size() && text[p] == '-')
    ++p;
  else if (starts_with_at(text, p, "转"))
    p += std::string_view("转").size();
  else
    return pos;
  const std::size_t end = digits_end(text, p);
  return end > p && end - p <= 5 && boundary_after(text, end) ? end : pos;
}

std::optional<PhoneMatch> mobile_at(std::string_view text, std::size_t pos) {
  const std::size_t run = digits_end(text, pos);
  if (run - pos == 11 && text[pos] == '1' && text[pos + 1] >= '3' && !is_degenerate(text.substr(pos, 11)) &&
      boundary_after(text, run))
    return PhoneMatch{run, "mobile number"};
  // 138-1234-5678, 138 1234 5678
  if (run - pos != 3 || text[pos] != '1' || text[pos + 1] < '3') return std::nullopt;
  const std::size_t sep = separator_length(text, run, true);
  if (sep == 0) return std::nullopt;
  const std::size_t second = digits_end(text, run + sep);
  if (second - (run + sep) != 4 || text.substr(second, sep) != text.substr(run, sep)) return std::nullopt;
  const std::size_t third = digits_end(text, second + sep);
  if (third - (second + sep) != 4 || !boundary_after(text, third)) return std::nullopt;
  return PhoneMatch{third, "mobile number"};
}

std::optional<PhoneMatch> number_at(std::string_view text, std::size_t pos) {
  // (0531)67812828, （0531）67812828
  for (std::string_view open : {std::string_view("("), std::string_view("（")}) {
    if (!starts_with_at(text, pos, open)) continue;
    const std::size_t area = pos + open.size();
    const std::size_t area_end = digits_end(text, area);
    if (area_end - area < 3 || area_end - area > 4 || text[area] != '0') return std::nullopt;
    std::size_t p = area_end;
    if (starts_with_at(text, p, ")"))
      p += 1;
    else if (starts_with_at(text, p, "）"))
      p += std::string_view("）").size();
    else
      return std::nullopt;
    p += separator_length(text, p, true);
    const auto local_end = local_number_end(text, p);
    if (!local_end) return std::nullopt;
    return PhoneMatch{extension_end(text, *local_end), "landline number"};
  }
  // +86 138 1234 5678
  for (std::string_view plus : {std::string_view("+86"), std::string_view("＋86")}) {
    if (!starts_with_at(text, pos, plus)) continue;
    std::size_t p = pos + plus.size();
    p += separator_length(text, p, true);
    return mobile_at(text, p);
  }
  if (!is_digit(text[pos]) || !boundary_before(text, pos)) return std::nullopt;
  const std::size_t run = digits_end(text, pos);
  const std::size_t length = run - pos;
  if (auto mobile = mobile_at(text, pos)) return mobile;
  // 0531-67812828
  if ((length == 3 || length == 4) && text[pos] == '0') {
    const std::size_t sep = separator_length(text, run, false);
    if (sep == 0) return std::nullopt;
    const auto local_end = local_number_end(text, run + sep);
    if (!local_end) return std::nullopt;
    return PhoneMatch{extension_end(text, *local_end), "landline number"};
  }
  // 4008208820, 400-820-8820
  const std::string_view head = text.substr(pos, 3);
  if (head != "400" && head != "800") return std::nullopt;
  if (length == 10 && boundary_after(text, run)) return PhoneMatch{run, "service number"};
  if (length != 3) return std::nullopt;
  const std::size_t sep = separator_length(text, run, true);
  if (sep == 0) return std::nullopt;
  const std::size_t second = digits_end(text, run + sep);
  const std::size_t second_length = second - (run + sep);
  if (second_length < 3 || second_length > 4 || text.substr(second, sep) != text.substr(run, sep)) return std::nullopt;
  const std::size_t third = digits_end(text, second + sep);
  if (second_length + (third - (second + sep)) != 7 || !boundary_after(text, third)) return std::nullopt;
  return PhoneMatch{third, "service number"};
}

}  // namespace

class PhoneNumberCheck : public Check {
 public:
  static CheckInfo info() {
    return {
        "contact/phone-number",
        Severity::info,
        {{"max-per-file", OptionType::integer, "50", "report at most this many findings per file, then one summary"}},
        false};
  }
  explicit PhoneNumberCheck(const CheckOptions& options) : max_per_file_(options.get_int("max-per-file", 50)) {}

  void check(const Document& doc, Reporter& out) const override {
    FindingCap cap(out, max_per_file_);
    // Every number holds ASCII digits: the blocks without any are skipped.
    static constexpr AsciiSet kDigits("0123456789");
    const std::vector<TextBlock>& blocks = doc.blocks();
    const BlockCharacters& characters = doc.analysis<BlockCharacters>();
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      if (!characters.ascii[b].contains_any_of(kDigits)) continue;
      const TextBlock& block = blocks[b];
      const std::string_view text = block.text;
      // Skipping byte by byte to the next start byte steps over the same
      // characters as decoding would: a start byte is never inside one.
      for (std::size_t i = next_start_byte(text, 0); i < text.size(); i = next_start_byte(text, i)) {
        const char c = text[i];
        if (!may_start(text, i)) {
          ++i;
          continue;
        }
        if (const auto match = number_at(text, i)) {
          cap.report(block.span(i, match->end), [&] {
            return fmt::format("{} `{}` in the text: contact details are the mark of an advertisement", match->kind,
                               text.substr(i, match->end - i));
          });
          i = match->end;
          continue;
        }
        i = is_digit(c) ? digits_end(text, i) : i + utf8::decode(text, i).length;
      }
    }
    cap.finish("phone numbers");
  }

 private:
  long max_per_file_;
};

void add_phone_number_check(CheckRegistry& registry) { registry.add<PhoneNumberCheck>(); }

}  // namespace hlint
