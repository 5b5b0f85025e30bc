// Opaque byte records kept in the order they were appended, out of memory
// past a small buffer (like FindingSpool, for anything that is not a
// finding): the per-document facts of the audit formats, one record per
// linted file, for a million files without holding them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/scratch_file.hpp"

namespace hlint {

class RecordSpool {
 public:
  static constexpr std::size_t kDefaultMemoryLimit = std::size_t{4} << 20;

  explicit RecordSpool(std::size_t memory_limit = kDefaultMemoryLimit) : memory_limit_(memory_limit) {}
  RecordSpool(RecordSpool&&) noexcept = default;
  RecordSpool& operator=(RecordSpool&&) noexcept = default;

  void append(std::string_view record);
  std::size_t size() const { return count_; }
  bool spilled() const { return file_.exists(); }

  // Reads the records back one at a time, in order (several readers may
  // read the same spool, one after another or at once).
  class Reader {
   public:
    explicit Reader(const RecordSpool& spool) : spool_(spool) {}
    // The next record into `record`; false at the end.
    bool next(std::string& record);

   private:
    bool fill(std::size_t at_least);
    const RecordSpool& spool_;
    std::uint64_t file_offset_ = 0;
    std::size_t buffered_index_ = 0;  // into spool_.buffered_, once the file is read
    std::string chunk_;               // bytes read but not yet returned
    std::size_t pos_ = 0;             // in chunk_
  };

 private:
  friend class Reader;
  void spill();

  std::size_t memory_limit_;
  std::vector<std::string> buffered_;  // records not in file_, length-prefixed, in pieces
  std::size_t buffered_bytes_ = 0;
  ScratchFile file_{"document records"};
  std::size_t count_ = 0;
};

}  // namespace hlint
