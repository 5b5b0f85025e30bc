// Traditional Chinese spellings of Simplified cue phrases, made with OpenCC
// (Debian's libopencc) when hlint is built. Checks that look for cues (disclaimers, source labels)
// add these spellings to their phrase lists when they are built, so text
// written in Traditional Chinese (`以下轉載自`, `不應視為診療建議`) is matched
// in place: the positions are those of the original text, and no document is
// converted while linting. This matches what a Traditional→Simplified
// normalisation of the text would match, for text written in one script.
#pragma once

#include <string>
#include <vector>

namespace hlint {

// `phrases` followed by every different spelling OpenCC's character
// dictionaries give of them (STCharacters, then with the Taiwan and Hong Kong
// variants; duplicates dropped). The dictionaries are compiled into hlint
// from the build machine's OpenCC data (core/script_tables.hpp): loading
// and running OpenCC at every start cost a third of the start-up. When
// OpenCC's data could not be read at build time the phrases are returned
// unchanged.
std::vector<std::string> with_traditional_spellings(std::vector<std::string> phrases);

// One phrase converted Traditional→Simplified (t2s), for tests and tools.
std::string to_simplified(const std::string& text);

}  // namespace hlint
