// UTF-8 text that was decoded as Latin-1 or Windows-1252 and saved again:
// every byte of a multi-byte character became a character of its own
// (`é` -> `Ã©`, `锟` -> `é”Ÿ`, `，` -> `ï¼Œ`). Shared by chars/mojibake, which
// reports such runs, and chars/control, which leaves the C1 controls inside
// them to chars/mojibake.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hlint::chars {

struct Latin1Mojibake {
  std::size_t begin = 0;  // byte range in the text given
  std::size_t end = 0;
  std::string original;   // the text before the damage: `é`
};

// Maximal runs of consecutive damaged characters in text[begin, end). See
// mojibake.md for the exact rule.
std::vector<Latin1Mojibake> find_latin1_mojibake(std::string_view text, std::size_t begin, std::size_t end);

}  // namespace hlint::chars
