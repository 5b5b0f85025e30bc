#include "report/streamed_json.hpp"

#include "report/block_writer.hpp"

#include <stdexcept>
#include <string>

namespace hlint {

namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

}  // namespace

std::string dump_item(const nlohmann::json& item) { return item.dump(2, ' ', false, kReplace); }

void dump_with_streamed_array(std::ostream& out, const nlohmann::json& document, std::string_view marker,
                              const std::function<void(const std::function<void(std::string_view)>&)>& produce,
                              std::size_t items_depth) {
  dump_with_streamed_items(
      out, document, marker,
      [&](StreamedItems& items) { produce([&](std::string_view item) { items.add(item); }); }, items_depth);
}

namespace {

// Each item after its separator and indentation, gathered into blocks
// (BlockWriter): a stream insertion per line cost more than dumping the item.
class IndentedItems : public StreamedItems {
 public:
  IndentedItems(std::ostream& out, std::string item_indent, std::size_t items_depth)
      : writer_(out), item_indent_(std::move(item_indent)), items_depth_(items_depth) {}
  void add(std::string_view item) override { write(item, false); }
  void add_lasting(std::string_view item) override { write(item, true); }
  void release() override { writer_.flush(); }
  bool empty() const { return first_; }

 private:
  void write(std::string_view dumped, bool lasting) {
    writer_.append(first_ ? "\n" : ",\n");
    writer_.append(item_indent_);
    first_ = false;
    if (items_depth_ > 0) {
      lasting ? writer_.append_lasting(dumped) : writer_.append(dumped);
      return;
    }
    // Strings in JSON never hold a raw newline: every newline is layout, and
    // each gets the item's depth added after it.
    for (std::size_t pos = 0; pos < dumped.size();) {
      const std::size_t newline = dumped.find('\n', pos);
      if (newline == std::string_view::npos) {
        writer_.append(dumped.substr(pos));
        break;
      }
      writer_.append(dumped.substr(pos, newline + 1 - pos));
      writer_.append(item_indent_);
      pos = newline + 1;
    }
  }

  BlockWriter writer_;
  const std::string item_indent_;
  const std::size_t items_depth_;
  bool first_ = true;
};

}  // namespace

void dump_with_streamed_items(std::ostream& out, const nlohmann::json& document, std::string_view marker,
                              const std::function<void(StreamedItems&)>& produce, std::size_t items_depth) {
  const std::string text = document.dump(2, ' ', false, kReplace);
  const std::string quoted = nlohmann::json(std::string(marker)).dump();
  const std::size_t at = text.find(quoted);
  if (at == std::string::npos) throw std::logic_error("streamed JSON: marker not found");
  // The array's items sit one level deeper than the line holding the marker.
  const std::size_t line_start = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  const std::size_t indent = text.find_first_not_of(' ', line_start) - line_start;
  std::string item_indent(indent + 2, ' ');
  if (items_depth > 0 && item_indent.size() != 2 * items_depth)
    throw std::logic_error("streamed JSON: the items were indented for another depth");
  out << std::string_view(text).substr(0, at) << '[';
  bool any = false;
  {
    IndentedItems items(out, std::move(item_indent), items_depth);
    produce(items);
    items.release();
    any = !items.empty();
  }
  if (any) out << '\n' << std::string(indent, ' ');
  out << ']' << std::string_view(text).substr(at + quoted.size());
}

}  // namespace hlint
