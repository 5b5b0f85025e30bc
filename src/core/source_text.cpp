#include "core/source_text.hpp"

#include "core/file_io.hpp"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstring>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cctype>
#include <string>
#include <vector>
#include <memory>
#include <optional>

#include "core/resources.hpp"
#include "core/utf8.hpp"

namespace hlint {

std::string_view to_string(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8: return "UTF-8";
    case Encoding::utf8_bom: return "UTF-8 with BOM";
    case Encoding::gb18030: return "GB18030";
    case Encoding::utf16le: return "UTF-16LE";
    case Encoding::utf16be: return "UTF-16BE";
    case Encoding::big5: return "Big5";
    case Encoding::big5_hkscs: return "Big5-HKSCS";
    case Encoding::euc_tw: return "EUC-TW";
    case Encoding::shift_jis: return "Shift_JIS";
    case Encoding::euc_kr: return "EUC-KR";
  }
  return "?";
}

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool has_prefix(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

// Guesses UTF-16 without a BOM: text in UTF-16 has a NUL in every other byte
// for ASCII, which no other encoding hlint reads does.
std::optional<Encoding> guess_utf16(std::string_view bytes) {
  if (bytes.size() < 16) return std::nullopt;  // too little to tell
  // Chinese UTF-16 has too few NULs for the test below (file_io.hpp).
  if (auto little = sniff_chinese_utf16(bytes)) return *little ? Encoding::utf16le : Encoding::utf16be;
  std::size_t even_nul = 0, odd_nul = 0;
  const std::size_t n = std::min<std::size_t>(bytes.size(), 4096) & ~std::size_t{1};
  // Nearly every file has no NUL at all, which memchr tells fastest.
  if (std::memchr(bytes.data(), 0, n) == nullptr) return std::nullopt;
  for (std::size_t i = 0; i < n; i += 2) {
    if (bytes[i] == 0) ++even_nul;
    if (bytes[i + 1] == 0) ++odd_nul;
  }
  const std::size_t pairs = n / 2;
  if (odd_nul * 10 >= pairs * 3 && even_nul * 20 < pairs) return Encoding::utf16le;
  if (even_nul * 10 >= pairs * 3 && odd_nul * 20 < pairs) return Encoding::utf16be;
  return std::nullopt;
}

std::string detect_charset(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> detector(uchardet_new(),
                                                                                      uchardet_delete);
  if (!detector) return {};
  if (uchardet_handle_data(detector.get(), bytes.data(), bytes.size()) != 0) return {};
  uchardet_data_end(detector.get());
  const char* name = uchardet_get_charset(detector.get());
  return name ? std::string(name) : std::string();
}

// Counts invalid bytes and valid multi-byte sequences.
std::size_t count_invalid_utf8(std::string_view bytes, std::size_t* valid_multibyte) {
  std::size_t invalid = 0;
  *valid_multibyte = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = utf8::valid_sequence_length(bytes, i);
    if (len == 0) {
      ++invalid;
      ++i;
    } else {
      if (len > 1) ++*valid_multibyte;
      i += len;
    }
  }
  return invalid;
}

// A legacy multi-byte encoding a file may be in, besides GB18030.
struct LegacyEncoding {
  Encoding encoding;
  const char* iconv_name;
};

// The legacy encoding a charset label names (uchardet's names and the labels
// pages declare), if hlint reads it; GBK and GB2312 are read as GB18030,
// their superset.
std::optional<LegacyEncoding> legacy_encoding_named(std::string label) {
  std::transform(label.begin(), label.end(), label.begin(), [](unsigned char c) { return std::tolower(c); });
  if (label == "gb18030" || label == "gbk" || label == "gb2312" || label == "x-gbk" || label == "cp936" ||
      label == "hz-gb-2312")
    return LegacyEncoding{Encoding::gb18030, "GB18030"};
  if (label == "big5" || label == "x-x-big5" || label == "cp950") return LegacyEncoding{Encoding::big5, "CP950"};
  if (label == "big5-hkscs" || label == "big5hkscs") return LegacyEncoding{Encoding::big5_hkscs, "BIG5-HKSCS"};
  if (label == "euc-tw" || label == "x-euc-tw") return LegacyEncoding{Encoding::euc_tw, "EUC-TW"};
  if (label == "shift_jis" || label == "shift-jis" || label == "sjis" || label == "x-sjis" || label == "windows-31j")
    return LegacyEncoding{Encoding::shift_jis, "CP932"};
  if (label == "euc-kr" || label == "uhc" || label == "cp949" || label == "ks_c_5601-1987")
    return LegacyEncoding{Encoding::euc_kr, "CP949"};
  return std::nullopt;
}

// The charset a page declares in its first 2 KB, as browsers look for it:
// <meta charset=...>, <meta http-equiv=Content-Type content="...; charset=...">
// or <?xml ... encoding="..."?>.
std::string declared_charset(std::string_view bytes) {
  std::string head(bytes.substr(0, 2048));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const std::string_view key : {std::string_view("charset="), std::string_view("encoding=")}) {
    const std::size_t at = head.find(key);
    if (at == std::string::npos) continue;
    std::size_t begin = at + key.size();
    while (begin < head.size() && (head[begin] == '"' || head[begin] == '\'' || head[begin] == ' ')) ++begin;
    std::size_t end = begin;
    while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' ||
                                 head[end] == '_'))
      ++end;
    if (end > begin) return head.substr(begin, end - begin);
  }
  return {};
}

// How plausible decoded text is as the text of a page: the mean number of
// bits its non-ASCII characters cost, Han characters by their frequency
// (checks/data/han-frequency.txt, the table chars/mojibake uses), the others
// by class. Big5 read as GB18030 or GBK decodes into rare characters and
// private-use ones; the right encoding into common ones. The table is read
// on first use: only files that are not UTF-8 need it.
class PlausibilityModel {
 public:
  static const PlausibilityModel& get() {
    static const PlausibilityModel model;
    return model;
  }

  double mean_cost(std::string_view text) const {
    std::size_t characters = 0;
    double total = 0;
    for (std::size_t i = 0; i < text.size();) {
      const auto decoded = utf8::decode(text, i);
      i += decoded.length;
      if (decoded.code_point < 0x80) continue;
      ++characters;
      total += cost(decoded.code_point);
    }
    return characters == 0 ? 0.0 : total / static_cast<double>(characters);
  }

 private:
  static constexpr int kUnlistedHan = 26;
  static constexpr int kBroken = 30;  // U+FFFD, private use
  static constexpr int kPunctuation = 8;
  static constexpr int kLetters = 14;  // kana, Hangul, full-width forms
  static constexpr int kOther = 16;

  PlausibilityModel() : han_(0x9FFF - 0x3400 + 1, kUnlistedHan) {
    const std::string_view content = embedded_file("data/han-frequency.txt").value_or(std::string_view());
    for_each_data_line(content, [&](std::string_view line) {
      const auto decoded = utf8::decode(line, 0);
      if (decoded.code_point < 0x3400 || decoded.code_point > 0x9FFF || decoded.length + 1 >= line.size()) return;
      int cost = 0;
      const char* digits = line.data() + decoded.length + 1;
      if (std::from_chars(digits, line.data() + line.size(), cost).ec == std::errc() && cost > 0 && cost < 255)
        han_[decoded.code_point - 0x3400] = static_cast<std::uint8_t>(cost);
    });
  }

  int cost(char32_t cp) const {
    if (cp >= 0x3400 && cp <= 0x9FFF) return han_[cp - 0x3400];
    if (cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000) return kBroken;
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) || cp == 0xFF1A || cp == 0xFF1B ||
        cp == 0xFF1F || cp == 0x201C || cp == 0x201D)
      return kPunctuation;
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xFF10 && cp <= 0xFF5A))
      return kLetters;
    return kOther;
  }

  std::vector<std::uint8_t> han_;  // by code point - U+3400
};

// Candidates whose decodings differ by less than this many bits per
// non-ASCII character are a close call: the runner-up is named.
constexpr double kCloseCallBits = 1.5;
// A charset the page declares is kept unless another decodes the bytes with
// fewer bad runs or reads this many bits per character more plausibly.
constexpr double kDeclaredMarginBits = 2.0;

}  // namespace

// Decodes with iconv one character at a time so each output character keeps
// the offset of its own input bytes; iconv's EINVAL (incomplete input) tells
// us to offer one more byte.
class SourceDecoder {
 public:
  SourceDecoder(const char* from, std::size_t unit) : unit_(unit) {
    cd_ = iconv_open("UTF-8", from);
  }
  ~SourceDecoder() {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  SourceDecoder(const SourceDecoder&) = delete;
  SourceDecoder& operator=(const SourceDecoder&) = delete;

  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

  // Returns the number of undecodable byte runs.
  std::size_t run(std::string_view bytes, std::size_t start, SourceText& out) {
    std::size_t bad_runs = 0;
    std::array<char, 16> buffer{};
    std::size_t i = start;
    while (i < bytes.size()) {
      // Fast path for ASCII in byte-oriented encodings.
      if (unit_ == 1 && static_cast<unsigned char>(bytes[i]) < 0x80) {
        out.origin_.push_back(static_cast<std::uint32_t>(i));
        out.text_.push_back(bytes[i]);
        ++i;
        continue;
      }
      std::size_t consumed = 0;
      std::size_t produced = 0;
      for (std::size_t take = unit_; take <= 4 && i + take <= bytes.size(); take += unit_) {
        char* in = const_cast<char*>(bytes.data() + i);
        std::size_t in_left = take;
        char* outp = buffer.data();
        std::size_t out_left = buffer.size();
        iconv(cd_, nullptr, nullptr, nullptr, nullptr);
        const std::size_t r = iconv(cd_, &in, &in_left, &outp, &out_left);
        if (r != static_cast<std::size_t>(-1) && in_left == 0) {
          consumed = take;
          produced = buffer.size() - out_left;
          break;
        }
        if (errno != EINVAL) break;  // EILSEQ: these bytes are not a character
      }
      if (consumed == 0) {
        const std::size_t bad = std::min(unit_, bytes.size() - i);
        InvalidBytes invalid{out.text_.size(), 0, std::string(bytes.substr(i, bad))};
        for (std::size_t b = 0; b < bad; ++b) {
          for (std::size_t k = 0; k < kReplacement.size(); ++k) out.origin_.push_back(static_cast<std::uint32_t>(i + b));
          out.text_.append(kReplacement);
        }
        invalid.length = out.text_.size() - invalid.offset;
        if (!out.invalid_.empty() && out.invalid_.back().offset + out.invalid_.back().length == invalid.offset) {
          out.invalid_.back().length += invalid.length;
          out.invalid_.back().raw += invalid.raw;
        } else {
          out.invalid_.push_back(std::move(invalid));
          ++bad_runs;
        }
        i += bad;
        continue;
      }
      for (std::size_t k = 0; k < produced; ++k) out.origin_.push_back(static_cast<std::uint32_t>(i));
      out.text_.append(buffer.data(), produced);
      i += consumed;
    }
    out.origin_.push_back(static_cast<std::uint32_t>(bytes.size()));
    return bad_runs;
  }

 private:
  iconv_t cd_;
  std::size_t unit_;
};

namespace {

// UTF-8 with invalid bytes: each bad byte becomes U+FFFD, with a map.
void decode_utf8_lossy(std::string_view bytes, std::size_t start, SourceText& out,
                       std::string& text, std::vector<std::uint32_t>& origin,
                       std::vector<InvalidBytes>& invalid) {
  text.reserve(bytes.size() + 16);
  origin.reserve(bytes.size() + 16);
  for (std::size_t i = start; i < bytes.size();) {
    const std::size_t len = utf8::valid_sequence_length(bytes, i);
    if (len == 0) {
      const std::size_t at = text.size();
      for (std::size_t k = 0; k < kReplacement.size(); ++k) origin.push_back(static_cast<std::uint32_t>(i));
      text.append(kReplacement);
      if (!invalid.empty() && invalid.back().offset + invalid.back().length == at) {
        invalid.back().length += kReplacement.size();
        invalid.back().raw.push_back(bytes[i]);
      } else {
        invalid.push_back({at, kReplacement.size(), std::string(1, bytes[i])});
      }
      ++i;
    } else {
      for (std::size_t k = 0; k < len; ++k) origin.push_back(static_cast<std::uint32_t>(i + k));
      text.append(bytes.substr(i, len));
      i += len;
    }
  }
  origin.push_back(static_cast<std::uint32_t>(bytes.size()));
  (void)out;
}

}  // namespace

SourceText SourceText::from_utf8(std::string text) {
  SourceText source;
  source.original_size_ = text.size();
  source.text_ = std::move(text);
  return source;
}

SourceText SourceText::decode(std::string bytes) {
  SourceText source;
  source.original_size_ = bytes.size();
  std::string_view view(bytes);

  auto decode_with_iconv = [&](Encoding encoding, const char* name, std::size_t unit, std::size_t skip) {
    SourceDecoder decoder(name, unit);
    source.encoding_ = encoding;
    if (!decoder.ok()) {  // cannot happen with glibc; keep the bytes as they are
      decode_utf8_lossy(view, skip, source, source.text_, source.origin_, source.invalid_);
      return;
    }
    source.text_.reserve(bytes.size() + bytes.size() / 2);
    source.origin_.reserve(bytes.size() + bytes.size() / 2);
    decoder.run(view, skip, source);
  };

  if (has_prefix(view, "\xEF\xBB\xBF")) {
    source.encoding_ = Encoding::utf8_bom;
    if (utf8::valid_prefix_length(view.substr(3)) == view.size() - 3) {
      bytes.erase(0, 3);
      source.text_ = std::move(bytes);
      source.shift_ = 3;
    } else {
      decode_utf8_lossy(view, 3, source, source.text_, source.origin_, source.invalid_);
    }
    return source;
  }
  if (has_prefix(view, "\xFF\xFE")) {
    decode_with_iconv(Encoding::utf16le, "UTF-16LE", 2, 2);
    return source;
  }
  if (has_prefix(view, "\xFE\xFF")) {
    decode_with_iconv(Encoding::utf16be, "UTF-16BE", 2, 2);
    return source;
  }
  if (auto utf16 = guess_utf16(view)) {
    decode_with_iconv(*utf16, *utf16 == Encoding::utf16le ? "UTF-16LE" : "UTF-16BE", 2, 0);
    return source;
  }

  // The common case, valid UTF-8, is validated in bulk and kept as it is.
  if (utf8::valid_prefix_length(view) == view.size()) {
    source.encoding_ = Encoding::utf8;
    source.text_ = std::move(bytes);
    return source;
  }
  std::size_t valid_multibyte = 0;
  const std::size_t invalid = count_invalid_utf8(view, &valid_multibyte);
  // Not UTF-8. A UTF-8 file with some damage still has more valid
  // multi-byte sequences than bad bytes; a file in a legacy encoding read as
  // UTF-8 is mostly invalid (a short Big5 or GBK file may hold a pair or two
  // that happen to be valid). Such a file is tried in the legacy encodings,
  // whatever uchardet says (it is unsure on short files).
  const bool mostly_utf8 = valid_multibyte > 0 && invalid <= valid_multibyte;
  const std::string charset = mostly_utf8 ? std::string() : detect_charset(view);
  // Clearly not UTF-8: uchardet names a legacy encoding, or nearly every
  // non-ASCII byte is invalid. Otherwise (a few bad bytes among a little
  // valid UTF-8) a legacy encoding must decode the file without a bad byte.
  const bool says_gb = charset == "GB18030" || charset == "GBK" || charset == "GB2312" || charset == "HZ-GB-2312";
  const bool clearly_legacy = says_gb || invalid > valid_multibyte * 4 || legacy_encoding_named(charset);
  if (!mostly_utf8) {
    // The candidates, as a browser weighs them: the charset the page
    // declares, then uchardet's guess, then GB18030. Each is decoded
    // strictly; the fewest bad byte runs win, then the fewest private-use
    // characters (Big5 read as GB18030 is full of them); a tie keeps the
    // earlier candidate.
    std::vector<LegacyEncoding> candidates;
    auto add_candidate = [&](std::optional<LegacyEncoding> candidate) {
      if (!candidate) return;
      for (const LegacyEncoding& known : candidates)
        if (known.encoding == candidate->encoding) return;
      candidates.push_back(*candidate);
    };
    const std::optional<LegacyEncoding> declared = legacy_encoding_named(declared_charset(view));
    add_candidate(declared);
    add_candidate(legacy_encoding_named(charset));
    add_candidate(LegacyEncoding{Encoding::gb18030, "GB18030"});
    add_candidate(LegacyEncoding{Encoding::big5, "CP950"});
    // Each decoded strictly and scored: bad byte runs, then how plausible
    // the text reads (private-use characters cost the most).
    struct Scored {
      SourceText text;
      std::size_t bad_runs;
      double mean_cost;
    };
    std::vector<Scored> scored;
    for (const LegacyEncoding& candidate : candidates) {
      source = SourceText{};
      source.original_size_ = bytes.size();
      decode_with_iconv(candidate.encoding, candidate.iconv_name, 1, 0);
      const std::size_t bad_runs = source.invalid_.size();
      const double cost = PlausibilityModel::get().mean_cost(source.text_);
      scored.push_back({std::move(source), bad_runs, cost});
    }
    auto better = [](const Scored& a, const Scored& b) {
      return a.bad_runs != b.bad_runs ? a.bad_runs < b.bad_runs : a.mean_cost < b.mean_cost;
    };
    std::size_t best = 0;
    for (std::size_t k = 1; k < scored.size(); ++k)
      if (better(scored[k], scored[best])) best = k;
    // The declared charset (the first candidate) stays unless clearly worse.
    if (declared && best != 0 && scored[0].bad_runs == scored[best].bad_runs &&
        scored[0].mean_cost <= scored[best].mean_cost + kDeclaredMarginBits)
      best = 0;
    std::optional<Encoding> runner_up;
    double runner_up_gap = kCloseCallBits;
    for (std::size_t k = 0; k < scored.size(); ++k) {
      if (k == best || scored[k].bad_runs != scored[best].bad_runs) continue;
      const double gap = std::abs(scored[k].mean_cost - scored[best].mean_cost);
      if (gap < runner_up_gap) {
        runner_up_gap = gap;
        runner_up = scored[k].text.encoding_;
      }
    }
    // Keep the legacy decoding only if it explains the bytes better than UTF-8 would.
    if (scored[best].bad_runs < invalid && (clearly_legacy || scored[best].bad_runs == 0)) {
      SourceText chosen = std::move(scored[best].text);
      chosen.runner_up_ = runner_up;
      return chosen;
    }
    source = SourceText{};
    source.original_size_ = bytes.size();
  }
  source.encoding_ = Encoding::utf8;
  decode_utf8_lossy(view, 0, source, source.text_, source.origin_, source.invalid_);
  return source;
}

std::size_t SourceText::original_offset(std::size_t offset) const {
  if (origin_.empty()) return std::min(offset + shift_, original_size_);
  if (offset >= origin_.size()) return original_size_;
  return origin_[offset];
}

bool looks_binary(std::string_view bytes) {
  static constexpr std::array<std::string_view, 9> kSignatures = {
      "\x89PNG", "\xFF\xD8\xFF", "GIF8", "%PDF", "PK\x03\x04", "\x7F" "ELF", "\x1F\x8B", "BZh", "7z\xBC\xAF"};
  for (auto signature : kSignatures)
    if (has_prefix(bytes, signature)) return true;
  if (has_prefix(bytes, "\xFF\xFE") || has_prefix(bytes, "\xFE\xFF") || guess_utf16(bytes)) return false;
  const std::size_t n = std::min<std::size_t>(bytes.size(), 8192);
  if (n == 0) return false;
  if (std::memchr(bytes.data(), 0, n) != nullptr) return true;
  // Control bytes other than those text uses, counted a word of eight bytes
  // at a time. They are rare, and so are bytes below 0x20 at all: most blocks
  // of four words are skipped after a test that some byte is below 0x20
  // ((word - 0x20 in each byte) & ~word has a high bit set exactly then).
  // In the other blocks, each word's bytes below 0x20 are found exactly: for
  // a byte b, (b & 0x7F) + 0x60 carries into the high bit (and never beyond)
  // unless b & 0x7F is below 0x20; or-ed with b, the high bit is clear
  // exactly for the bytes below 0x20. Only those (line ends, tabs) are
  // classified one by one.
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighBits = kOnes * 0x80;
  constexpr std::size_t kWord = sizeof(std::uint64_t);
  constexpr std::size_t kBlock = 4 * kWord;
  auto is_control = [](unsigned char c) {
    return c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B;
  };
  auto word_at = [&](std::size_t at) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + at, sizeof word);
    return word;
  };
  std::size_t control = 0;
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    std::uint64_t any_below = 0;
    for (std::size_t at = i; at < i + kBlock; at += kWord) any_below |= (word_at(at) - kOnes * 0x20) & ~word_at(at);
    if ((any_below & kHighBits) == 0) continue;
    for (std::size_t at = i; at < i + kBlock; at += kWord) {
      const std::uint64_t word = word_at(at);
      for (std::uint64_t below = ~(((word & ~kHighBits) + kOnes * 0x60) | word) & kHighBits; below != 0;
           below &= below - 1)
        control += is_control(static_cast<unsigned char>(word >> (std::countr_zero(below) - 7)));
    }
  }
  for (; i < n; ++i) control += is_control(static_cast<unsigned char>(bytes[i]));
  return control * 10 > n;  // more than 10% control bytes
}

}  // namespace hlint
