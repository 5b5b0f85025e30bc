#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/line_index.hpp"
#include "core/source_text.hpp"

using hlint::Encoding;
using hlint::LineIndex;
using hlint::SourceText;

TEST_CASE("UTF-8 text is kept as it is, offsets are the file's") {
  const auto source = SourceText::decode("肉毒素\nabc");
  CHECK(source.encoding() == Encoding::utf8);
  CHECK(source.text() == "肉毒素\nabc");
  CHECK(source.original_offset(3) == 3);
  CHECK(source.invalid_bytes().empty());
}

TEST_CASE("a UTF-8 BOM is removed and offsets shift by three bytes") {
  const auto source = SourceText::decode("\xEF\xBB\xBF标题\n");
  CHECK(source.encoding() == Encoding::utf8_bom);
  CHECK(source.text() == "标题\n");
  CHECK(source.original_offset(0) == 3);
  CHECK(source.original_offset(3) == 6);
}

TEST_CASE("GB18030 is detected, decoded, and every character maps to its original bytes") {
  // "肌肉萎缩 ab\n结" in GB18030: each Han character is two bytes.
  const std::string gbk = "\xBC\xA1\xC8\xE2\xCE\xAE\xCB\xF5 ab\n\xBD\xE1";
  const auto source = SourceText::decode(gbk);
  CHECK(source.encoding() == Encoding::gb18030);
  CHECK(source.text() == "肌肉萎缩 ab\n结");
  CHECK(source.original_offset(0) == 0);
  CHECK(source.original_offset(3) == 2);   // 肉
  CHECK(source.original_offset(12) == 8);  // the space
  CHECK(source.original_offset(16) == 12); // 结
  CHECK(source.invalid_bytes().empty());
}

TEST_CASE("UTF-16 with and without BOM is decoded") {
  const std::string le_bom("\xFF\xFE\x07\x68\x98\x98\n\0", 8);  // 标题\n
  auto source = SourceText::decode(le_bom);
  CHECK(source.encoding() == Encoding::utf16le);
  CHECK(source.text() == "标题\n");
  CHECK(source.original_offset(3) == 4);
  std::string le_plain;
  for (char c : std::string("abcdefgh\nijk")) le_plain += std::string(1, c) + std::string(1, '\0');
  source = SourceText::decode(le_plain);
  CHECK(source.encoding() == Encoding::utf16le);
  CHECK(source.text() == "abcdefgh\nijk");
}

TEST_CASE("invalid UTF-8 bytes become U+FFFD and are reported at their exact place") {
  const auto source = SourceText::decode("ab\xE8\x82 c\xFF 肉毒素");
  CHECK(source.encoding() == Encoding::utf8);
  REQUIRE(source.invalid_bytes().size() == 2);
  const auto& first = source.invalid_bytes()[0];
  CHECK(first.offset == 2);
  CHECK(first.length == 6);  // two replacement characters
  CHECK(first.raw == "\xE8\x82");
  CHECK(source.original_offset(first.offset) == 2);
  CHECK(source.original_offset(first.offset + 3) == 3);
  CHECK(source.original_offset(8) == 4);  // the space after them
  CHECK(source.invalid_bytes()[1].raw == "\xFF");
}

TEST_CASE("binary data is recognised from content") {
  CHECK(hlint::looks_binary(std::string("\x89PNG\r\n\x1a\n", 8)));
  CHECK(hlint::looks_binary(std::string("abc\0def", 7)));
  CHECK_FALSE(hlint::looks_binary("普通的文本\n"));
  CHECK_FALSE(hlint::looks_binary(std::string("\xFF\xFE" "a\0", 4)));
}

TEST_CASE("binary data: more than one byte in ten is a control byte text does not use") {
  // Every byte below 0x20 but NUL, at every place in a word and a block, in
  // texts of every length around the threshold; text's own control bytes
  // (line ends, tab, form feed, escape) never count.
  const std::string text_controls = "\n\r\t\f\x1B";
  for (int control = 1; control < 0x20; ++control) {
    const bool counts = text_controls.find(static_cast<char>(control)) == std::string::npos;
    for (std::size_t size = 1; size <= 80; ++size) {
      for (std::size_t controls = 0; controls <= size && controls <= 12; ++controls) {
        std::string bytes(size, 'x');
        // Spread over the text, starting at a different place each time.
        for (std::size_t k = 0; k < controls; ++k) bytes[(controls + k * 7) % size] = static_cast<char>(control);
        std::size_t placed = 0;
        for (char c : bytes) placed += c == static_cast<char>(control);
        INFO("control " << control << ", size " << size << ", controls " << placed);
        CHECK(hlint::looks_binary(bytes) == (counts && placed * 10 > size));
      }
    }
  }
  // Chinese text (no byte below 0x80 in a character) with line ends only.
  std::string chinese;
  for (int line = 0; line < 200; ++line) chinese += "中文的句子，第二句。\n";
  CHECK_FALSE(hlint::looks_binary(chinese));
  chinese[100] = '\x01';
  CHECK_FALSE(hlint::looks_binary(chinese));
}

TEST_CASE("line index: LF, CRLF and CR line ends") {
  const std::string text = "a\r\nb\rc\nd";
  LineIndex lines(text);
  REQUIRE(lines.line_count() == 4);
  CHECK(lines.position(3).line == 2);
  CHECK(lines.position(5).line == 3);
  CHECK(lines.position(7).line == 4);
  CHECK(lines.line_text(0) == "a");
  CHECK(lines.line_text(1) == "b");
}

TEST_CASE("columns count code points, UTF-16 units and bytes") {
  // An emoji (2 UTF-16 units, 4 bytes) and a CJK Extension B character (2 units, 4 bytes) before Z.
  const std::string text = "x\n😀𠀀中Z";
  LineIndex lines(text);
  const auto z = text.find('Z');
  const auto pos = lines.position(z);
  CHECK(pos.line == 2);
  CHECK(pos.column == 4);
  CHECK(pos.utf16_column == 6);
  CHECK(pos.byte_column == 12);
}

TEST_CASE("line index: positions asked in any order match those of a fresh index") {
  const std::string text = "第一行 abc\n\n第三行😀x\r\nlast 行";
  // Every order of offsets: forward, backward, jumping lines, past the end.
  const std::vector<std::size_t> offsets = {0, 3, 9, 13, 12, 14, 30, 17, 40, 33, 100, 2, 14, 14, 28, 27};
  LineIndex reused(text);
  for (std::size_t offset : offsets) {
    const LineIndex fresh(text);
    const hlint::Position want = fresh.position(offset);
    const hlint::Position got = reused.position(offset);
    INFO("offset " << offset);
    CHECK(got.line == want.line);
    CHECK(got.column == want.column);
    CHECK(got.utf16_column == want.utf16_column);
    CHECK(got.byte_column == want.byte_column);
  }
  // Resumed from a known position, as Document::locate does.
  reused.resume_from(13, LineIndex(text).position(13));
  CHECK(reused.position(20).column == LineIndex(text).position(20).column);
}

TEST_CASE("a Big5 file is told from GB18030 by how plausibly each reads; a close call names the runner-up") {
  // 醫生建議 in Big5: too short for uchardet, and valid GB18030 too.
  auto big5 = hlint::SourceText::decode(std::string("\xC2\xE5\xA5\xCD\xAB\xD8\xC4\xB3\n"));
  CHECK(big5.encoding() == hlint::Encoding::big5);
  CHECK(big5.text() == "醫生建議\n");
  CHECK_FALSE(big5.runner_up().has_value());
  // 價意備傷 in Big5 reads as 基種称端 in GB18030: common characters both ways.
  auto close = hlint::SourceText::decode(std::string("\xBB\xF9\xB7\x4E\xB3\xC6\xB6\xCB\n"));
  CHECK(close.encoding() == hlint::Encoding::big5);
  REQUIRE(close.runner_up().has_value());
  CHECK(*close.runner_up() == hlint::Encoding::gb18030);
  // GBK text stays GB18030, with no close call.
  auto gbk = hlint::SourceText::decode(std::string("\xCE\xC2\xDC\xB0\xCC\xE1\xCA\xBE\xA3\xBA\xB6\xE0\xBA\xC8\xCB\xAE\n"));
  CHECK(gbk.encoding() == hlint::Encoding::gb18030);
  CHECK(gbk.text() == "温馨提示：多喝水\n");
}
