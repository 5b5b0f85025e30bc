// The Chinese mojibake finder's screen and its memo of lost-byte guesses:
// both exist for speed only, so what they must show is that they change no
// answer (issues 17 and 18).
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "chars/chinese_mojibake.hpp"
#include "chars/han_frequency.hpp"
#include "chars/han_word_model.hpp"
#include "core/resources.hpp"

namespace {

using hlint::chars::ChineseMojibake;
using hlint::chars::DamageKinds;
using hlint::chars::DamageScreen;
using hlint::chars::HanFrequencyModel;
using hlint::chars::LostByteShortlists;

const HanFrequencyModel& model() {
  static const HanFrequencyModel model(hlint::embedded_file("data/han-frequency.txt").value_or(std::string_view()),
                                       hlint::embedded_file("data/han-words.txt").value_or(std::string_view()));
  return model;
}

std::string describe(const std::vector<ChineseMojibake>& runs) {
  std::string out;
  for (const ChineseMojibake& run : runs)
    out += std::to_string(run.begin) + "-" + std::to_string(run.end) + " " + run.repaired + " " +
           (run.repair_certain ? "certain" : "doubtful") + (run.repair_guessed ? " guessed" : "") + ";";
  return out;
}

constexpr DamageKinds kEveryKind = 0xFF;

}  // namespace

TEST_CASE("the damage screen passes damaged text and stops plain text", "[chars]") {
  const DamageScreen screen(model());
  auto kinds = [&](std::string_view text) { return screen.worth_trying(text, 0, text.size()); };
  CHECK(kinds("天气逐渐闷热，医生提醒大家注意休息。Doctors advise rest.") == 0);
  CHECK(kinds("") == 0);
  CHECK(kinds("娓╅Θ鎻愮ず") != 0);            // UTF-8 read as GBK
  CHECK(kinds("ÎÂÜ°ÌáÊ¾") != 0);              // GBK read as Windows-1252
  CHECK(kinds("ÊÑüÂÜíÊúüÈó¥Ê≥®ÊÑè‰ºëÊÅØ") != 0);  // UTF-8 read as Mac OS Roman
  // A character cut by `end` is not read: the screen sees only its range.
  const std::string damaged = "正文：娓╅Θ鎻愮ず";
  CHECK(screen.worth_trying(damaged, 0, std::string_view("正文：").size()) == 0);
}

TEST_CASE("the damage screen's table index gives every character of the BMP its own place", "[chars]") {
  // The tables are laid out by table_index: two characters sharing an index
  // would share their marks and traits.
  std::vector<bool> taken(0x10000, false);
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    const unsigned index = DamageScreen::table_index_of(cp);
    REQUIRE(index < 0x10000);
    REQUIRE_FALSE(taken[index]);
    taken[index] = true;
  }
  // From the bytes of the UTF-8 sequence, whatever follows them.
  const std::uint32_t han = 0xE4 | 0xB8u << 8 | 0xADu << 16;  // 中 U+4E2D
  CHECK(DamageScreen::table_index(han) == DamageScreen::table_index_of(0x4E2D));
  CHECK(DamageScreen::table_index(han | 0xE5u << 24) == DamageScreen::table_index_of(0x4E2D));
}

namespace {

// The screen as it read the text before it was made fast (main bee53e4): one
// decoded character at a time, a counter per run. The screen must give the
// same kinds for every text and range.
DamageKinds plain_worth_trying(const DamageScreen& screen, std::string_view text, std::size_t begin, std::size_t end) {
  const auto* const data = reinterpret_cast<const unsigned char*>(text.data());
  // The prefilter: two rare characters or four narrow ones, counted after a
  // character of the BMP; a sequence cut by `end` is not read.
  bool passes = false;
  {
    int suspicious = 0, narrow = 0;
    std::size_t i = begin;
    while (i < end && !passes) {
      const unsigned lead = data[i];
      if (lead < 0x80) {
        ++i;
        continue;
      }
      char32_t cp;
      if (lead >= 0xF0) {
        i += 4;
        if (++suspicious >= 2) {
          for (std::size_t k = i; k < end; ++k) {  // a whole character of the BMP beyond ASCII follows
            if (data[k] < 0xC0 || data[k] >= 0xF0) continue;
            passes = end - k >= (data[k] >= 0xE0 ? 3u : 2u);
            break;
          }
          break;
        }
        continue;
      }
      if (lead >= 0xE0) {
        if (end - i < 3) break;
        cp = (lead & 0x0F) << 12 | (data[i + 1] & 0x3F) << 6 | (data[i + 2] & 0x3F);
        i += 3;
      } else {
        if (end - i < 2) break;
        cp = (lead & 0x1F) << 6 | (data[i + 1] & 0x3F);
        i += 2;
      }
      const unsigned mark = screen.prefilter_mark_of(cp);
      suspicious += mark & 1;
      narrow += mark >> 1;
      passes = suspicious >= 2 || narrow >= 4;
    }
  }
  if (!passes) return 0;
  DamageKinds found = 0;
  std::size_t gbk_run = 0, big5_run = 0, latin_run = 0, code_page_run = 0;
  int gbk_suspicious = 0, big5_suspicious = 0, window_suspicious = 0;
  unsigned window = 0;
  for (std::size_t i = begin; i < end;) {
    const unsigned lead = data[i];
    if (lead < 0x80) {
      gbk_run = big5_run = latin_run = code_page_run = 0;
      gbk_suspicious = big5_suspicious = 0;
      ++i;
      continue;
    }
    unsigned traits;
    if (lead >= 0xF0) {
      i += 4;
      traits = 0x80;
    } else if (lead >= 0xE0) {
      traits = screen.traits_of((lead & 0x0F) << 12 | (data[i + 1] & 0x3F) << 6 | (data[i + 2] & 0x3F));
      i += 3;
    } else {
      traits = screen.traits_of((lead & 0x1F) << 6 | (data[i + 1] & 0x3F));
      i += 2;
    }
    const unsigned suspicious = traits >> 7;
    window_suspicious += static_cast<int>(suspicious) - static_cast<int>(window >> 7 & 1);
    window = (window << 1 | suspicious) & 0xFF;
    if (window_suspicious >= 4) found |= 8;
    gbk_run = (traits & 1) ? gbk_run + 1 : 0;
    gbk_suspicious = gbk_run == 0 ? 0 : gbk_suspicious + static_cast<int>(suspicious);
    big5_run = (traits & 2) ? big5_run + 1 : 0;
    big5_suspicious = big5_run == 0 ? 0 : big5_suspicious + static_cast<int>(suspicious);
    latin_run = (traits & 4) ? latin_run + 1 : 0;
    code_page_run = (traits & 16) ? code_page_run + 1 : 0;
    if (gbk_run >= 3 && gbk_suspicious >= 2) found |= 1;
    if (big5_run >= 3 && big5_suspicious >= 2) found |= 2;
    if (latin_run >= 4) found |= 4;
    if (code_page_run >= 4) found |= 16;
  }
  return found;
}

}  // namespace

TEST_CASE("the damage screen finds what a plain reading of the text finds", "[chars]") {
  // Random texts of plain Chinese, damage of every kind (whose characters
  // carry the traits and marks), Latin-1, code page symbols, ASCII and
  // astral characters, read over random ranges (cutting characters at
  // either end): the screen's tables, pair loads, plain-character loop and
  // run automata against one character at a time.
  const DamageScreen screen(model());
  const std::vector<std::string> alphabet = {
      "天", "气", "医", "生", "提", "醒", "的", "是", "，", "。", "“", "”", "……", "——",  // plain
      "娓", "╅", "Θ", "鎻", "愮", "ず", "鍖", "荤", "敓", "寤", "鸿",                  // UTF-8 read as GBK
      "瀹", "夊", "叏", "蹇", "冩", "綐",                                              // more of it
      "Î", "Â", "Ü", "°", "Ì", "á", "Ê", "¾", "ÊÑü", "È", "ó",                         // read as Latin-1
      "Ы", "Ж", "╗", "≈", "∂", "é",                                                    // other code pages
      "a", "7", " ", "\xEF\xBF\xBD", "\xF0\xA0\x80\x80", "\xF0\x9F\x98\x80"};           // U+FFFD, astral
  std::mt19937 rng(20261207);
  for (int t = 0; t < 20000; ++t) {
    std::string text;
    for (std::size_t n = rng() % 30; n > 0; --n) text += alphabet[rng() % alphabet.size()];
    const std::size_t begin = text.empty() ? 0 : rng() % (text.size() / 4 + 1);
    const std::size_t end = text.size() - (text.empty() ? 0 : rng() % (text.size() / 4 + 1));
    if (begin > end) continue;
    INFO("text: " << text << " [" << begin << ", " << end << ")");
    REQUIRE(screen.worth_trying(text, begin, end) == plain_worth_trying(screen, text, begin, end));
  }
}

TEST_CASE("lost-byte guesses worked out once give the answers worked out every time", "[chars]") {
  // Shortlists made for another model are not used: every guess is worked out anew.
  const HanFrequencyModel other_model("", "");
  const LostByteShortlists fresh(other_model);
  const LostByteShortlists kept(model());
  const std::string texts[] = {
      "娓╅Θ鎻\xEF\xBF\xBD",              // the last byte of 提 lost: guessed for sure
      "标题：鍖荤敓寤鸿\xEF\xBF\xBD\xEF\xBF\xBD",  // the lost byte of 议 among near-equals
      "娓╅Θ鎻愮ず",                      // nothing lost
      "Z主要Z\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDZ主要",  // UTF-8 and GBK mixed, read as UTF-8
  };
  for (int pass = 0; pass < 2; ++pass) {  // the second pass finds every pattern kept
    for (const std::string& text : texts) {
      INFO(text << " (pass " << pass << ")");
      const std::string anew =
          describe(hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, fresh));
      const std::string memoised =
          describe(hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, kept));
      CHECK(memoised == anew);
    }
  }
  const std::string first = texts[0];
  CHECK(describe(hlint::chars::find_chinese_mojibake(first, 0, first.size(), model(), kEveryKind, kept)) ==
        "0-" + std::to_string(first.size()) + " 温馨提 certain guessed;");
}

TEST_CASE("a lead lost by a Big5 reader that rejects C8 CE may be the lead of 任", "[chars]") {
  // `不要创建任何文件；` written in GBK and read by a Big5 reader that rejects
  // C8 CE (任). glibc's Big5 reads that pair as private use, which ruled 任
  // out: the likeliest value left gave the full-width letter `Ｎ`, reported
  // with no fix (a guess that is neither Han nor Chinese punctuation is no
  // sure repair). The readers that reject it have nothing in row C8, so the
  // guess may be 任 now, and the repair is right.
  const LostByteShortlists shortlists(model());
  const std::string text = "祥猁斐膘\xEF\xBF\xBD庥恄躁\xEF\xBF\xBD˙";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-" + std::to_string(text.size()) + " 不要创建任何文件； certain guessed;");
}

TEST_CASE("a guessed repair that still holds a foreign character is no sure repair", "[chars]") {
  // `信息` read as GBK twice, a byte lost in the second reading: read back
  // once it gives `淇℃会` (`淇℃` is itself `信` read as GBK). Reported, with no fix.
  const LostByteShortlists shortlists(model());
  const std::string text = "娣団剝浼\xEF\xBF\xBD";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-" + std::to_string(text.size()) + " 淇℃会 doubtful guessed;");
}

TEST_CASE("GBK read as Big5 with the ETEN extension is repaired as one run", "[chars]") {
  // `当前病情需要及时启动治疗，其他器官正常。` written in GBK and read by a Big5
  // reader with the ETEN rows (Python's, Windows'): `前 情 启 其 器` come out
  // as `ヶ ① ゐ む ん`, which glibc's Big5 reads as private use. One run,
  // repaired whole; the circled numbers alone are no damage.
  const LostByteShortlists shortlists(model());
  const std::string text = "絞ヶ瓷①剒猁摯奀ゐ雄笥谿ㄛむ坻ん夥淏都﹝";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-" + std::to_string(text.size()) + " 当前病情需要及时启动治疗，其他器官正常。 certain;");
  const std::string numbers = "①②③④⑤";
  CHECK(hlint::chars::find_chinese_mojibake(numbers, 0, numbers.size(), model(), kEveryKind, shortlists).empty());
}

TEST_CASE("a lead lost by a Big5 reader with the ETEN rows may be one of row C8", "[chars]") {
  // `当然可以减少服用剂量` written in GBK and read by a Big5 reader with the
  // ETEN rows, which has nothing in row C8 (glibc's Big5 reads it as private
  // use): the lead of `然` (C8 BB) is lost, and the guess may be it.
  const LostByteShortlists shortlists(model());
  const std::string text = "絞\xEF\xBF\xBD遛奿埮巋棶\xEF\xBF\xBD蚚撙講";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-" + std::to_string(text.size()) + " 当然可以减少服用剂量 certain guessed;");
}

TEST_CASE("GBK read as Big5 in words of their own counts with a smaller gain", "[chars]") {
  // `符号 名称 高血压患者应低盐饮食` written in GBK and read as Big5: the
  // spaced words read back by less than a run needs, but stand alone between
  // ASCII beside the same damage. Alone they are not reported.
  const LostByteShortlists shortlists(model());
  const std::string text = "睫瘍 靡備 詢悛揤遞氪茼腴敆窊妘";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-6 符号 certain;7-13 名称 certain;14-44 高血压患者应低盐饮食 certain;");
  const std::string alone = "睫瘍 靡備";
  CHECK(hlint::chars::find_chinese_mojibake(alone, 0, alone.size(), model(), kEveryKind, shortlists).empty());
}

TEST_CASE("two characters of GBK read as Big5 ending a clause are a sure repair", "[chars]") {
  // `高血压患者应低盐饮食 CT 等。` written in GBK and read as Big5: `脹﹝`
  // reads back as `等。`, a Han character and the punctuation after it.
  const LostByteShortlists shortlists(model());
  const std::string text = "詢悛揤遞氪茼腴敆窊妘 CT 脹﹝";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-30 高血压患者应低盐饮食 certain;34-40 等。 certain;");
}

TEST_CASE("lost leads of GBK read as Big5 are guessed at the common margin", "[chars]") {
  // `任何药物都有副作用` written in GBK and read as Big5 by a reader that
  // rejects row C8: the leads of `任` and of the last character are lost;
  // their best guesses are more than 3 bits ahead but not 5.
  const LostByteShortlists shortlists(model());
  const std::string text = "\xEF\xBF\xBD庥扂或龠樓邽斜壧\xEF\xBF\xBD";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-" + std::to_string(text.size()) + " 任何药物都有副作用 certain guessed;");
}

TEST_CASE("the word model weighs a text by its likeliest words", "[chars]") {
  // A model of four words: `医生` then `建议` is a pair of its own, `医生` then
  // `建设` backs off to the words apart; a text it has no word for is the
  // unknown word, each Han character of it a rare one.
  const hlint::chars::HanWordModel tiny("# test\n@words\n<unk> 30 0\n， 40 0\n医生 100 0\n建议 100 0\n建设 100 0\n"
                                        "@pairs\n2 3:50\n");
  CHECK(tiny.cost(U"医生建议") == 100 + 50 + 40);
  CHECK(tiny.cost(U"医生建设") == 100 + 100 + 40);
  CHECK(tiny.cost(U"医生abc") == 100 + 30 + 40);
  CHECK(tiny.cost(U"医生龘") == 100 + 30 + 173 + 40);
  // The embedded model, loaded on first use.
  const hlint::chars::HanWordModel* words = hlint::chars::HanWordModel::shared();
  REQUIRE(words != nullptr);
  CHECK(words->cost(U"下肢动脉病变") < words->cost(U"下肢动脉病娈"));
  CHECK(words->cost(U"医生建议多喝水") < words->cost(U"医生建设多喝水"));
}

TEST_CASE("UTF-8 read as GBK twice with lost bytes is searched for at the level of the original", "[chars]") {
  // `高血压患者每天应监测血压。` read as GBK twice: the first reading lost
  // bytes (`锟`, the U+FFFD it made, read again), the second lost bytes of
  // the first reading's characters. Each value the second reader can have
  // lost is an option when the first reading can have made its character
  // and the original's bytes still decode; the originals are weighed with
  // the word model: repaired, the guess unsafe.
  const LostByteShortlists shortlists(model());
  const std::string text = "妤傛\xEF\xBF\xBD匡拷锟介崢瀣\xEF\xBF\xBD鍋呴懓鍛\xEF\xBF\xBD鐦℃径鈺佺安閻╂垶绁寸悰锟介崢瀣\xEF\xBF\xBD锟斤拷";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-" + std::to_string(text.size()) + " 高血压患者每天应监测血压。 certain guessed;");
  // `儿童用药应遵医嘱，不可自行加量。`: the likeliest original is not clearly ahead: no fix.
  const std::string close = "閸庤法锟姐儳鏁ら懡锟芥惔鏃堜紥閸栬\xEF\xBF\xBD叉Ш閿涘奔绗夐崣锟介懛锟界悰灞藉\xEF\xBF\xBD為柌蹇嬶拷锟\xEF\xBF\xBD";
  const auto unsure = hlint::chars::find_chinese_mojibake(close, 0, close.size(), model(), kEveryKind, shortlists);
  CHECK(describe(unsure) == "0-" + std::to_string(close.size()) + " 儿童用药应遵医嘱，不可自行加量。 doubtful guessed;");
}

TEST_CASE("GBK read as Big5 one byte out of step is decoded as one stretch", "[chars]") {
  // `患者在任何情况下都不要自行停药。` written in GBK and read as Big5 by a
  // reader that rejects the lead of `任` (C8 CE) and goes on at CE: the rest
  // is read one byte out of step up to the last byte, rejected too. No
  // character boundary is shared for eleven characters; the stretch is
  // decoded whole (before, `患者在` and `药。` were fixed and the middle left).
  const LostByteShortlists shortlists(model());
  const std::string text = "遞氪婓\xEF\xBF\xBD庥恉橦鼘繞撞閡臥婕倰\xEF\xBF\xBD狻﹝";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-" + std::to_string(text.size()) + " 患者在任何情况下都不要自行停药。 certain guessed;");
}

TEST_CASE("guesses of UTF-8 read as GBK are weighed again with both sides decoded", "[chars]") {
  // `每周至少安排一个休息日。` read as GBK: `一` and `个` lost their last
  // bytes. Guessed left to right, the first saw the second only as its own
  // likeliest character; weighed again with each other's choice, both are
  // sure.
  const LostByteShortlists shortlists(model());
  const std::string text = "姣忓懆鑷冲皯瀹夋帓涓\xEF\xBF\xBD涓\xEF\xBF\xBD浼戞伅鏃ャ\xEF\xBF\xBD\xEF\xBF\xBD";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-" + std::to_string(text.size()) + " 每周至少安排一个休息日。 certain guessed;");
}

TEST_CASE("a long run of UTF-8 read as GBK twice is searched one character at a time", "[chars]") {
  // `儿童发烧时可以用温水擦拭身体帮助降温，但不要用酒精。` read as GBK twice:
  // more combinations of options than are decoded whole. Each character with
  // options is chosen in turn with the others held; the last one starts at
  // a first choice that no option of the earlier ones decodes with, and is
  // chosen in its turn.
  const LostByteShortlists shortlists(model());
  const std::string text =
      "閸庤法锟姐儱褰傞悜褎妞傞崣锟芥禒銉ф暏濞撯晜鎸夐幙锔藉\xEF\xBF\xBD\xEF\xBF\xBD闊\xEF\xBF\xBD锟芥担鎾冲簻閸斺晠妾峰〒鈺嬬礉"
      "娴ｅ棔绗夌憰浣烘暏闁版帞绨块妴锟\xEF\xBF\xBD";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-" + std::to_string(text.size()) +
                              " 儿童发烧时可以用温水擦拭身体帮助降温，但不要用酒精。 certain guessed;");
}

TEST_CASE("lost leads of Big5 read as GBK are weighed with the word model in Simplified form", "[chars]") {
  // `這種疫苗每年接種一次。` written in Big5 and read as GBK: the leads of
  // `疫`, `年`, `一` and `。` fall in GBK's user-defined rows and are lost.
  // Mapped to Simplified character by character, the text around each guess
  // is weighed with the word model: sure (before, close by frequency alone).
  const LostByteShortlists shortlists(model());
  const std::string text = "硂贺\xEF\xBF\xBD汰]–\xEF\xBF\xBD~钡贺\xEF\xBF\xBD@Ω\xEF\xBF\xBD" "C";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-" + std::to_string(text.size()) + " 這種疫苗每年接種一次。 certain guessed;");
}

TEST_CASE("a character of its own that lost its last byte is found beside the same damage, with no fix", "[chars]") {
  // `患者 要 按时` read as GBK: `要` (E8 A6 81) lost its last byte before the
  // space. It is found because the same damage is on the line; with no text
  // around it to weigh the guess with, it gets no fix. Alone it is nothing.
  const LostByteShortlists shortlists(model());
  const std::string text = "鎮ｈ\xEF\xBF\xBD\xEF\xBF\xBD 瑕\xEF\xBF\xBD 鎸夋椂";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-12 患者 certain guessed;13-19 要 doubtful guessed;20-29 按时 certain;");
  const std::string alone = "瑕\xEF\xBF\xBD readline";
  CHECK(hlint::chars::find_chinese_mojibake(alone, 0, alone.size(), model(), kEveryKind, shortlists).empty());
}

TEST_CASE("short words read as GBK twice are searched for beside a longer run of the same damage", "[chars]") {
  // `糖尿病患者应该定期检查血糖， 可能 出现 头晕` read as GBK twice: the spaced
  // words' outer readings are too short to count alone; searched for at the
  // level of the original, `出现` and `头晕` are repaired next to the clause
  // (the same damage, proven). Alone they are not reported.
  const LostByteShortlists shortlists(model());
  const std::string text =
      "缁\xEF\xBF\xBD鏍х勘閻ュ懏鍋呴懓鍛\xEF\xBF\xBD绨茬拠銉ョ暰閺堢喐锟斤拷閺屻儴锟斤拷缁\xEF\xBF\xBD鏍电礉 閸欙拷閼筹拷 "
      "閸戣櫣骞\xEF\xBF\xBD 婢跺瓨妾\xEF\xBF\xBD";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) ==
        "0-107 糖尿病患者应该定期检查血糖， certain guessed;127-142 出现 certain guessed;143-158 头晕 certain guessed;");
  const std::string alone = "閸戣櫣骞\xEF\xBF\xBD 婢跺瓨妾\xEF\xBF\xBD";
  CHECK(hlint::chars::find_chinese_mojibake(alone, 0, alone.size(), model(), kEveryKind, shortlists).empty());
}

TEST_CASE("a word of its own of GBK read as Big5 whose two characters each lost a byte", "[chars]") {
  // `患者 如果 没有 好转， 应该 复诊` written in GBK and read as Big5: the
  // reader rejected the lead of `如` (C8 E7) and the trail of `果` before the
  // space, leaving `�蝜�`. Beside the same damage on the line, the two
  // guesses are weighed with each other by the word model. Alone, nothing.
  const LostByteShortlists shortlists(model());
  const std::string text = "遞氪 \xEF\xBF\xBD蝜\xEF\xBF\xBD 羶衄 疑蛌ㄛ 茼蜆 葩淖";
  const auto runs = hlint::chars::find_chinese_mojibake(text, 0, text.size(), model(), kEveryKind, shortlists);
  CHECK(describe(runs) == "0-6 患者 certain;7-16 如果 certain guessed;17-23 没有 certain;24-33 好转， certain;"
                          "34-40 应该 certain;41-47 复诊 doubtful;");
  const std::string alone = "\xEF\xBF\xBD蝜\xEF\xBF\xBD ok";
  CHECK(hlint::chars::find_chinese_mojibake(alone, 0, alone.size(), model(), kEveryKind, shortlists).empty());
}
