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
// With `items_depth` > 0 the items come already indented for that depth
// (JsonWriter's indented layout with that base depth: every line after the
// first starts with 2 * (items_depth + its own depth) spaces) and are
// copied as they are; the array must then sit at that depth.
void dump_with_streamed_array(std::ostream& out, const nlohmann::json& document, std::string_view marker,
                              const std::function<void(const std::function<void(std::string_view)>&)>& produce,
                              std::size_t items_depth = 0);

// The items of dump_with_streamed_items(), given as they come.
class StreamedItems {
 public:
  virtual ~StreamedItems() = default;
  // An item, copied.
  virtual void add(std::string_view item) = 0;
  // An item that stays valid until release() is next called (or the array
  // ends): written without being copied where the stream allows it.
  virtual void add_lasting(std::string_view item) = 0;
  // The items given to add_lasting() so far are about to go.
  virtual void release() = 0;
};

// dump_with_streamed_array() whose items may be given in place.
void dump_with_streamed_items(std::ostream& out, const nlohmann::json& document, std::string_view marker,
                              const std::function<void(StreamedItems&)>& produce, std::size_t items_depth = 0);

}  // namespace hlint
