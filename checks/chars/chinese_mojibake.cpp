#include "chars/chinese_mojibake.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <utility>

#include "chars/chars_scope.hpp"
#include "chars/han_word_model.hpp"
#include "chars/legacy_codecs.hpp"
#include "core/script_tables.hpp"
#include "core/utf8.hpp"

namespace hlint::chars {

namespace {

enum class Charset { utf8, gbk, big5, windows_1252, cp1251, cp1250, mac_roman, cp437 };

// The single-byte code pages other than Windows-1252.
const SingleByteCodec* single_byte_codec(Charset charset) {
  switch (charset) {
    case Charset::cp1251: return &cp1251_codec();
    case Charset::cp1250: return &cp1250_codec();
    case Charset::mac_roman: return &mac_roman_codec();
    case Charset::cp437: return &cp437_codec();
    default: return nullptr;
  }
}
bool is_single_byte(Charset charset) { return charset == Charset::windows_1252 || single_byte_codec(charset); }
// The byte a character stands for when bytes were read in a single-byte code page, or -1.
int single_byte_of(Charset read, char32_t cp) {
  if (read == Charset::windows_1252) return windows_1252_byte(cp);
  if (cp < 0x80) return static_cast<int>(cp);
  return single_byte_codec(read)->byte_of(cp);
}

// Bytes written in one encoding and read in another.
struct RoundTrip {
  Charset written;
  Charset read;
  std::string_view how;
  DamageKinds kind;         // the bit of damage_worth_trying that calls for it
  bool only_twice = false;  // looked for only as the outer layer of damage done twice
};

constexpr DamageKinds kUtf8AsGbk = 1;
constexpr DamageKinds kUtf8AsBig5 = 2;
constexpr DamageKinds kReadAsWindows1252 = 4;
constexpr DamageKinds kBig5AndGbkSwapped = 8;
constexpr DamageKinds kReadAsCodePage = 16;  // CP1251, CP1250, Mac OS Roman, CP437

// The round trips looked for in text. UTF-8 read as Windows-1252 is
// chars/latin1_mojibake's (it has its own rules for short runs); it is
// undone here only as a second layer of damage (repair_whole).
constexpr std::array<RoundTrip, 15> kRoundTrips = {{
    {Charset::utf8, Charset::gbk, "UTF-8 text decoded as GBK", kUtf8AsGbk},
    {Charset::utf8, Charset::big5, "UTF-8 text decoded as Big5", kUtf8AsBig5},
    {Charset::gbk, Charset::windows_1252, "GBK text decoded as Latin-1/Windows-1252", kReadAsWindows1252},
    {Charset::big5, Charset::windows_1252, "Big5 text decoded as Latin-1/Windows-1252", kReadAsWindows1252},
    {Charset::big5, Charset::gbk, "Big5 text decoded as GBK", kBig5AndGbkSwapped},
    {Charset::gbk, Charset::big5, "GBK text decoded as Big5", kBig5AndGbkSwapped},
    {Charset::utf8, Charset::windows_1252, "UTF-8 text decoded as Latin-1/Windows-1252", kReadAsWindows1252, true},
    {Charset::gbk, Charset::cp1251, "GBK text decoded as Cyrillic (Windows-1251)", kReadAsCodePage},
    {Charset::gbk, Charset::cp1250, "GBK text decoded as Central European (Windows-1250)", kReadAsCodePage},
    {Charset::gbk, Charset::mac_roman, "GBK text decoded as Mac OS Roman", kReadAsCodePage},
    {Charset::gbk, Charset::cp437, "GBK text decoded as DOS code page 437", kReadAsCodePage},
    {Charset::utf8, Charset::cp1251, "UTF-8 text decoded as Cyrillic (Windows-1251)", kReadAsCodePage},
    {Charset::utf8, Charset::cp1250, "UTF-8 text decoded as Central European (Windows-1250)", kReadAsCodePage},
    {Charset::utf8, Charset::mac_roman, "UTF-8 text decoded as Mac OS Roman", kReadAsCodePage},
    {Charset::utf8, Charset::cp437, "UTF-8 text decoded as DOS code page 437", kReadAsCodePage},
}};
constexpr RoundTrip kUtf8AsWindows1252 = {Charset::utf8, Charset::windows_1252,
                                          "UTF-8 text decoded as Latin-1/Windows-1252", kReadAsWindows1252};

constexpr std::string_view kDecodedTwice = "text decoded in a wrong encoding twice";

// A repaired run must average at most this many bits per character (plain
// Chinese averages 9 to 11; mojibake 17 and more) ...
constexpr int kPlausibleMeanCost = 14;
// ... and cost at least this many bits per repaired character less than the
// run as written.
constexpr int kMinGainPerCharacter = 4;
// A lost byte (U+FFFD) is guessed as the byte giving the most frequent
// character, when that one is at least this many bits cheaper than the next.
constexpr int kCertainGuessMargin = 3;
// Big5 read as GBK loses lead bytes (the commonest Big5 characters' leads
// fall in GBK's user-defined rows), and a lost lead leaves about a hundred
// characters of much the same frequency: one in six guesses at 3 bits was
// wrong on the evaluation set (none at 5): the best must be this much
// likelier. GBK read as Big5 guessed worse still while row C8 was ruled out
// (ReadBytes::eten_reader_rejects); since, 3 bits gave 13 more guessed fixes
// than 5, one of them wrong (`還` for `塞`), and it takes the common margin.
constexpr int kCertainLostLeadMargin = 5;
int certain_margin(Charset written, Charset read) {
  return written == Charset::big5 && read == Charset::gbk ? kCertainLostLeadMargin : kCertainGuessMargin;
}
// Simplified text read as GBK or Big5 (UTF-8 read as GBK, GBK read as Big5):
// a lost byte is also weighed with the word model (HanWordModel) over the
// text around it, whose guess is taken when it beats the next by this many
// bits (best_guess). Big5 text is Traditional, which the model does not
// know, and the single-byte code pages lose only a few values of a byte,
// which the frequency model tells as well (bench/accuracy/garbled/
// lm_experiment.py). On the evaluation set, UTF-8 read as GBK at 6 bits:
// restored exactly 0.510, fixes right 0.989 (the frequency model alone:
// 0.170, 0.986; at 5 and 7 bits, with the context stopping at the next
// guess: 0.500 and 0.470 exact, 0.981 and 0.988 right, against 0.487 and
// 0.989 at 6); UTF-8 Traditional text read as GBK (no word model where it
// shows) 0.962 right (0.965 before, 0.953 at 5 bits). GBK read as Big5 at
// 4 bits: 0.745 exact, 0.992 right (0.712, 0.994 before; taking the word
// model's guess alone, 2, 3, 4, 5 bits gave 0.740, 0.737, 0.727, 0.694
// exact, 0.986, 0.990, 0.994, 0.996 right).
constexpr int kCertainWordModelMargin = 6;
constexpr int kCertainWordModelMarginGbk = 4;  // GBK read as Big5
// Big5 read as GBK, weighed in its Simplified form (simplified_of): a lost
// lead leaves about a hundred characters, and at 6 bits one fix in sixteen
// was wrong (`一定的` for `指定的`): restored exactly 0.101, fixes right 0.940;
// 7 bits 0.066, 0.967; 8 bits 0.050, 1.000 (0.024, 1.000 before).
constexpr int kCertainWordModelMarginBig5 = 8;
// Characters of context on either side of the guess, and guesses of other
// lost bytes among those after it (their own likeliest characters): one
// restored 0.487 -> 0.510 of UTF-8 read as GBK exactly, fixes right 0.989
// as before; two, the same.
constexpr std::size_t kWordModelContext = 8;
constexpr int kWordModelGuessesAhead = 1;
// The options of a guess the word model weighs: the likeliest this many by
// frequency in context. 16, 32 and all 96 of the shortlist gave the same
// repairs of UTF-8 read as GBK (16: GBK read as Big5 0.737 -> 0.745 exact,
// fixes right 0.992); on 3 MB of nothing but such damage (24,000 lines of
// the evaluation set) hlint took 0.9 s before the word model, 4.2 s with 96,
// 2.7 s with 16 (1.6 s once its tables were open-addressed).
constexpr std::size_t kWordModelShortlist = 16;
bool uses_word_model(Charset written, Charset read) {
  return (written == Charset::utf8 || written == Charset::gbk) && (read == Charset::gbk || read == Charset::big5);
}
// Of the characters a lost byte may give, the likeliest this many are
// weighed with their neighbours.
constexpr std::size_t kGuessShortlist = 96;
// At most this many guesses of lost bytes in one run of damage: a text full
// of U+FFFD is not decoded at great cost (each guess tries up to 4,096 values).
constexpr int kMaxGuessesPerRun = 256;
// At most this many characters in a row with a lost byte.
constexpr int kMaxGuessedInARow = 2;
// Damage and repair share a character boundary at least every few characters
// (UTF-8 read as GBK: every two repaired characters); a decoding that goes on
// longer without one is no repair, and stopping it keeps the search linear.
constexpr std::size_t kMaxCharactersBetweenBoundaries = 8;
// GBK and Big5 read as each other keep a boundary at every character until
// a reader rejects a lead and goes on at the byte after it: the rest is
// read one byte out of step (`任何紧随的下文的行。` in GBK, read as Big5,
// `�庥彖襦瘚鰍蟲警鹹苤�`) up to the next byte it rejects, which brings it
// back in step: a stretch of such a clause shares no boundary in between.
constexpr std::size_t kMaxCharactersOutOfStep = 32;
std::size_t max_characters_between_boundaries(Charset written, Charset read) {
  const bool one_for_one = (written == Charset::gbk || written == Charset::big5) &&
                           (read == Charset::gbk || read == Charset::big5);
  return one_for_one ? kMaxCharactersOutOfStep : kMaxCharactersBetweenBoundaries;
}

// A byte a damaged character was read from; kLost for a byte the wrong
// decoding replaced with U+FFFD.
constexpr int kLost = -1;

const DoubleByteCodec& codec_of(Charset charset) { return charset == Charset::gbk ? gbk_codec() : big5_codec(); }

bool is_big5_eten_pair(unsigned code);

struct ReadBytes {
  Charset written = Charset::utf8;
  Charset read = Charset::gbk;
  const LostByteShortlists* shortlists = nullptr;  // the guesses of lost bytes already worked out
  int certain_margin = kCertainGuessMargin;  // bits by which a guessed character must beat the next
  // The word model's costs of the windows around guesses already weighed,
  // when the same text is decoded many times over (search_utf8_gbk_twice).
  std::unordered_map<std::u32string, int>* window_costs = nullptr;
  mutable int guesses_left = kMaxGuessesPerRun;
  std::vector<int> values;
  std::vector<std::size_t> char_starts;  // byte index where each character starts, plus the end

  // Whether the lost byte at `at` may have been `value`: the reader rejected
  // it. A GBK or Big5 reader rejects a lead byte only with the byte after it
  // (it then resumes at that byte), so a lost byte followed by a surviving
  // one was not a lead of a valid pair with it: this rules out most values.
  // Windows-1252 readers reject only its five undefined bytes.
  bool lost_may_be(std::size_t at, int value) const {
    if (read == Charset::windows_1252) return value == 0x81 || value == 0x8D || value == 0x8F || value == 0x90 || value == 0x9D;
    if (const SingleByteCodec* codec = single_byte_codec(read)) return codec->undefined(value);
    if (at + 1 >= values.size() || values[at + 1] == kLost) return true;
    return rejects_pair(value, values[at + 1]) || eten_reader_rejects(value, values[at + 1]);
  }
  // Whether the reader rejects `lead` followed by `next`.
  bool rejects_pair(int lead, int next) const {
    if (read != Charset::gbk && read != Charset::big5) return true;
    const DoubleByteCodec& codec = codec_of(read);
    return !codec.is_lead(static_cast<unsigned>(lead)) ||
           codec.decode(static_cast<unsigned>(lead), static_cast<unsigned>(next)) == 0;
  }
  // Whether the Big5 pair is one glibc reads as private use where the
  // readers with the ETEN rows (is_big5_eten_pair) have nothing: row C8 and
  // two pairs of C7, which hold the GBK pairs of common characters (`如`
  // C8 E7, `任` C8 CE). Those readers reject the lead and go on at the next
  // byte, so a lead of GBK text they lost before a surviving byte may have
  // been one of them.
  bool eten_reader_rejects(int lead, int next) const {
    if (written != Charset::gbk || read != Charset::big5) return false;
    const char32_t cp = codec_of(read).decode(static_cast<unsigned>(lead), static_cast<unsigned>(next));
    return cp >= 0xE000 && cp <= 0xF8FF && !is_big5_eten_pair(static_cast<unsigned>(lead << 8 | next));
  }
};

// The ETEN extension of Big5 (rows 0xC6..0xC8: kana, Cyrillic, circled
// numbers) that Python's, Windows' and most browsers' Big5 decoders have and
// glibc's maps to private use: GBK text read as Big5 by them turns the
// common characters whose GBK pairs fall there (`前` C7 B0 -> `ヶ`, `其` ->
// `む`, `情` -> `①`) into these, which split a run of damage in two and stay
// unrepaired between the halves. By code point, with their pairs.
constexpr std::array<std::pair<char32_t, std::uint16_t>, 249> kBig5Eten = {{
    {0x0401, 0xC7B3}, {0x0414, 0xC7B1}, {0x0415, 0xC7B2}, {0x0416, 0xC7B4}, {0x0417, 0xC7B5}, {0x0418, 0xC7B6},
    {0x0419, 0xC7B7}, {0x041A, 0xC7B8}, {0x041B, 0xC7B9}, {0x041C, 0xC7BA}, {0x0423, 0xC7BB}, {0x0424, 0xC7BC},
    {0x0425, 0xC7BD}, {0x0426, 0xC7BE}, {0x0427, 0xC7BF}, {0x0428, 0xC7C0}, {0x0429, 0xC7C1}, {0x042A, 0xC7C2},
    {0x042B, 0xC7C3}, {0x042C, 0xC7C4}, {0x042D, 0xC7C5}, {0x042E, 0xC7C6}, {0x042F, 0xC7C7}, {0x0430, 0xC7C8},
    {0x0431, 0xC7C9}, {0x0432, 0xC7CA}, {0x0433, 0xC7CB}, {0x0434, 0xC7CC}, {0x0435, 0xC7CD}, {0x0436, 0xC7CF},
    {0x0437, 0xC7D0}, {0x0438, 0xC7D1}, {0x0439, 0xC7D2}, {0x043A, 0xC7D3}, {0x043B, 0xC7D4}, {0x043C, 0xC7D5},
    {0x043D, 0xC7D6}, {0x043E, 0xC7D7}, {0x043F, 0xC7D8}, {0x0440, 0xC7D9}, {0x0441, 0xC7DA}, {0x0442, 0xC7DB},
    {0x0443, 0xC7DC}, {0x0444, 0xC7DD}, {0x0445, 0xC7DE}, {0x0446, 0xC7DF}, {0x0447, 0xC7E0}, {0x0448, 0xC7E1},
    {0x0449, 0xC7E2}, {0x044A, 0xC7E3}, {0x044B, 0xC7E4}, {0x044C, 0xC7E5}, {0x044D, 0xC7E6}, {0x044E, 0xC7E7},
    {0x044F, 0xC7E8}, {0x0451, 0xC7CE}, {0x2460, 0xC7E9}, {0x2461, 0xC7EA}, {0x2462, 0xC7EB}, {0x2463, 0xC7EC},
    {0x2464, 0xC7ED}, {0x2465, 0xC7EE}, {0x2466, 0xC7EF}, {0x2467, 0xC7F0}, {0x2468, 0xC7F1}, {0x2469, 0xC7F2},
    {0x2474, 0xC7F3}, {0x2475, 0xC7F4}, {0x2476, 0xC7F5}, {0x2477, 0xC7F6}, {0x2478, 0xC7F7}, {0x2479, 0xC7F8},
    {0x247A, 0xC7F9}, {0x247B, 0xC7FA}, {0x247C, 0xC7FB}, {0x247D, 0xC7FC}, {0x3005, 0xC6A4}, {0x3041, 0xC6A5},
    {0x3042, 0xC6A6}, {0x3043, 0xC6A7}, {0x3044, 0xC6A8}, {0x3045, 0xC6A9}, {0x3046, 0xC6AA}, {0x3047, 0xC6AB},
    {0x3048, 0xC6AC}, {0x3049, 0xC6AD}, {0x304A, 0xC6AE}, {0x304B, 0xC6AF}, {0x304C, 0xC6B0}, {0x304D, 0xC6B1},
    {0x304E, 0xC6B2}, {0x304F, 0xC6B3}, {0x3050, 0xC6B4}, {0x3051, 0xC6B5}, {0x3052, 0xC6B6}, {0x3053, 0xC6B7},
    {0x3054, 0xC6B8}, {0x3055, 0xC6B9}, {0x3056, 0xC6BA}, {0x3057, 0xC6BB}, {0x3058, 0xC6BC}, {0x3059, 0xC6BD},
    {0x305A, 0xC6BE}, {0x305B, 0xC6BF}, {0x305C, 0xC6C0}, {0x305D, 0xC6C1}, {0x305E, 0xC6C2}, {0x305F, 0xC6C3},
    {0x3060, 0xC6C4}, {0x3061, 0xC6C5}, {0x3062, 0xC6C6}, {0x3063, 0xC6C7}, {0x3064, 0xC6C8}, {0x3065, 0xC6C9},
    {0x3066, 0xC6CA}, {0x3067, 0xC6CB}, {0x3068, 0xC6CC}, {0x3069, 0xC6CD}, {0x306A, 0xC6CE}, {0x306B, 0xC6CF},
    {0x306C, 0xC6D0}, {0x306D, 0xC6D1}, {0x306E, 0xC6D2}, {0x306F, 0xC6D3}, {0x3070, 0xC6D4}, {0x3071, 0xC6D5},
    {0x3072, 0xC6D6}, {0x3073, 0xC6D7}, {0x3074, 0xC6D8}, {0x3075, 0xC6D9}, {0x3076, 0xC6DA}, {0x3077, 0xC6DB},
    {0x3078, 0xC6DC}, {0x3079, 0xC6DD}, {0x307A, 0xC6DE}, {0x307B, 0xC6DF}, {0x307C, 0xC6E0}, {0x307D, 0xC6E1},
    {0x307E, 0xC6E2}, {0x307F, 0xC6E3}, {0x3080, 0xC6E4}, {0x3081, 0xC6E5}, {0x3082, 0xC6E6}, {0x3083, 0xC6E7},
    {0x3084, 0xC6E8}, {0x3085, 0xC6E9}, {0x3086, 0xC6EA}, {0x3087, 0xC6EB}, {0x3088, 0xC6EC}, {0x3089, 0xC6ED},
    {0x308A, 0xC6EE}, {0x308B, 0xC6EF}, {0x308C, 0xC6F0}, {0x308D, 0xC6F1}, {0x308E, 0xC6F2}, {0x308F, 0xC6F3},
    {0x3090, 0xC6F4}, {0x3091, 0xC6F5}, {0x3092, 0xC6F6}, {0x3093, 0xC6F7}, {0x309D, 0xC6A2}, {0x309E, 0xC6A3},
    {0x30A1, 0xC6F8}, {0x30A2, 0xC6F9}, {0x30A3, 0xC6FA}, {0x30A4, 0xC6FB}, {0x30A5, 0xC6FC}, {0x30A6, 0xC6FD},
    {0x30A7, 0xC6FE}, {0x30A8, 0xC740}, {0x30A9, 0xC741}, {0x30AA, 0xC742}, {0x30AB, 0xC743}, {0x30AC, 0xC744},
    {0x30AD, 0xC745}, {0x30AE, 0xC746}, {0x30AF, 0xC747}, {0x30B0, 0xC748}, {0x30B1, 0xC749}, {0x30B2, 0xC74A},
    {0x30B3, 0xC74B}, {0x30B4, 0xC74C}, {0x30B5, 0xC74D}, {0x30B6, 0xC74E}, {0x30B7, 0xC74F}, {0x30B8, 0xC750},
    {0x30B9, 0xC751}, {0x30BA, 0xC752}, {0x30BB, 0xC753}, {0x30BC, 0xC754}, {0x30BD, 0xC755}, {0x30BE, 0xC756},
    {0x30BF, 0xC757}, {0x30C0, 0xC758}, {0x30C1, 0xC759}, {0x30C2, 0xC75A}, {0x30C3, 0xC75B}, {0x30C4, 0xC75C},
    {0x30C5, 0xC75D}, {0x30C6, 0xC75E}, {0x30C7, 0xC75F}, {0x30C8, 0xC760}, {0x30C9, 0xC761}, {0x30CA, 0xC762},
    {0x30CB, 0xC763}, {0x30CC, 0xC764}, {0x30CD, 0xC765}, {0x30CE, 0xC766}, {0x30CF, 0xC767}, {0x30D0, 0xC768},
    {0x30D1, 0xC769}, {0x30D2, 0xC76A}, {0x30D3, 0xC76B}, {0x30D4, 0xC76C}, {0x30D5, 0xC76D}, {0x30D6, 0xC76E},
    {0x30D7, 0xC76F}, {0x30D8, 0xC770}, {0x30D9, 0xC771}, {0x30DA, 0xC772}, {0x30DB, 0xC773}, {0x30DC, 0xC774},
    {0x30DD, 0xC775}, {0x30DE, 0xC776}, {0x30DF, 0xC777}, {0x30E0, 0xC778}, {0x30E1, 0xC779}, {0x30E2, 0xC77A},
    {0x30E3, 0xC77B}, {0x30E4, 0xC77C}, {0x30E5, 0xC77D}, {0x30E6, 0xC77E}, {0x30E7, 0xC7A1}, {0x30E8, 0xC7A2},
    {0x30E9, 0xC7A3}, {0x30EA, 0xC7A4}, {0x30EB, 0xC7A5}, {0x30EC, 0xC7A6}, {0x30ED, 0xC7A7}, {0x30EE, 0xC7A8},
    {0x30EF, 0xC7A9}, {0x30F0, 0xC7AA}, {0x30F1, 0xC7AB}, {0x30F2, 0xC7AC}, {0x30F3, 0xC7AD}, {0x30F4, 0xC7AE},
    {0x30F5, 0xC7AF}, {0x30F6, 0xC7B0}, {0x30FE, 0xC6A1}
}};

// The Big5 pair of a character of the ETEN extension, or 0.
std::uint16_t big5_eten_pair(char32_t cp) {
  const auto it = std::lower_bound(kBig5Eten.begin(), kBig5Eten.end(), cp,
                                   [](const std::pair<char32_t, std::uint16_t>& e, char32_t c) { return e.first < c; });
  return it != kBig5Eten.end() && it->first == cp ? it->second : 0;
}

// Whether a Big5 pair is one of the ETEN rows' characters.
bool is_big5_eten_pair(unsigned code) {
  static const std::vector<bool> pairs = [] {
    std::vector<bool> out(0x10000, false);
    for (const auto& [cp, pair] : kBig5Eten) out[pair] = true;
    return out;
  }();
  return code < 0x10000 && pairs[code];
}

// Appends the bytes a character was read from. False: the character cannot
// be part of this kind of damage (ASCII never is: the damage never makes it).
bool append_read_bytes(const RoundTrip& trip, char32_t cp, std::vector<int>& out) {
  const Charset read = trip.read;
  // A trail byte of GBK or Big5 may be ASCII (0x40..0x7E): read as
  // Windows-1252 it is a letter after the lead (`¦s`), and GBK and Big5
  // readers that reject a pair keep it (`�j`: Big5 A4 6A read as GBK). It
  // stays in the run after a byte that may be a lead.
  if (cp < 0x80) {
    const bool double_byte_written = trip.written == Charset::gbk || trip.written == Charset::big5;
    // Also after a whole pair whose second byte may be a lead: Big5 read as
    // GBK out of step (`铅C` is the bytes C7 A6 43, Big5 `…列`).
    const bool double_byte_read = read == Charset::gbk || read == Charset::big5;
    const bool after_lead = !out.empty() && (out.back() == kLost || ((is_single_byte(read) || double_byte_read) &&
                                                                     out.back() >= 0x81));
    if (!double_byte_written || !after_lead || cp < 0x40 || cp > 0x7E) return false;
  }
  if (cp < 0x80) {
    out.push_back(static_cast<int>(cp));
    return true;
  }
  if (cp == 0xFFFD) {
    out.push_back(kLost);
    return true;
  }
  if (is_single_byte(read)) {
    const int byte = single_byte_of(read, cp);
    if (byte < 0x80) return false;
    out.push_back(byte);
    return true;
  }
  if (read == Charset::utf8) return false;
  std::uint16_t pair = codec_of(read).encode(cp);
  if (pair == 0 && read == Charset::big5) pair = big5_eten_pair(cp);
  if (pair == 0) return false;
  out.push_back(pair >> 8);
  out.push_back(pair & 0xFF);
  return true;
}

// One character decoded from the bytes in the encoding they were written in.
struct WrittenChar {
  std::size_t length = 0;  // bytes; 0: no character starts here
  char32_t cp = 0;
  int cost = 0;
  bool guessed = false;  // some byte was lost and is guessed
  bool certain = true;   // the guess is clearly the best
};

// The characters around one being guessed (0: none or unknown), and for the
// word model the text on either side as far as it is known (repaired before
// it, decoded with no guess after it).
struct Neighbours {
  char32_t before = 0;
  char32_t after = 0;
  std::u32string_view left{};
  std::u32string_view right{};
};

// The Simplified form of a Traditional character, or the character itself:
// OpenCC's STCharacters compiled into hlint (core/script_tables.hpp), each
// Simplified character's default Traditional spelling mapped back (3,980;
// none when OpenCC's data was missing at build time).
char32_t simplified_of(char32_t cp) {
  static const std::unordered_map<char32_t, char32_t> simplified = [] {
    std::unordered_map<char32_t, char32_t> out;
    for (std::size_t k = 0; k < script_tables::kCharactersSize; ++k) {
      const script_tables::ScriptEntry& entry = script_tables::kCharacters[k];
      if (entry.key.empty() || entry.value.empty()) continue;
      const auto s = utf8::decode(entry.key, 0);
      const auto t = utf8::decode(entry.value, 0);
      if (s.length != entry.key.size() || t.length != entry.value.size() || s.code_point == t.code_point) continue;
      out.try_emplace(t.code_point, s.code_point);
    }
    return out;
  }();
  const auto it = simplified.find(cp);
  return it == simplified.end() ? cp : it->second;
}

// What the guesses of the lost bytes of the character at `at` depend on, as
// one number: the encodings, the character's bytes (lost ones marked), and
// the byte after it when its last byte was lost (a GBK or Big5 reader
// rejected that byte with the next one: lost_may_be). Nothing else: the
// values tried, their order and the frequency model are the same for all.
std::uint64_t lost_pattern(const ReadBytes& read_bytes, std::size_t at, std::size_t length) {
  constexpr int kLostOrNone = 256;  // a lost byte, or no byte after the character
  auto nine_bits = [](int byte) { return static_cast<std::uint64_t>(byte == kLost ? kLostOrNone : byte); };
  std::uint64_t pattern = static_cast<std::uint64_t>(read_bytes.written);
  pattern = pattern << 3 | static_cast<std::uint64_t>(read_bytes.read);
  pattern = pattern << 3 | length;
  for (std::size_t k = 0; k < 4; ++k) pattern = pattern << 9 | (k < length ? nine_bits(read_bytes.values[at + k]) : 0);
  const std::size_t after = at + length;
  const bool last_lost = read_bytes.values[after - 1] == kLost;
  const int next = !last_lost ? 0 : after < read_bytes.values.size() ? read_bytes.values[after] : kLost;
  return pattern << 9 | nine_bits(next);  // 3 + 3 + 3 + 36 + 9 bits
}

// Enumerates the values of the lost bytes of one character and keeps the
// cheapest character. `candidates(k)` lists the values byte k may take;
// `decode(bytes)` gives the character of complete bytes, or 0.
template <typename Decode>
WrittenChar best_guess(const ReadBytes& read_bytes, std::size_t at, std::size_t length,
                       const std::array<std::pair<int, int>, 4>& ranges, const HanFrequencyModel& model,
                       const Neighbours& neighbours, Decode&& decode) {
  WrittenChar result;
  const std::vector<int>& bytes = read_bytes.values;
  std::array<int, 4> value{};
  std::array<std::size_t, 4> lost{};
  std::size_t lost_count = 0;
  for (std::size_t k = 0; k < length; ++k) {
    value[k] = bytes[at + k];
    if (value[k] == kLost) lost[lost_count++] = k;
  }
  if (lost_count > 2 || (lost_count > 0 && read_bytes.guesses_left-- <= 0)) return result;
  // The characters the lost bytes may give, with their own costs; the
  // likeliest few (kGuessShortlist), cheapest first.
  auto shortlist_of_values = [&] {
    std::vector<std::pair<int, char32_t>> options;
    auto try_values = [&](auto&& self, std::size_t index) -> void {
      if (index == lost_count) {
        // Two lost bytes in a row: the first was rejected with the second.
        for (std::size_t j = 0; j + 1 < lost_count; ++j)
          if (lost[j + 1] == lost[j] + 1 && !read_bytes.rejects_pair(value[lost[j]], value[lost[j + 1]])) return;
        const char32_t cp = decode(value);
        if (cp != 0) options.emplace_back(lost_count == 0 ? model.cost(cp) : model.own_cost(cp), cp);
        return;
      }
      const std::size_t k = lost[index];
      for (int v = ranges[k].first; v <= ranges[k].second; ++v) {
        if (!read_bytes.lost_may_be(at + k, v)) continue;
        value[k] = v;
        self(self, index + 1);
      }
      value[k] = kLost;
    };
    try_values(try_values, 0);
    const std::size_t shortlist = std::min(options.size(), kGuessShortlist);
    std::partial_sort(options.begin(), options.begin() + static_cast<std::ptrdiff_t>(shortlist), options.end());
    options.resize(shortlist);
    return options;
  };
  // Nothing to guess (one option at most): no pattern worth keeping.
  std::vector<std::pair<int, char32_t>> options =
      lost_count == 0 || read_bytes.shortlists == nullptr
          ? shortlist_of_values()
          : read_bytes.shortlists->get(lost_pattern(read_bytes, at, length), shortlist_of_values);
  // A word with a neighbour lowers the cost of the likeliest few.
  if (lost_count > 0 && (neighbours.before != 0 || neighbours.after != 0))
    for (auto& [cost, cp] : options) cost = model.cost_in_context(neighbours.before, cp, neighbours.after);
  auto best_of = [](const std::vector<std::pair<int, char32_t>>& costs, int& best, int& second) {
    best = second = 1 << 30;
    char32_t best_cp = 0;
    for (const auto& [cost, cp] : costs) {
      if (cost < best) {
        second = best;
        best = cost;
        best_cp = cp;
      } else if (cost < second) {
        second = cost;
      }
    }
    return best_cp;
  };
  int best = 0, second = 0;
  char32_t best_cp = best_of(options, best, second);
  if (best_cp == 0) return result;
  // A lost byte is guessed for sure only as a Han character or Chinese
  // punctuation: where the likeliest value the reader can have rejected
  // gives a full-width letter (`不要创建Ｎ何文件` for `不要创建任何文件`:
  // glibc's Big5 reads C8 CE, the GBK pair of 任, as a private-use character,
  // so 任 is ruled out, while the Big5 reader that did the damage rejected
  // it), the byte lost is one the codec tables do not tell: such guesses
  // were 17 of the 18 wrong guessed fixes of GBK read as Big5 on the
  // evaluation set, and none was right.
  auto chinese = [](char32_t cp) { return utf8::is_han(cp) || utf8::is_cjk_punctuation(cp); };
  bool certain = lost_count == 0 || (second - best >= read_bytes.certain_margin && chinese(best_cp));
  // With the word model, each option is weighed in the text around it
  // (tenths of a bit). Its guess, when clearly the best, is taken; when not,
  // the frequency model's stands, sure only if both models agree on it.
  // Traditional text (a character around the guess that Simplified text
  // writes otherwise: its own cost is dearer than its Simplified form's) is
  // left to the frequency model: the word model, Simplified, weighs a guess
  // there as it would in Simplified text (UTF-8 Traditional read as GBK:
  // fixes right 0.965 with the frequency model, 0.954 with the word model).
  auto traditional = [&](std::u32string_view text) {
    return std::any_of(text.begin(), text.end(), [&](char32_t cp) { return model.own_cost(cp) > model.cost(cp); });
  };
  const HanWordModel* words = nullptr;
  // Big5 text read as GBK is Traditional: weighed in its Simplified form
  // (simplified_of), character by character.
  const bool to_simplified = read_bytes.written == Charset::big5 && read_bytes.read == Charset::gbk;
  if (lost_count > 0 && options.size() > 1 && (!neighbours.left.empty() || !neighbours.right.empty()) &&
      ((uses_word_model(read_bytes.written, read_bytes.read) && !traditional(neighbours.left) &&
        !traditional(neighbours.right)) ||
       to_simplified))
    words = HanWordModel::shared();
  if (words != nullptr) {
    std::u32string window(neighbours.left);
    const std::size_t at_guess = window.size();
    window.push_back(0);
    window.append(neighbours.right);
    if (to_simplified)
      for (char32_t& cp : window) cp = simplified_of(cp);
    // Only the likeliest few by frequency in context are weighed.
    if (options.size() > kWordModelShortlist) {
      std::partial_sort(options.begin(), options.begin() + static_cast<std::ptrdiff_t>(kWordModelShortlist),
                        options.end());
      options.resize(kWordModelShortlist);
    }
    for (auto& [cost, cp] : options) {
      window[at_guess] = to_simplified ? simplified_of(cp) : cp;
      if (read_bytes.window_costs == nullptr) {
        cost = words->cost(window);
      } else {
        const auto [it, added] = read_bytes.window_costs->try_emplace(window, 0);
        if (added) it->second = words->cost(window);
        cost = it->second;
      }
    }
    int word_best = 0, word_second = 0;
    const char32_t word_cp = best_of(options, word_best, word_second);
    const int margin = 10 * (read_bytes.written == Charset::gbk ? kCertainWordModelMarginGbk
                             : to_simplified ? kCertainWordModelMarginBig5 : kCertainWordModelMargin);
    if (word_second - word_best >= margin) {
      best_cp = word_cp;
      certain = chinese(word_cp);
    } else {
      certain = certain && word_cp == best_cp;
    }
  }
  result.length = length;
  result.cp = best_cp;
  result.cost = model.cost(best_cp);
  result.guessed = lost_count > 0;
  result.certain = certain;
  return result;
}

WrittenChar decode_utf8_at(const ReadBytes& read_bytes, std::size_t at, const HanFrequencyModel& model,
                           const Neighbours& neighbours) {
  const std::vector<int>& bytes = read_bytes.values;
  const int lead = bytes[at];
  std::size_t length = 3;  // a lost lead byte is taken to start a Han character or CJK punctuation
  if (lead != kLost) {
    if (lead < 0x80) return {1, static_cast<char32_t>(lead), model.cost(static_cast<char32_t>(lead))};
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
    else return {};
  }
  if (at + length > bytes.size()) return {};
  std::array<std::pair<int, int>, 4> ranges = {{{0xE0, 0xEF}, {0x80, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}};
  return best_guess(read_bytes, at, length, ranges, model, neighbours, [&](const std::array<int, 4>& value) -> char32_t {
    std::array<char, 4> raw{};
    for (std::size_t k = 0; k < length; ++k) raw[k] = static_cast<char>(value[k]);
    const std::string_view view(raw.data(), length);
    if (utf8::valid_sequence_length(view, 0) != length) return 0;
    return utf8::decode(view, 0).code_point;
  });
}

WrittenChar decode_double_byte_at(const DoubleByteCodec& codec, const ReadBytes& read_bytes, std::size_t at,
                                  const HanFrequencyModel& model, const Neighbours& neighbours) {
  const std::vector<int>& bytes = read_bytes.values;
  const int lead = bytes[at];
  if (lead != kLost && lead < 0x80) return {1, static_cast<char32_t>(lead), model.cost(static_cast<char32_t>(lead))};
  if (lead != kLost && !codec.is_lead(static_cast<unsigned>(lead))) return {};
  if (at + 2 > bytes.size()) return {};
  const std::array<std::pair<int, int>, 4> ranges = {{{0x81, 0xFE}, {0x40, 0xFE}, {0, 0}, {0, 0}}};
  return best_guess(read_bytes, at, 2, ranges, model, neighbours, [&](const std::array<int, 4>& value) -> char32_t {
    return codec.decode(static_cast<unsigned>(value[0]), static_cast<unsigned>(value[1]));
  });
}

WrittenChar decode_written_at(Charset written, const ReadBytes& bytes, std::size_t at,
                              const HanFrequencyModel& model, const Neighbours& neighbours = {}) {
  if (written == Charset::utf8) return decode_utf8_at(bytes, at, model, neighbours);
  return decode_double_byte_at(codec_of(written), bytes, at, model, neighbours);
}

// What decoding a stretch of bytes gave.
struct Repair {
  std::string text;
  int cost = 0;
  std::size_t characters = 0;  // all
  std::size_t decoded = 0;     // non-ASCII characters decoded from bytes that all survived
  std::size_t guessed = 0;     // characters with a lost byte
  std::size_t chinese = 0;     // Han characters and Chinese punctuation
  bool certain = true;
};

// Whether a repair of damaged characters costing `damaged_cost` bits is
// clearly better Chinese than they are.
// `minimum`: characters that must have been decoded from surviving bytes.
bool is_plausible(const Repair& repair, std::size_t minimum) {
  return repair.characters > 0 && repair.decoded >= minimum && repair.guessed <= repair.decoded &&
         repair.chinese * 2 >= repair.characters + repair.guessed && repair.chinese >= minimum &&
         repair.cost <= kPlausibleMeanCost * static_cast<int>(repair.characters);
}
// Whether one character makes more than half of a repair of four or more: a
// box-drawing table (`├──────┼───┤`) read back from DOS code page 437 as GBK
// gives `媚哪哪哪哪呐哪哪`, which Chinese prose never is.
bool is_repetitive(std::string_view text, std::size_t characters, std::size_t at_least) {
  if (characters < at_least) return false;
  std::vector<char32_t> cps;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    cps.push_back(d.code_point);
    i += d.length;
  }
  std::sort(cps.begin(), cps.end());
  std::size_t longest = 0;
  for (std::size_t i = 0, j = 0; i < cps.size(); i = j) {
    while (j < cps.size() && cps[j] == cps[i]) ++j;
    longest = std::max(longest, j - i);
  }
  return longest * 2 > cps.size();
}
bool is_clear_gain(const Repair& repair, int damaged_cost, int gain_per_character) {
  return damaged_cost - repair.cost >= gain_per_character * static_cast<int>(repair.characters);
}

// How much evidence a round trip needs. Where the damage has more characters
// than the text (UTF-8 read as GBK: 3 bytes become 1.5 characters; GBK read
// as Latin-1: 2), the strict decoding alone rules out nearly all plain text.
// Big5 and GBK read as each other keep one character per character and
// decode nearly any text: a clearly better repair counts, and a short one
// (two characters: `鼯鼠` reads back as `挠公`) only when much better and
// not a doubled character (`扑簌簌` reads back as `シ罰罰`).
struct Evidence {
  std::size_t min_characters;
  int gain_per_character;
  std::size_t short_below = 0;  // repairs with fewer decoded characters are short
  int short_gain_per_character = 0;
  std::size_t repetitive_from = 4;  // a repair this long or longer must not be mostly one character
};
Evidence evidence_for(const RoundTrip& trip) {
  const bool one_for_one = (trip.written == Charset::gbk || trip.written == Charset::big5) &&
                           (trip.read == Charset::gbk || trip.read == Charset::big5);
  return one_for_one ? Evidence{2, 5, 3, 7, 2} : Evidence{2, kMinGainPerCharacter};
}
// GBK read as Big5 in a word of its own between ASCII (man pages and
// scraped lists space their words: ` 睫瘍靡備 ` for ` 符号名称 `), where the
// same damage is kept on the line: a smaller gain counts, per character (2
// bits restored 27 more cases of the evaluation set, every new fix right;
// 4 bits left `靡備` for `名称`).
constexpr int kWordOfItsOwnGain = 2;
bool is_short(const Repair& repair, const Evidence& evidence) { return repair.decoded < evidence.short_below; }

struct Candidate {
  std::size_t first = 0;  // damaged characters [first, last) of the code points
  std::size_t last = 0;
  Repair repair;
  std::string_view how;
  int gain = 0;
  bool weak = false;  // too short to count alone; kept when the same damage is proven nearby
  bool lone = false;  // one character of GBK read as Big5: kept only when the same damage is found nearby
};

// Whether text holds a character beyond ASCII that is neither Han nor Chinese punctuation.
bool has_foreign_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    i += d.length;
    if (d.code_point >= 0x80 && !utf8::is_han(d.code_point) && !utf8::is_cjk_punctuation(d.code_point)) return true;
  }
  return false;
}

// Whether two neighbouring characters of text make a common word (han-words.txt).
bool has_common_word(std::string_view text, const HanFrequencyModel& model) {
  char32_t previous = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    i += d.length;
    if (previous != 0 && model.cost_in_context(previous, d.code_point, 0) < model.own_cost(d.code_point)) return true;
    previous = d.code_point;
  }
  return false;
}

// Whether a repair of GBK read as Big5 is a Han character and the Chinese
// punctuation after it (`脹﹝` for `等。`, `硉ㄛ` for `值，`): the end of a
// clause, sure as a common word is (no such repair of the evaluation set was
// wrong; the one with the punctuation first, `：札`, was).
bool is_han_and_stop(const RoundTrip& trip, std::string_view text) {
  if (trip.written != Charset::gbk || trip.read != Charset::big5) return false;
  std::size_t i = 0;
  const auto first = utf8::decode(text, i);
  i += first.length;
  if (i >= text.size()) return false;
  const auto second = utf8::decode(text, i);
  return i + second.length == text.size() && utf8::is_han(first.code_point) &&
         utf8::is_cjk_punctuation(second.code_point);
}

// Guesses the lost bytes of a stretch again, each with the stretch's
// characters on both sides as decoded (the greedy decoding saw after a
// guess only the characters up to the next one, each guess of those its
// own likeliest), and rebuilds the repair from them.
template <typename Pieces>
void refine_guesses(Charset written, const ReadBytes& bytes, const HanFrequencyModel& model, Pieces& pieces,
                    Repair& repair) {
  std::u32string left, right;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (!pieces[i].c.guessed) continue;
    left.clear();
    right.clear();
    for (std::size_t k = i > kWordModelContext ? i - kWordModelContext : 0; k < i; ++k) left.push_back(pieces[k].c.cp);
    for (std::size_t k = i + 1; k < pieces.size() && right.size() < kWordModelContext; ++k) right.push_back(pieces[k].c.cp);
    const char32_t before = i > 0 ? pieces[i - 1].c.cp : 0;
    const char32_t after = i + 1 < pieces.size() && !pieces[i + 1].c.guessed ? pieces[i + 1].c.cp : 0;
    const WrittenChar c = decode_written_at(written, bytes, pieces[i].at, model, {before, after, left, right});
    if (c.length == pieces[i].c.length) pieces[i].c = c;
  }
  repair.text.clear();
  repair.cost = 0;
  repair.chinese = 0;
  repair.certain = true;
  for (const auto& piece : pieces) {
    utf8::append(repair.text, piece.c.cp);
    repair.cost += piece.c.cost;
    repair.certain = repair.certain && piece.c.certain;
    if (utf8::is_han(piece.c.cp) || utf8::is_cjk_punctuation(piece.c.cp)) ++repair.chinese;
  }
}

// Decodes the run's bytes greedily: from a character boundary, as many
// written characters as decode, ending at a boundary of the damaged
// characters. Calls on_stretch(first byte, end byte, repair) for each.
template <typename OnStretch>
void decode_stretches(Charset written, const ReadBytes& bytes, const HanFrequencyModel& model,
                      OnStretch&& on_stretch) {
  const std::size_t n = bytes.values.size();
  std::vector<bool> boundary(n + 1, false);
  for (std::size_t start : bytes.char_starts) boundary[start] = true;
  const std::size_t max_between = max_characters_between_boundaries(written, bytes.read);
  std::size_t start = 0;
  while (start < n) {
    // The repair as it stood at the last boundary: its counts, and how much
    // of repair.text it had. (Copying the text at every boundary made a long
    // stretch quadratic: 0.4 s for 800 KB of mojibake, 1.7 s for 1.6 MB.)
    Repair repair, at_boundary;
    std::size_t at_boundary_bytes = 0;
    // Each character decoded, for guessing again in context (refine_guesses).
    struct Piece {
      std::size_t at;
      WrittenChar c;
    };
    std::vector<Piece> pieces;
    std::size_t at_boundary_pieces = 0;
    std::size_t good_end = start;
    char32_t before = 0;
    std::u32string left, right;  // context of a guess
    int guessed_in_a_row = 0;
    std::size_t since_boundary = 0;  // characters decoded since the last boundary of both
    for (std::size_t at = start; at < n;) {
      WrittenChar c = decode_written_at(written, bytes, at, model);
      if (c.length == 0 || since_boundary > max_between) break;
      // Guesses with no surviving character between them are no evidence
      // (a run of U+FFFD decodes as anything): the stretch ends there.
      guessed_in_a_row = c.guessed ? guessed_in_a_row + 1 : 0;
      if (guessed_in_a_row > kMaxGuessedInARow) break;
      if (c.guessed) {
        // Guessed again knowing its neighbours, when the next one is whole:
        // the characters decoded after it up to the next guess, and those
        // repaired before it.
        right.clear();
        bool next_whole = false;
        int guesses_ahead = 0;
        for (std::size_t ahead = at + c.length; ahead < n && right.size() < kWordModelContext;) {
          const WrittenChar next = decode_written_at(written, bytes, ahead, model);
          if (next.length == 0 || (next.guessed && ++guesses_ahead > kWordModelGuessesAhead)) break;
          if (right.empty()) next_whole = !next.guessed;
          right.push_back(next.cp);
          ahead += next.length;
        }
        left.clear();
        for (std::size_t i = repair.text.size(); i > 0 && left.size() < kWordModelContext;) {
          do --i;
          while (i > 0 && (static_cast<unsigned char>(repair.text[i]) & 0xC0) == 0x80);
          left.insert(left.begin(), utf8::decode(repair.text, i).code_point);
        }
        c = decode_written_at(written, bytes, at, model,
                              {before, next_whole ? right.front() : char32_t{0}, left, right});
      }
      before = c.cp;
      pieces.push_back({at, c});
      at += c.length;
      utf8::append(repair.text, c.cp);
      repair.cost += c.cost;
      ++repair.characters;
      if (c.guessed) ++repair.guessed;
      else if (c.cp >= 0x80) ++repair.decoded;
      repair.certain = repair.certain && c.certain;
      if (utf8::is_han(c.cp) || utf8::is_cjk_punctuation(c.cp)) ++repair.chinese;
      ++since_boundary;
      if (boundary[at] && c.cp >= 0x80) {  // a stretch ends with damage, not with an ASCII byte
        since_boundary = 0;
        good_end = at;
        at_boundary = Repair{{}, repair.cost, repair.characters, repair.decoded, repair.guessed, repair.chinese,
                             repair.certain};
        at_boundary_bytes = repair.text.size();
        at_boundary_pieces = pieces.size();
      }
    }
    if (good_end > start) {
      repair.text.resize(at_boundary_bytes);
      at_boundary.text = std::move(repair.text);
      pieces.resize(at_boundary_pieces);
      if (at_boundary.guessed > 0 &&
          (uses_word_model(written, bytes.read) || (written == Charset::big5 && bytes.read == Charset::gbk)))
        refine_guesses(written, bytes, model, pieces, at_boundary);
      on_stretch(start, good_end, std::move(at_boundary));
      start = good_end;
    } else {
      do ++start;
      while (start < n && !boundary[start]);
    }
  }
}

// The index of the character starting at byte `byte` of the run.
std::size_t char_at_byte(const ReadBytes& bytes, std::size_t byte) {
  return static_cast<std::size_t>(std::lower_bound(bytes.char_starts.begin(), bytes.char_starts.end(), byte) -
                                  bytes.char_starts.begin());
}

std::string repair_whole_impl(const std::vector<CodePoint>& cps, const HanFrequencyModel& model,
                              const LostByteShortlists* shortlists, std::string_view* how, int* cost_out);

std::vector<ChineseMojibake> find_impl(std::string_view text, std::size_t begin, std::size_t end,
                                       const HanFrequencyModel& model, const LostByteShortlists* shortlists,
                                       DamageKinds kinds, int depth);

// The text as far as the runs found in it can be repaired, when they cover at
// least half of it (none: empty).
std::string repaired_where_found(const std::string& text, const HanFrequencyModel& model,
                                 const LostByteShortlists* shortlists, int depth) {
  const auto runs = find_impl(text, 0, text.size(), model, shortlists, kUtf8AsGbk, depth);
  std::size_t covered = 0;
  for (const ChineseMojibake& run : runs) covered += run.end - run.begin;
  if (covered * 2 < text.size()) return {};
  std::string out;
  std::size_t at = 0;
  for (const ChineseMojibake& run : runs) {
    out.append(text, at, run.begin - at);
    out += run.repaired;
    at = run.end;
  }
  out.append(text, at, std::string::npos);
  return out;
}

// UTF-8 read as GBK twice, searched for at the level of the original: the
// outer reading's bytes (`outer`, [from, to)) are the UTF-8 of the text the
// first reading made, each of its characters a GBK pair of the original's
// UTF-8 (or U+FFFD for a byte that reading lost). Guessing a byte the outer
// reading lost by the frequency of the character it gives (itself mojibake:
// `閸欙拷` is `鍙�`, `可` with a byte lost) says nothing of the original, so
// every value the outer reader can have rejected is kept as an option, kept
// only when the first reading can have made its character (a GBK character
// or U+FFFD) and the original's bytes around it still decode as UTF-8; each
// combination of options is decoded to the original (its own lost bytes
// guessed as for UTF-8 read as GBK once, with the word model), and the
// originals are weighed with the word model.
struct TwiceSearch {
  std::string text;
  int cost = 0;           // frequency model, bits
  std::size_t guessed = 0;
  std::size_t decoded = 0;
  std::size_t chinese = 0;
  bool certain = false;
};
// At most this many combinations of options are each decoded whole ...
constexpr std::size_t kMaxTwiceCombinations = 64;
// ... past that, each character with options is chosen in turn with the
// others held, this many times over, in at most this many decodings (text
// made to hold many lost bytes is not searched).
constexpr int kTwiceRounds = 2;
constexpr std::size_t kMaxTwiceDecodings = 256;
// At most this many options for one character of the first reading, and
// this many characters in a run searched.
constexpr std::size_t kMaxTwiceOptions = 64;
constexpr std::size_t kMaxTwiceCharacters = 256;
// A run this short (a word of its own between spaces) whose outer reading is
// too short to count alone is searched for too, and kept as weak evidence.
constexpr std::size_t kMaxTwiceShortWord = 4;
// Guesses of the original's lost bytes in all the decodings of one run
// (each weighs up to kWordModelShortlist characters with the word model):
// past them the run gets no repair.
constexpr int kMaxTwiceGuesses = 2048;
// The word model's choice among originals is taken when this many bits
// ahead of the next (as a guess of UTF-8 read as GBK once is).
constexpr int kCertainTwiceMargin = kCertainWordModelMargin;
constexpr int kAnyByte = -2;      // a byte not chosen yet (structural check) ...
constexpr int kAnyOneOrTwo = -3;  // ... or one or two (a character of the first reading not chosen yet)

// Whether bytes (kLost and kAnyByte standing for any byte beyond ASCII,
// kAnyOneOrTwo for one or two of them) can be UTF-8 of whole characters:
// the states are the continuation bytes still wanted, a bit each.
bool may_be_utf8(const std::vector<int>& bytes) {
  unsigned states = 1;  // at a character boundary
  auto feed = [](unsigned from, int b) {
    unsigned to = 0;
    const bool wild = b == kLost || b == kAnyByte;
    if (from & 1) {
      if (!wild && b < 0x80) to |= 1;
      else if (wild) to |= 2 | 4;  // a lead of two or three bytes
      else if (b >= 0xC2 && b <= 0xDF) to |= 2;
      else if (b >= 0xE0 && b <= 0xEF) to |= 4;
    }
    if (wild || (b >= 0x80 && b <= 0xBF)) to |= (from & 6) >> 1;
    return to;
  };
  for (const int b : bytes) {
    states = b == kAnyOneOrTwo ? feed(states, kAnyByte) | feed(feed(states, kAnyByte), kAnyByte) : feed(states, b);
    if (states == 0) return false;
  }
  return (states & 1) != 0;
}

std::optional<TwiceSearch> search_utf8_gbk_twice(const ReadBytes& outer, std::size_t from, std::size_t to,
                                                 const HanFrequencyModel& model, const LostByteShortlists* shortlists) {
  const std::vector<int>& v = outer.values;
  const DoubleByteCodec& gbk = gbk_codec();
  // The characters of the first reading, each with its options.
  std::vector<std::vector<char32_t>> slots;
  for (std::size_t at = from; at < to;) {
    const int lead = v[at];
    std::size_t length = 3;
    if (lead != kLost) {
      if (lead < 0x80) length = 1;
      else if (lead >= 0xC2 && lead <= 0xDF) length = 2;
      else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
      else return std::nullopt;
    }
    if (at + length > to) return std::nullopt;
    std::vector<char32_t> options;
    std::array<int, 3> value{};
    std::size_t lost = 0;
    for (std::size_t k = 0; k < length; ++k) lost += v[at + k] == kLost;
    if (lost > 2) return std::nullopt;
    auto try_values = [&](auto&& self, std::size_t k) -> void {
      if (k == length) {
        std::array<char, 3> raw{};
        for (std::size_t j = 0; j < length; ++j) raw[j] = static_cast<char>(value[j]);
        const std::string_view view(raw.data(), length);
        if (length > 1 && utf8::valid_sequence_length(view, 0) != length) return;
        const char32_t cp = length == 1 ? static_cast<char32_t>(value[0]) : utf8::decode(view, 0).code_point;
        if (cp < 0x80 || cp == 0xFFFD || gbk.encode(cp) != 0) options.push_back(cp);
        return;
      }
      if (v[at + k] != kLost) {
        value[k] = v[at + k];
        self(self, k + 1);
        return;
      }
      const int low = k == 0 ? 0xE0 : 0x80, high = k == 0 ? 0xEF : 0xBF;
      for (int b = low; b <= high; ++b) {
        if (!outer.lost_may_be(at + k, b)) continue;
        // Two lost bytes in a row: the first was rejected with the second.
        if (k > 0 && v[at + k - 1] == kLost && !outer.rejects_pair(value[k - 1], b)) continue;
        value[k] = b;
        self(self, k + 1);
      }
    };
    try_values(try_values, 0);
    if (options.empty() || options.size() > kMaxTwiceOptions || slots.size() >= kMaxTwiceCharacters)
      return std::nullopt;
    slots.push_back(std::move(options));
    at += length;
  }
  // The original's bytes of one choice of options, with the start of each
  // character of the first reading (the damaged characters of the inner reading).
  auto bytes_of = [&](char32_t cp, std::vector<int>& out) {
    if (cp == 0xFFFD) out.push_back(kLost);
    else if (cp < 0x80) out.push_back(static_cast<int>(cp));
    else {
      const std::uint16_t pair = gbk.encode(cp);
      out.push_back(pair >> 8);
      out.push_back(pair & 0xFF);
    }
  };
  std::vector<std::size_t> open;  // slots with more than one option
  for (std::size_t s = 0; s < slots.size(); ++s)
    if (slots[s].size() > 1) open.push_back(s);
  // An option is kept when the original's bytes can still be UTF-8 with it
  // (the other open slots any bytes).
  std::vector<char32_t> chosen(slots.size());
  for (std::size_t s = 0; s < slots.size(); ++s) chosen[s] = slots[s][0];
  ReadBytes inner;
  inner.written = Charset::utf8;
  inner.read = Charset::gbk;
  inner.shortlists = shortlists;
  inner.certain_margin = certain_margin(Charset::utf8, Charset::gbk);
  std::unordered_map<std::u32string, int> window_costs;
  inner.window_costs = &window_costs;
  std::size_t combinations = 1;
  for (std::size_t o = 0; o < open.size(); ++o) {
    const std::size_t s = open[o];
    std::vector<char32_t> kept;
    for (char32_t cp : slots[s]) {
      chosen[s] = cp;
      // This slot chosen, the open ones after it any bytes, those before it any bytes too.
      std::vector<int> bytes;
      for (std::size_t t = 0; t < slots.size(); ++t) {
        if (t != s && slots[t].size() > 1) {
          bytes.push_back(kAnyOneOrTwo);
        } else {
          bytes_of(t == s ? cp : slots[t][0], bytes);
        }
      }
      if (may_be_utf8(bytes)) kept.push_back(cp);
    }
    if (kept.empty()) return std::nullopt;
    slots[s] = std::move(kept);
    chosen[s] = slots[s][0];
    combinations *= slots[s].size();
    combinations = std::min(combinations, kMaxTwiceCombinations + 1);
  }
  // One choice of options decoded to the original, weighed with the word
  // model (loaded only when there is a choice to weigh).
  const HanWordModel* words = combinations > 1 ? HanWordModel::shared() : nullptr;
  struct Option {
    TwiceSearch repair;
    int weight = 0;  // tenths of a bit (word model) or bits (frequency model)
  };
  int guess_budget = kMaxTwiceGuesses;
  auto evaluate = [&]() -> std::optional<Option> {
    inner.values.clear();
    inner.char_starts.clear();
    for (std::size_t s = 0; s < slots.size(); ++s) {
      inner.char_starts.push_back(inner.values.size());
      bytes_of(chosen[s], inner.values);
    }
    inner.char_starts.push_back(inner.values.size());
    if (guess_budget <= 0) return std::nullopt;
    inner.guesses_left = std::min(kMaxGuessesPerRun, guess_budget);
    const int guesses_before = inner.guesses_left;
    const std::size_t n = inner.values.size();
    std::optional<Option> option;
    decode_stretches(Charset::utf8, inner, model, [&](std::size_t a, std::size_t b, Repair repair) {
      if (a != 0 || b != n || !is_plausible(repair, 2)) return;
      option.emplace();
      option->repair = {std::move(repair.text), repair.cost, repair.guessed, repair.decoded, repair.chinese,
                        repair.certain};
      if (words != nullptr && !words->empty()) {
        std::u32string text;
        for (std::size_t i = 0; i < option->repair.text.size();) {
          const auto d = utf8::decode(option->repair.text, i);
          text.push_back(d.code_point);
          i += d.length;
        }
        option->weight = words->cost(text);
      } else {
        option->weight = 10 * option->repair.cost;
      }
    });
    guess_budget -= guesses_before - std::max(inner.guesses_left, 0);
    return option;
  };
  const int needed_margin = 10 * kCertainTwiceMargin;
  std::optional<Option> found;
  bool clear = true;
  if (combinations <= kMaxTwiceCombinations) {
    // Every combination: the best, clear of the next original.
    std::vector<Option> originals;
    std::vector<std::size_t> index(open.size(), 0);
    for (std::size_t c = 0; c < combinations; ++c) {
      for (std::size_t o = 0; o < open.size(); ++o) chosen[open[o]] = slots[open[o]][index[o]];
      if (auto option = evaluate()) originals.push_back(std::move(*option));
      for (std::size_t o = 0; o < open.size(); ++o) {  // the next combination
        if (++index[o] < slots[open[o]].size()) break;
        index[o] = 0;
      }
    }
    if (originals.empty()) return std::nullopt;
    std::stable_sort(originals.begin(), originals.end(), [](const Option& x, const Option& y) { return x.weight < y.weight; });
    for (std::size_t k = 1; k < originals.size(); ++k)
      if (originals[k].repair.text != originals[0].repair.text) {
        clear = originals[k].weight - originals[0].weight >= needed_margin;
        break;
      }
    found = std::move(originals[0]);
  } else {
    // Too many: each open slot chosen in turn with the others held (twice
    // over), from a choice whose bytes may be UTF-8; each choice clear of
    // the slot's next.
    std::size_t options = 0;
    for (const std::size_t s : open) options += slots[s].size();
    if (options * kTwiceRounds > kMaxTwiceDecodings) return std::nullopt;
    for (std::size_t o = 0; o < open.size(); ++o) {
      const std::size_t s = open[o];
      bool fits = false;
      for (const char32_t cp : slots[s]) {
        std::vector<int> bytes;
        for (std::size_t t = 0; t < slots.size(); ++t) {
          const bool later_open = std::find(open.begin() + static_cast<std::ptrdiff_t>(o) + 1, open.end(), t) != open.end();
          if (later_open) bytes.push_back(kAnyOneOrTwo);
          else bytes_of(t == s ? cp : chosen[t], bytes);
        }
        if (may_be_utf8(bytes)) {
          chosen[s] = cp;
          fits = true;
          break;
        }
      }
      if (!fits) return std::nullopt;
    }
    // A character none of whose options decodes with the others held (a
    // later one still at a wrong first choice) keeps its choice for the
    // next round; every one must decode in the last.
    bool resolved = false;
    for (int round = 0; round < kTwiceRounds; ++round) {
      clear = true;
      resolved = true;
      for (const std::size_t s : open) {
        std::optional<Option> best, second;
        const char32_t held = chosen[s];
        char32_t best_cp = held;
        for (const char32_t cp : slots[s]) {
          chosen[s] = cp;
          auto option = evaluate();
          if (!option) continue;
          if (!best || option->weight < best->weight) {
            if (best && best->repair.text != option->repair.text) second = std::move(best);
            best = std::move(option);
            best_cp = cp;
          } else if (option->repair.text != best->repair.text && (!second || option->weight < second->weight)) {
            second = std::move(option);
          }
        }
        if (!best) {
          chosen[s] = held;
          resolved = false;
          continue;
        }
        chosen[s] = best_cp;
        if (second && second->weight - best->weight < needed_margin) clear = false;
        found = std::move(best);
      }
    }
    if (!resolved) return std::nullopt;
  }
  // A search cut short by its budget chose among some originals only.
  if (guess_budget <= 0) return std::nullopt;
  TwiceSearch best = std::move(found->repair);
  best.guessed += open.size();
  best.certain = best.certain && clear;
  return best;
}

// UTF-8 read as Big5 loses about half of the bytes: no Big5 pair starts
// with 0x80..0xA0, which are most UTF-8 continuation bytes. Too much is lost
// to repair, but the bytes left still have the shape of UTF-8 Chinese: three
// bytes a character, a lead 0xE0..0xEF and two continuations, a lost byte
// standing for any of them. A stretch of damaged characters whose bytes
// have that shape over several characters, with enough leads surviving, is
// reported with no repair. Plain Traditional text, read back as Big5 bytes,
// has that shape over three characters by chance about never.
constexpr std::size_t kMinLossyCharacters = 4;   // UTF-8 characters in the stretch
constexpr std::size_t kMinLossyLeads = 3;        // of which leads survived
constexpr int kPlainChineseCost = 12;
// Lost bytes the stretch must have: Big5 pairs read back from GBK characters
// are about any text; only the losses tell damage.
constexpr std::array<std::size_t, 2> kMinLost = {1, 2};            // bits a character of plain Chinese costs, about
// Big5 read as GBK loses the leads of the commonest Big5 characters (their
// pairs fall in GBK's user-defined rows): `�@` is `一`. The same shape test,
// with Big5 pairs: a lead 0xA1..0xF9 and a trail 0x40..0x7E or 0xA1..0xFE.
enum class LossyShape { utf8, big5 };
void find_lossy(LossyShape shape, const ReadBytes& bytes, std::size_t run_first, const std::vector<CodePoint>& cps,
                const HanFrequencyModel& model, std::string_view how, std::vector<Candidate>& out) {
  const std::vector<int>& v = bytes.values;
  const std::size_t n = v.size();
  std::vector<bool> boundary(n + 1, false);
  for (std::size_t start : bytes.char_starts) boundary[start] = true;
  const std::size_t width = shape == LossyShape::utf8 ? 3 : 2;
  auto is_lead = [&](int b) {
    return b == kLost || (shape == LossyShape::utf8 ? b >= 0xE0 && b <= 0xEF : b >= 0xA1 && b <= 0xF9);
  };
  auto is_trail = [&](int b) {
    return b == kLost || (shape == LossyShape::utf8 ? b >= 0x80 && b <= 0xBF
                                                    : (b >= 0x40 && b <= 0x7E) || (b >= 0xA1 && b <= 0xFE));
  };
  std::size_t start = 0;
  while (start < n) {
    std::size_t at = start, characters = 0, leads = 0, lost = 0;
    std::size_t good_end = start, good_characters = 0, good_leads = 0, good_lost = 0;
    while (at + width <= n) {
      const int lead = v[at];
      bool fits = is_lead(lead);
      for (std::size_t k = 1; k < width; ++k) fits = fits && is_trail(v[at + k]);
      if (!fits) break;
      for (std::size_t k = 0; k < width; ++k) lost += v[at + k] == kLost;
      leads += lead != kLost;
      ++characters;
      at += width;
      if (boundary[at]) {
        good_end = at;
        good_characters = characters;
        good_leads = leads;
        good_lost = lost;
      }
    }
    if (good_characters >= kMinLossyCharacters && good_leads >= kMinLossyLeads && good_lost >= kMinLost[width == 2] &&
        good_lost * 3 <= (good_end - start) * 2) {
      const std::size_t first = run_first + char_at_byte(bytes, start);
      const std::size_t last = run_first + char_at_byte(bytes, good_end);
      int damaged_cost = 0;
      for (std::size_t c = first; c < last; ++c) damaged_cost += model.cost(cps[c].value);
      Repair repair;
      repair.certain = false;
      repair.characters = good_characters;
      // Weighed against other explanations of the same characters as if
      // repaired into rather plain Chinese (12 bits a character: a repair
      // of the same characters that reads better wins, with its text).
      repair.cost = kPlainChineseCost * static_cast<int>(good_characters);
      if (repair.cost >= damaged_cost) {
        start = good_end;
        continue;
      }
      out.push_back({first, last, std::move(repair), how, damaged_cost - repair.cost, false});
      start = good_end;
      continue;
    }
    // A stretch that had the shape but not the evidence is not tried again
    // from each of its characters: linear in the run (a run of U+FFFD alone
    // has the shape everywhere).
    if (good_end > start) {
      start = good_end;
      continue;
    }
    do ++start;
    while (start < n && !boundary[start]);
  }
}

void find_candidates(const RoundTrip& trip, const std::vector<CodePoint>& cps, const HanFrequencyModel& model,
                     const LostByteShortlists* shortlists, int depth, std::vector<Candidate>& out) {
  std::size_t k = 0;
  while (k < cps.size()) {
    // A maximal run of characters that may have been read this way.
    ReadBytes bytes;
    bytes.written = trip.written;
    bytes.read = trip.read;
    bytes.shortlists = shortlists;
    bytes.certain_margin = certain_margin(trip.written, trip.read);
    const std::size_t run_first = k;
    while (k < cps.size()) {
      const std::size_t before = bytes.values.size();
      if (!append_read_bytes(trip, cps[k].value, bytes.values)) break;
      bytes.char_starts.push_back(before);
      ++k;
    }
    if (k == run_first) {
      ++k;
      continue;
    }
    bytes.char_starts.push_back(bytes.values.size());
    if (trip.written == Charset::utf8 && trip.read == Charset::big5)
      find_lossy(LossyShape::utf8, bytes, run_first, cps, model, trip.how, out);
    if (trip.written == Charset::big5 && trip.read == Charset::gbk)
      find_lossy(LossyShape::big5, bytes, run_first, cps, model, trip.how, out);
    decode_stretches(trip.written, bytes, model, [&](std::size_t from, std::size_t to, Repair repair) {
      const std::size_t first = run_first + char_at_byte(bytes, from);
      const std::size_t last = run_first + char_at_byte(bytes, to);
      int damaged_cost = 0;
      for (std::size_t c = first; c < last; ++c) damaged_cost += model.cost(cps[c].value);
      const Evidence evidence = evidence_for(trip);
      // One UTF-8 character read as GBK whose last byte alone was lost.
      const bool lone_utf8_guess = trip.written == Charset::utf8 && trip.read == Charset::gbk &&
                                   repair.decoded == 0 && repair.guessed == 1 && repair.characters == 1 &&
                                   to - from == 3 && bytes.values[from] != kLost && bytes.values[from + 1] != kLost;
      // A word of its own of GBK read as Big5 whose two characters each lost
      // one byte (`�蝜�` for `如果` between spaces: the reader rejected the
      // lead C8 of `如` and the trail of `果` before the space).
      const bool stands_alone_here = (first == 0 || cps[first - 1].value < 0x80) &&
                                     (last == cps.size() || cps[last].value < 0x80);
      const bool guessed_word = trip.written == Charset::gbk && trip.read == Charset::big5 &&
                                repair.decoded == 0 && repair.guessed == 2 && repair.characters == 2 &&
                                repair.chinese == 2 && to - from == 4 && stands_alone_here &&
                                std::count(bytes.values.begin() + static_cast<std::ptrdiff_t>(from),
                                           bytes.values.begin() + static_cast<std::ptrdiff_t>(to), kLost) == 2;
      if (guessed_word) {
        if (is_clear_gain(repair, damaged_cost, evidence.gain_per_character))
          out.push_back({first, last, std::move(repair), trip.how, damaged_cost - repair.cost, true, true});
        return;
      }
      if (repair.decoded == 0 && !lone_utf8_guess) return;
      // A character of its own that lost its last byte (`鐨�` for `的` between
      // spaces: man pages space their words) has no text around it to weigh
      // the guess with, and by frequency alone 3 of 25 such guesses were
      // wrong (`我` for `或`): found, beside the same damage, with no fix.
      if (lone_utf8_guess) repair.certain = false;
      // Japanese (`だいぶ`) reads as Big5 read as GBK, whose commonest
      // characters come out as kana: a stretch of kana alone is no evidence.
      // Nor is a stretch of the ETEN extension alone (`①②③④⑤` reads back
      // as `情顷请庆琼`).
      if (evidence.short_below > 0 &&
          std::all_of(cps.begin() + static_cast<std::ptrdiff_t>(first), cps.begin() + static_cast<std::ptrdiff_t>(last),
                      [](const CodePoint& cp) {
                        return (cp.value >= 0x3040 && cp.value <= 0x30FF) || big5_eten_pair(cp.value) != 0;
                      }))
        return;
      std::string_view how = trip.how;
      if (!trip.only_twice && (repair.decoded < evidence.min_characters || repair.chinese < evidence.min_characters)) {
        // A short stretch (`Ëü` for `它` between spaces) counts only when
        // the same damage is found nearby.
        // Big5 and GBK read as each other: one character of them reads back
        // as some other character nearly always, so only a character that
        // stands alone between ASCII (a word of its own: `坳 硐蜊曹` for
        // `它 只改变`), read back whole, and only when the same damage is kept
        // nearby (lone, checked in find_impl). Between other characters it
        // is a piece of some other damage (`堈�`: GBK read as Big5 that lost
        // a byte; `绗呴弬`: UTF-8 read as GBK twice).
        if (evidence.short_below > 0) {
          const bool stands_alone = (first == 0 || cps[first - 1].value < 0x80) &&
                                    (last == cps.size() || cps[last].value < 0x80);
          if (stands_alone && repair.characters == 1 && repair.guessed == 0 && is_plausible(repair, 1) &&
              is_clear_gain(repair, damaged_cost, evidence.gain_per_character))
            out.push_back({first, last, std::move(repair), how, damaged_cost - repair.cost, true, true});
          return;
        }
        const bool lone_guess = repair.decoded == 0 && repair.guessed == 1 && repair.characters == 1;
        if ((is_plausible(repair, 1) || (lone_guess && repair.chinese == 1)) &&
            is_clear_gain(repair, damaged_cost, evidence.gain_per_character))
          out.push_back({first, last, std::move(repair), how, damaged_cost - repair.cost, true});
        return;
      }
      if (trip.only_twice || !is_plausible(repair, evidence.min_characters)) {
        // Damaged twice: the repair is itself damage of the same kind.
        std::vector<CodePoint> inner;
        for (std::size_t i = 0; i < repair.text.size();) {
          const auto d = utf8::decode(repair.text, i);
          inner.push_back({d.code_point, i, i + d.length});
          i += d.length;
        }
        std::string_view inner_how;
        int inner_cost = 0;
        std::string twice = repair_whole_impl(inner, model, shortlists, &inner_how, &inner_cost);
        // UTF-8 read as GBK twice where a reading lost bytes: searched for
        // at the level of the original (search_utf8_gbk_twice), taken when
        // it reads clearly better than the damage.
        std::optional<TwiceSearch> searched;
        if (depth == 0 && trip.written == Charset::utf8 && trip.read == Charset::gbk &&
            (twice.empty() || repair.guessed > 0)) {
          searched = search_utf8_gbk_twice(bytes, from, to, model, shortlists);
          if (searched && model.text_cost(searched->text) >= damaged_cost) searched.reset();
        }
        auto take_searched = [&] {
          repair.text = std::move(searched->text);
          repair.cost = model.text_cost(repair.text);
          repair.characters = utf8::length(repair.text);
          repair.guessed = searched->guessed;
          repair.decoded = searched->decoded;
          repair.chinese = searched->chinese;
          repair.certain = searched->certain;
          how = kDecodedTwice;
        };
        if (twice.empty()) {
          // UTF-8 read as GBK twice, where the first reading lost bytes
          // (`閸欏倹鏆�` for `参数`): the outer layer decodes strictly into text
          // that is itself mostly such damage. Found (weighed by how far the
          // inner layer can be repaired), but with no repair to offer.
          const bool strict_outer = repair.decoded >= 3 && repair.guessed * 4 <= repair.decoded;
          // A short word of its own (`閸戣櫣骞�` for `出现` between spaces)
          // whose original the search found: weak evidence, kept beside a
          // proven run of the same damage.
          if (!strict_outer && searched && utf8::length(searched->text) <= kMaxTwiceShortWord) {
            take_searched();
            if (is_clear_gain(repair, damaged_cost, evidence.gain_per_character))
              out.push_back({first, last, std::move(repair), how, damaged_cost - repair.cost, true});
            return;
          }
          if (depth > 0 || trip.written != Charset::utf8 || trip.read != Charset::gbk || !strict_outer) return;
          std::string partial = repaired_where_found(repair.text, model, shortlists, depth + 1);
          if (partial.empty()) return;
          repair.text = std::move(partial);
          repair.cost = model.text_cost(repair.text);
          repair.characters = utf8::length(repair.text);
          repair.certain = false;
          if (repair.cost >= damaged_cost) return;
          if (searched && is_clear_gain(Repair{{}, model.text_cost(searched->text), utf8::length(searched->text)},
                                        damaged_cost, evidence.gain_per_character)) {
            take_searched();
          } else {
            repair.text.clear();  // part of it is still damage: reported as damage, with no repair
            out.push_back({first, last, std::move(repair), kDecodedTwice,
                           damaged_cost - repair.cost, false});
            return;
          }
        } else if (searched && repair.guessed > 0) {
          // A byte lost in the outer reading, guessed by the frequency of
          // the character it gives (itself damage), was wrong in about one
          // repair in two: the search weighs the originals instead.
          take_searched();
        } else {
          repair.text = std::move(twice);
          repair.cost = inner_cost;
          repair.characters = utf8::length(repair.text);
          how = kDecodedTwice;
          // A byte lost in the outer reading is guessed from characters that
          // are themselves damage: about one such repair in two was wrong.
          if (repair.guessed > 0) repair.certain = false;
        }
      }
      const bool short_repair = is_short(repair, evidence);
      bool word_of_its_own = false;
      if (!is_clear_gain(repair, damaged_cost,
                         short_repair ? evidence.short_gain_per_character : evidence.gain_per_character)) {
        const bool stands_alone = (first == 0 || cps[first - 1].value < 0x80) &&
                                  (last == cps.size() || cps[last].value < 0x80);
        if (how == kDecodedTwice || trip.written != Charset::gbk || trip.read != Charset::big5 || !stands_alone ||
            repair.guessed > 0 || !is_clear_gain(repair, damaged_cost, kWordOfItsOwnGain))
          return;
        word_of_its_own = true;
      }
      if (is_repetitive(repair.text, repair.characters, evidence.repetitive_from)) return;
      // Two characters of Big5 and GBK read as each other read back as some
      // other pair often enough (the remnants of other damage: UTF-8 read as
      // GBK twice leaves `鏃傚`, which reads back as `秒乘`): unless they
      // make a common word, found with no fix.
      if (short_repair && !has_common_word(repair.text, model) && !is_han_and_stop(trip, repair.text))
        repair.certain = false;
      // A short one with a character of the ETEN extension is sure only as a
      // word of its own (`絞ヶ` for `当前` between spaces): among other
      // characters it is likelier a piece of other damage (`鏍わ`, part of
      // text read as GBK twice, reads back as the word `民企`).
      if (short_repair && trip.read == Charset::big5 &&
          std::any_of(cps.begin() + static_cast<std::ptrdiff_t>(first), cps.begin() + static_cast<std::ptrdiff_t>(last),
                      [](const CodePoint& cp) { return big5_eten_pair(cp.value) != 0; }) &&
          !((first == 0 || cps[first - 1].value < 0x80) && (last == cps.size() || cps[last].value < 0x80)))
        repair.certain = false;
      // A repair with a guessed byte that still holds a character Chinese
      // text does not use is likelier a layer of other damage: `娣団剝浼�`,
      // `信息` read as GBK twice with a byte lost, reads back once as
      // `淇℃会` (`淇℃` is `信` read as GBK), and such guesses were the two
      // wrong guessed fixes of UTF-8 read as GBK twice, with no right one.
      if (repair.guessed > 0 && has_foreign_character(repair.text)) repair.certain = false;
      // Nor is one of GBK or Big5 with a guessed byte that decodes ASCII
      // where the damage had none: the guess put the reading out of step
      // (`棄婀�娑擄`, a piece of UTF-8 read as GBK twice, read back as GBK
      // read as Big5 gave `斌剥犬P聚`).
      if (repair.guessed > 0 && (trip.written == Charset::gbk || trip.written == Charset::big5) &&
          std::any_of(repair.text.begin(), repair.text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }) &&
          std::none_of(cps.begin() + static_cast<std::ptrdiff_t>(first), cps.begin() + static_cast<std::ptrdiff_t>(last),
                       [](const CodePoint& cp) { return cp.value < 0x80; }))
        repair.certain = false;
      out.push_back({first, last, std::move(repair), how, damaged_cost - repair.cost, word_of_its_own, word_of_its_own});
    });
  }
}

std::string repair_whole_impl(const std::vector<CodePoint>& cps, const HanFrequencyModel& model,
                              const LostByteShortlists* shortlists, std::string_view* how, int* cost_out) {
  std::string best;
  int best_cost = 0;
  auto try_trip = [&](const RoundTrip& trip) {
    ReadBytes bytes;
    bytes.written = trip.written;
    bytes.read = trip.read;
    bytes.shortlists = shortlists;
    bytes.certain_margin = certain_margin(trip.written, trip.read);
    for (const CodePoint& cp : cps) {
      bytes.char_starts.push_back(bytes.values.size());
      if (!append_read_bytes(trip, cp.value, bytes.values)) return;
    }
    bytes.char_starts.push_back(bytes.values.size());
    decode_stretches(trip.written, bytes, model, [&](std::size_t from, std::size_t to, Repair repair) {
      // UTF-8 read as Windows-1252 keeps every byte, and three of them in a
      // row decode strictly only when they were one character: one is enough.
      const std::size_t minimum = trip.read == Charset::windows_1252 && trip.written == Charset::utf8 ? 1 : 2;
      if (from != 0 || to != bytes.values.size() || !is_plausible(repair, minimum) || !repair.certain) return;
      if (best.empty() || repair.cost < best_cost) {
        best = std::move(repair.text);
        best_cost = repair.cost;
        *how = trip.how;
      }
    });
  };
  for (const RoundTrip& trip : kRoundTrips)
    if (!trip.only_twice) try_trip(trip);
  try_trip(kUtf8AsWindows1252);
  *cost_out = best_cost;
  return best;
}

}  // namespace

namespace {

// Whether a byte can be part of UTF-8 text of the BMP beyond ASCII: a
// continuation byte or a three-byte lead (two-byte leads are Latin, Greek,
// Cyrillic: not what Chinese text is made of).
bool is_utf8_cjk_byte(unsigned byte) { return (byte >= 0x80 && byte <= 0xBF) || (byte >= 0xE0 && byte <= 0xEF); }

// Runs shorter than this cannot hold the damage of two characters.
constexpr std::size_t kMinUtf8AsDoubleByteRun = 3;   // 6 bytes: two Han characters
constexpr std::size_t kMinWindows1252Run = 4;
// Suspicious characters in such a run (two Han characters read as GBK make
// three characters, nearly always two of them rare or symbols).
constexpr int kMinSuspicious = 2;        // 4 bytes: two GBK or Big5 characters
// Big5 and GBK read as each other: this many suspicious characters among
// eight in a row (plain text, even medical text full of rare characters,
// rarely has more than two).
constexpr std::size_t kSwappedWindow = 8;
constexpr int kSwappedWindowSuspicious = 4;
// The trait bit of a suspicious character (HanFrequencyModel::is_suspicious).
constexpr std::uint8_t kSuspicious = 0x80;
// The marks of the prefilter, by BMP code point.
constexpr std::uint8_t kPrefilterRare = 1;    // HanFrequencyModel::is_suspicious
constexpr std::uint8_t kPrefilterNarrow = 2;  // a character of the alphabets and symbols of single-byte code pages

// Several bytes with one load, first byte lowest: the order DamageScreen::table_index reads them in.
using utf8::load_first_byte_lowest;

// The three bytes at `bytes` (a three-byte sequence, perhaps cut short by
// the end of the text: then only the bytes in it) as table_index reads them.
std::uint32_t three_bytes_at(const unsigned char* data, std::size_t at, std::size_t size) {
  if (at + 4 <= size) return load_first_byte_lowest<std::uint32_t>(data + at);
  std::uint32_t bytes = 0;
  for (std::size_t k = 0; k < 3 && at + k < size; ++k) bytes |= std::uint32_t{data[at + k]} << (8 * k);
  return bytes;
}

}  // namespace

// For each BMP character, the kinds of damage it can be a character of:
// UTF-8 read as GBK (or Big5) makes only characters whose GBK (Big5) bytes
// are both UTF-8 bytes of CJK text, which about four in five characters of
// plain Chinese are not; GBK or Big5 read as Windows-1252 makes Latin-1
// characters of bytes 0xA1 and above. Laid out by table_index, as
// prefilter_marks_.
const std::vector<std::uint8_t>& DamageScreen::traits() const {
  std::call_once(traits_built_, [this] {
    traits_.assign(0x10000, 0);
    const DoubleByteCodec& gbk = gbk_codec();
    const DoubleByteCodec& big5 = big5_codec();
    for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
      const unsigned index = table_index_of(cp);
      std::uint8_t traits = (prefilter_marks_[index] & kPrefilterRare) ? kSuspicious : 0;
      if (const std::uint16_t pair = gbk.encode(cp); pair != 0) {
        traits |= kBig5AndGbkSwapped;
        if (is_utf8_cjk_byte(pair >> 8) && is_utf8_cjk_byte(pair & 0xFF)) traits |= kUtf8AsGbk;
      }
      if (const std::uint16_t pair = big5.encode(cp); pair != 0) {
        traits |= kBig5AndGbkSwapped;
        if (is_utf8_cjk_byte(pair >> 8) && is_utf8_cjk_byte(pair & 0xFF)) traits |= kUtf8AsBig5;
      }
      // windows_1252_byte(cp) >= 0xA1: Latin-1 itself (the code page's own
      // characters of 0x80..0x9F are its bytes below 0xA1).
      if (cp >= 0xA1 && cp <= 0xFF) traits |= kReadAsWindows1252;
      traits_[index] = traits;
    }
    for (const SingleByteCodec* codec : {&cp1251_codec(), &cp1250_codec(), &mac_roman_codec(), &cp437_codec()})
      for (int byte = 0x80; byte <= 0xFF; ++byte)
        if (const char32_t cp = codec->decode(byte); cp != 0 && cp < 0x10000)
          traits_[table_index_of(cp)] |= kReadAsCodePage;
    traits_[table_index_of(0x2206)] |= kReadAsCodePage;  // Mac OS Roman's 0xC6 as Apple maps it (SingleByteCodec)
    traits_[table_index_of(0xFFFD)] = kUtf8AsGbk | kUtf8AsBig5 | kBig5AndGbkSwapped | kReadAsCodePage | kSuspicious;
  });
  return traits_;
}

DamageScreen::DamageScreen(const HanFrequencyModel& model) : model_(model), prefilter_marks_(0x10000, 0) {
  for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
    // Characters of the alphabets and symbols of single-byte code pages
    // (Latin-1, Latin Extended, Greek, Cyrillic, arrows, mathematical signs,
    // box drawing): bytes read as Windows-1252, CP1251, CP1250, Mac OS Roman,
    // CP437. Two-byte UTF-8 from U+00A1 on; three-byte from U+2190 to U+25FF.
    const bool narrow = cp < 0x800 ? cp >= 0xA1 : cp >= 0x2190 && cp < 0x2600;
    prefilter_marks_[table_index_of(cp)] = static_cast<std::uint8_t>((model_.is_suspicious(cp) ? kPrefilterRare : 0) |
                                                                     (narrow ? kPrefilterNarrow : 0));
  }
}

namespace {
// Whether a whole character of the BMP beyond ASCII starts in [p, stop).
bool follows_bmp_character(const unsigned char* p, const unsigned char* stop) {
  for (; p < stop; ++p) {
    if (*p < 0xC0 || *p >= 0xF0) continue;  // ASCII, a continuation byte, an astral lead
    return stop - p >= (*p >= 0xE0 ? 3 : 2);
  }
  return false;
}
}  // namespace

// The text is valid UTF-8 (documents are decoded before checks see them), so
// characters are decoded without checks; a sequence cut by `end` is skipped.
bool DamageScreen::passes_prefilter(std::string_view text, std::size_t begin, std::size_t end) const {
  const auto* const data = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  const std::uint8_t* const marks = prefilter_marks_.data();
  int suspicious = 0;
  int narrow = 0;
  auto passes = [&] { return suspicious >= kMinSuspicious || narrow >= static_cast<int>(kMinWindows1252Run); };
  // Pairs of characters lie before here: before `end`, with eight bytes to load in the text.
  const std::size_t pairs_end = size >= 2 ? std::min(end, size - 2) : 0;
  std::size_t i = begin;
  while (i < end) {
    const unsigned lead = data[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // Han characters and Chinese punctuation, three bytes each, nearly all
    // unmarked: loops of their own, which leave at anything else. Two
    // characters per load of eight bytes (their counts weighed together:
    // the counts only grow, so they pass after the pair when they pass
    // after either), then one at a time.
    if ((lead & 0xF0) == 0xE0) {
      if (i + 6 <= pairs_end) {
        const unsigned char* p = data + i;
        for (const unsigned char* const last = data + pairs_end - 6; p <= last; p += 6) {
          const auto eight = load_first_byte_lowest<std::uint64_t>(p);
          if ((eight & 0xF00000F0) != 0xE00000E0) break;  // not two three-byte leads
          const unsigned first = marks[table_index(static_cast<std::uint32_t>(eight))];
          const unsigned second = marks[table_index(static_cast<std::uint32_t>(eight >> 24))];
          if ((first | second) == 0) continue;  // nearly every pair of plain Chinese
          suspicious += static_cast<int>((first & kPrefilterRare) + (second & kPrefilterRare));
          narrow += static_cast<int>((first >> 1) + (second >> 1));
          if (passes()) return true;
        }
        i = static_cast<std::size_t>(p - data);
      }
      for (; i + 3 <= end && (data[i] & 0xF0) == 0xE0; i += 3) {
        if (const unsigned mark = marks[table_index(three_bytes_at(data, i, size))]; mark != 0) {
          suspicious += static_cast<int>(mark & kPrefilterRare);
          narrow += static_cast<int>(mark >> 1);
          if (passes()) return true;
        }
      }
      if (i < end && (data[i] & 0xF0) == 0xE0) break;  // a character cut by `end`
      continue;
    }
    unsigned index;
    if (lead >= 0xF0) {
      i += 4;
      ++suspicious;  // astral: rare Han or symbols, both rare in Chinese text
      // The counts are weighed after a character of the BMP only (as the
      // screen always has: its findings stay the same), so astral ones
      // alone pass when one such character follows.
      if (suspicious >= kMinSuspicious) return follows_bmp_character(data + i, data + end);
      continue;
    }
    if (end - i < 2) break;
    index = table_index_of((lead & 0x1F) << 6 | (data[i + 1] & 0x3F));
    i += 2;
    // Nearly every character of plain Chinese has no mark: one load and a branch.
    if (const unsigned mark = marks[index]; mark != 0) {
      suspicious += static_cast<int>(mark & kPrefilterRare);
      narrow += static_cast<int>(mark >> 1);
      if (passes()) return true;
    }
  }
  return false;
}

namespace {
// Whether a window of eight characters (a bit each) holds kSwappedWindowSuspicious suspicious ones.
constexpr std::array<bool, 256> kSwappedWindowFull = [] {
  std::array<bool, 256> full{};
  for (unsigned window = 0; window < 256; ++window)
    full[window] = std::popcount(window) >= kSwappedWindowSuspicious;  // at compile time: no call
  return full;
}();
static_assert(kSwappedWindow == 8, "the window is a byte");

// The runs worth_trying follows, as two small automata stepped by a table
// look-up per character. A run's length and its suspicious characters
// matter only up to the counts that find its kind (kMinUtf8AsDoubleByteRun,
// kMinSuspicious, kMinWindows1252Run): past them they are kept at them,
// which finds the same kinds at the same characters.
struct RunStep {
  std::uint8_t next;   // the state after the character
  std::uint8_t found;  // the kinds found at it
};
// UTF-8 read as GBK (low four bits of the state) and as Big5 (high four):
// each the run's length (two bits) and its suspicious characters (two).
// Input: bit 0 kUtf8AsGbk, bit 1 kUtf8AsBig5, bit 2 suspicious.
static_assert(kMinUtf8AsDoubleByteRun <= 3 && kMinSuspicious <= 3, "two bits each");
static_assert(kUtf8AsGbk == 1 && kUtf8AsBig5 == 2, "the traits are the input bits");
constexpr std::array<RunStep, 256 * 8> kDoubleByteRuns = [] {
  std::array<RunStep, 256 * 8> steps{};
  for (unsigned state = 0; state < 256; ++state) {
    for (unsigned input = 0; input < 8; ++input) {
      const unsigned suspicious = input >> 2;
      unsigned next = 0;
      unsigned found = 0;
      for (unsigned kind = 0; kind < 2; ++kind) {
        unsigned run = state >> (4 * kind) & 3;
        unsigned run_suspicious = state >> (4 * kind + 2) & 3;
        if ((input >> kind & 1) != 0) {
          run = std::min<unsigned>(run + 1, kMinUtf8AsDoubleByteRun);
          run_suspicious = std::min<unsigned>(run_suspicious + suspicious, kMinSuspicious);
        } else {
          run = run_suspicious = 0;
        }
        next |= (run | run_suspicious << 2) << (4 * kind);
        if (run >= kMinUtf8AsDoubleByteRun && run_suspicious >= static_cast<unsigned>(kMinSuspicious))
          found |= kind == 0 ? kUtf8AsGbk : kUtf8AsBig5;
      }
      steps[state << 3 | input] = {static_cast<std::uint8_t>(next), static_cast<std::uint8_t>(found)};
    }
  }
  return steps;
}();
// Bytes read as Windows-1252 (low three bits of the state) and as another
// code page (next three): each the run's length.
// Input: bit 0 kReadAsWindows1252, bit 1 kReadAsCodePage.
static_assert(kMinWindows1252Run <= 7, "three bits each");
constexpr std::array<RunStep, 64 * 4> kSingleByteRuns = [] {
  std::array<RunStep, 64 * 4> steps{};
  for (unsigned state = 0; state < 64; ++state) {
    for (unsigned input = 0; input < 4; ++input) {
      unsigned next = 0;
      unsigned found = 0;
      for (unsigned kind = 0; kind < 2; ++kind) {
        unsigned run = state >> (3 * kind) & 7;
        run = (input >> kind & 1) != 0 ? std::min<unsigned>(run + 1, kMinWindows1252Run) : 0;
        next |= run << (3 * kind);
        if (run >= kMinWindows1252Run) found |= kind == 0 ? kReadAsWindows1252 : kReadAsCodePage;
      }
      steps[state << 2 | input] = {static_cast<std::uint8_t>(next), static_cast<std::uint8_t>(found)};
    }
  }
  return steps;
}();
}  // namespace

DamageKinds DamageScreen::worth_trying(std::string_view text, std::size_t begin, std::size_t end) const {
  if (!passes_prefilter(text, begin, end)) return 0;
  const std::uint8_t* const table = traits().data();
  constexpr DamageKinds kAllKinds = kUtf8AsGbk | kUtf8AsBig5 | kReadAsWindows1252 | kBig5AndGbkSwapped | kReadAsCodePage;
  constexpr unsigned kRunTraits = kUtf8AsGbk | kUtf8AsBig5 | kReadAsWindows1252 | kReadAsCodePage;
  constexpr unsigned kNotRead = 0x100;  // no traits read yet
  DamageKinds found = 0;
  // Per kind, the current run of characters it can produce (kDoubleByteRuns, kSingleByteRuns).
  unsigned double_byte_runs = 0;
  unsigned single_byte_runs = 0;
  unsigned window = 0;  // whether each of the last eight characters was suspicious, a bit each, the last lowest
  const auto* const data = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  const std::size_t plain_end = size >= 3 ? std::min(end, size - 3) : 0;  // before `end`, four bytes to load
  for (std::size_t i = begin; i < end;) {
    // The common case: three-byte characters no run is made of, not
    // suspicious (a Han character, Chinese punctuation), passed over in a
    // loop of their own. Each ends every run and shifts a clear bit into the
    // window, done once for them all; as the window then holds fewer
    // suspicious characters, no kind can be found at them. The loop leaves
    // with the traits of the first other three-byte character, if that is
    // what it stopped at.
    unsigned traits = kNotRead;
    std::size_t plain = 0;
    for (; i < plain_end; i += 3, ++plain) {
      const auto four = load_first_byte_lowest<std::uint32_t>(data + i);
      if ((four & 0xF0) != 0xE0) break;
      if (const unsigned other = table[table_index(four)]; (other & (kRunTraits | kSuspicious)) != 0) {
        traits = other;
        i += 3;
        break;
      }
    }
    if (plain > 0) {
      double_byte_runs = single_byte_runs = 0;
      window = plain >= kSwappedWindow ? 0 : window << plain & 0xFF;
    }
    if (traits == kNotRead) {
      if (i >= end) break;
      const unsigned lead = data[i];
      if (lead < 0x80) {  // ends every run, not counted in the window
        double_byte_runs = single_byte_runs = 0;
        ++i;
        continue;
      }
      // The whole character, even where `end` cuts it (the text goes on).
      if (lead >= 0xF0) {
        i += 4;
        traits = kSuspicious;  // astral: in no table
      } else if (lead >= 0xE0) {
        traits = table[table_index(three_bytes_at(data, i, size))];
        i += 3;
      } else {
        traits = table[table_index_of((lead & 0x1F) << 6 | (data[i + 1] & 0x3F))];
        i += 2;
      }
    }
    const unsigned suspicious = traits >> 7;
    window = (window << 1 | suspicious) & 0xFF;
    // The window only gains a suspicious character at one.
    if (suspicious != 0 && kSwappedWindowFull[window]) found |= kBig5AndGbkSwapped;
    const RunStep double_byte = kDoubleByteRuns[double_byte_runs << 3 | (traits & 3) | suspicious << 2];
    const RunStep single_byte = kSingleByteRuns[single_byte_runs << 2 | (traits >> 2 & 1) | (traits >> 3 & 2)];
    double_byte_runs = double_byte.next;
    single_byte_runs = single_byte.next;
    found |= double_byte.found | single_byte.found;
    if (found == kAllKinds) break;  // nothing more to learn
  }
  return found;
}

namespace {
// The shortlists when they were made with `model` (else guesses are worked out anew).
const LostByteShortlists* same_model(const LostByteShortlists& shortlists, const HanFrequencyModel& model) {
  return &shortlists.model() == &model ? &shortlists : nullptr;
}
}  // namespace

std::vector<ChineseMojibake> find_chinese_mojibake(std::string_view text, std::size_t begin, std::size_t end,
                                                   const HanFrequencyModel& model, DamageKinds kinds,
                                                   const LostByteShortlists& shortlists) {
  return find_impl(text, begin, end, model, same_model(shortlists, model), kinds, 0);
}

namespace {

std::vector<ChineseMojibake> find_impl(std::string_view text, std::size_t begin, std::size_t end,
                                       const HanFrequencyModel& model, const LostByteShortlists* shortlists,
                                       DamageKinds kinds, int depth) {
  std::vector<CodePoint> cps;
  for (std::size_t i = begin; i < end;) {
    const auto decoded = utf8::decode(text, i);
    const std::size_t next = std::min(i + decoded.length, end);
    cps.push_back({decoded.code_point, i, next});
    i = next;
  }
  std::vector<Candidate> candidates;
  for (const RoundTrip& trip : kRoundTrips)
    if (kinds & trip.kind) find_candidates(trip, cps, model, shortlists, depth, candidates);
  // The best explanation of each stretch wins: by gain, overlapping ones
  // dropped. At equal gain, one wrong reading beats two giving the same text
  // (UTF-8 read as Mac OS Roman also reads as GBK read as Mac OS Roman whose
  // repair is UTF-8 read as GBK).
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.gain != b.gain) return a.gain > b.gain;
    return (a.how != kDecodedTwice) > (b.how != kDecodedTwice);
  });
  // A short stretch counts when a full one of the same round trip is in the same text.
  std::vector<std::string_view> proven;
  for (const Candidate& candidate : candidates)
    if (!candidate.weak && std::find(proven.begin(), proven.end(), candidate.how) == proven.end())
      proven.push_back(candidate.how);
  std::erase_if(candidates, [&](const Candidate& weak) {
    return weak.weak && std::find(proven.begin(), proven.end(), weak.how) == proven.end();
  });
  // Linear in the text: each character is taken by at most one candidate.
  std::vector<bool> taken(cps.size(), false);
  std::vector<const Candidate*> kept;
  for (const Candidate& candidate : candidates) {
    bool overlaps = false;
    for (std::size_t c = candidate.first; c < candidate.last && !overlaps; ++c) overlaps = taken[c];
    if (overlaps) continue;
    for (std::size_t c = candidate.first; c < candidate.last; ++c) taken[c] = true;
    kept.push_back(&candidate);
  }
  // A lone character needs more: the same damage among the runs kept in the
  // end, not only among the readings tried (a line of UTF-8 read as GBK also
  // reads in places as GBK read as Big5: `鐨` of `的` would read back as `麴`).
  std::vector<std::string_view> kept_hows;
  for (const Candidate* candidate : kept)
    if (!candidate->weak) kept_hows.push_back(candidate->how);
  std::erase_if(kept, [&](const Candidate* lone) {
    return lone->lone && std::find(kept_hows.begin(), kept_hows.end(), lone->how) == kept_hows.end();
  });
  std::sort(kept.begin(), kept.end(), [](const Candidate* a, const Candidate* b) { return a->first < b->first; });
  std::vector<ChineseMojibake> found;
  for (const Candidate* candidate : kept)
    found.push_back({cps[candidate->first].begin, cps[candidate->last - 1].end, candidate->repair.text,
                     candidate->repair.certain, candidate->repair.guessed > 0, candidate->how});
  return found;
}

}  // namespace

std::string repair_whole(std::string_view text, const HanFrequencyModel& model, std::string_view* how,
                         const LostByteShortlists& shortlists) {
  std::vector<CodePoint> cps;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    cps.push_back({d.code_point, i, i + d.length});
    i += d.length;
  }
  int cost = 0;
  return repair_whole_impl(cps, model, same_model(shortlists, model), how, &cost);
}

}  // namespace hlint::chars
