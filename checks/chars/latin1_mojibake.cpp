#include "chars/latin1_mojibake.hpp"

#include "chars/legacy_codecs.hpp"
#include "core/utf8.hpp"

namespace hlint::chars {

namespace {

// Continuation bytes needed after a lead byte that a damaged character can
// start with; 0 for any other byte. Two-byte sequences are only taken from
// the leads of U+0080..U+00FF (`Â`, `Ã`): other two-byte leads are ordinary
// capitals (`É…` is French, not damage), unless they continue a run.
int continuation_count(int lead) {
  if (lead == 0xC2 || lead == 0xC3) return 1;
  if (lead >= 0xE0 && lead <= 0xEF) return 2;
  if (lead >= 0xF0 && lead <= 0xF4) return 3;
  return 0;
}

// Pinyin with a tone mark followed by two punctuation marks common in Chinese
// text (`hé”—`) forms a valid sequence by accident; alone, it is not damage.
bool looks_like_pinyin_and_punctuation(const std::string& bytes) {
  auto is_pinyin_lead = [](unsigned char b) {
    return b == 0xE0 || b == 0xE1 || b == 0xE8 || b == 0xE9 || b == 0xEC || b == 0xED;
  };
  auto is_common_punctuation = [](unsigned char b) { return b == 0x85 || (b >= 0x91 && b <= 0x97) || b == 0xB7; };
  return bytes.size() == 3 && is_pinyin_lead(static_cast<unsigned char>(bytes[0])) &&
         is_common_punctuation(static_cast<unsigned char>(bytes[1])) &&
         is_common_punctuation(static_cast<unsigned char>(bytes[2]));
}

}  // namespace

std::vector<Latin1Mojibake> find_latin1_mojibake(std::string_view text, std::size_t begin, std::size_t end) {
  std::vector<Latin1Mojibake> runs;
  std::size_t sequences_in_run = 0;
  std::string last_sequence;
  auto close_run = [&] {
    if (sequences_in_run == 1 && looks_like_pinyin_and_punctuation(last_sequence)) runs.pop_back();
    sequences_in_run = 0;
  };
  for (std::size_t i = begin; i < end;) {
    const auto lead = utf8::decode(text, i);
    const int lead_byte = lead.code_point < 0x80 ? -1 : windows_1252_byte(lead.code_point);
    int needed = lead_byte < 0 ? 0 : continuation_count(lead_byte);
    // Inside a run, any two-byte lead continues it: UTF-8 read as
    // Windows-1252 twice makes `Å¡` (the `š` of `çš„`, itself `的` damaged).
    const bool extends_run = sequences_in_run > 0 && runs.back().end == i;
    if (needed == 0 && extends_run && lead_byte >= 0xC4 && lead_byte <= 0xDF) needed = 1;
    std::size_t at = i + lead.length;
    std::string bytes;
    if (needed > 0) {
      bytes.push_back(static_cast<char>(lead_byte));
      for (int k = 0; k < needed && at < end; ++k) {
        const auto next = utf8::decode(text, at);
        const int byte = windows_1252_byte(next.code_point);
        if (byte < 0x80 || byte > 0xBF) break;
        bytes.push_back(static_cast<char>(byte));
        at += next.length;
      }
    }
    if (needed == 0 || bytes.size() != static_cast<std::size_t>(needed) + 1 ||
        utf8::valid_sequence_length(bytes, 0) != bytes.size()) {
      if (sequences_in_run > 0) close_run();
      i += lead.length;
      continue;
    }
    if (sequences_in_run > 0 && runs.back().end == i) {
      runs.back().end = at;
      runs.back().original += bytes;
    } else {
      if (sequences_in_run > 0) close_run();
      runs.push_back({i, at, bytes});
    }
    ++sequences_in_run;
    last_sequence = bytes;
    i = at;
  }
  if (sequences_in_run > 0) close_run();
  return runs;
}

}  // namespace hlint::chars
