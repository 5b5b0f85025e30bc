// Pretty-printed JSON documents whose one big array is written item by item:
// a SARIF, rdjson or GitLab report of a million findings is never one DOM in
// memory. The output is byte-for-byte what nlohmann::json::dump(2) prints
// for the whole document.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>

namespace hlint {

// An array item as dump_with_streamed_array() takes it: dumped on its own
// with dump(2) (it may have been dumped ahead, on another thread).
std::string dump_item(const nlohmann::json& item);

// Writes `document`, in which one value is the string `marker`, replacing
// that value with an array of the items `produce` passes to its callback,
// each as dump_item() wrote it.
void dump_with_streamed_array(std::ostream& out, const nlohmann::json& document, std::string_view marker,
                              const std::function<void(const std::function<void(std::string_view)>&)>& produce);

}  // namespace hlint
