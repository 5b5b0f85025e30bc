#include "core/record_spool.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace hlint {

namespace {

// A record is its length (four bytes, the machine's byte order: only this
// process reads the spool) and its bytes.
using RecordLength = std::uint32_t;
constexpr std::size_t kPieceBytes = std::size_t{64} << 10;  // one buffered piece before starting another
constexpr std::size_t kReadBlock = std::size_t{1} << 20;

}  // namespace

void RecordSpool::append(std::string_view record) {
  if (record.size() > std::numeric_limits<RecordLength>::max()) throw std::length_error("record spool: record too large");
  if (buffered_.empty() || buffered_.back().size() >= kPieceBytes) buffered_.emplace_back();
  std::string& piece = buffered_.back();
  const auto length = static_cast<RecordLength>(record.size());
  piece.append(reinterpret_cast<const char*>(&length), sizeof length);
  piece.append(record);
  buffered_bytes_ += sizeof length + record.size();
  ++count_;
  if (buffered_bytes_ >= memory_limit_) spill();
}

void RecordSpool::spill() {
  // No temporary directory: stay in memory rather than lose records.
  if (!file_.exists() && !file_.create()) {
    memory_limit_ = static_cast<std::size_t>(-1);
    return;
  }
  for (const std::string& piece : buffered_) file_.append(piece);
  buffered_.clear();
  buffered_bytes_ = 0;
}

bool RecordSpool::Reader::fill(std::size_t at_least) {
  while (chunk_.size() - pos_ < at_least) {
    chunk_.erase(0, pos_);
    pos_ = 0;
    if (spool_.file_.exists() && file_offset_ < spool_.file_.size()) {
      const auto got = static_cast<std::size_t>(std::min<std::uint64_t>(kReadBlock, spool_.file_.size() - file_offset_));
      const std::size_t old = chunk_.size();
      chunk_.resize(old + got);
      spool_.file_.read(file_offset_, chunk_.data() + old, got);
      file_offset_ += got;
    } else if (buffered_index_ < spool_.buffered_.size()) {
      chunk_ += spool_.buffered_[buffered_index_++];
    } else {
      return false;
    }
  }
  return true;
}

bool RecordSpool::Reader::next(std::string& record) {
  if (!fill(sizeof(RecordLength))) {
    if (chunk_.size() != pos_) throw std::runtime_error("record spool: truncated record");
    return false;
  }
  RecordLength length;
  std::memcpy(&length, chunk_.data() + pos_, sizeof length);
  if (!fill(sizeof length + length)) throw std::runtime_error("record spool: truncated record");
  record.assign(chunk_, pos_ + sizeof length, length);
  pos_ += sizeof length + length;
  return true;
}

}  // namespace hlint
