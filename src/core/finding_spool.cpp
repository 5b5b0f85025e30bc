#include "core/finding_spool.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace hlint {

namespace {

// Fixed-width integers and length-prefixed strings.
// The spool is read back by the process that wrote it, so integers are kept
// in the machine's own byte order.
class RecordWriter {
 public:
  explicit RecordWriter(std::string& out) : out_(out) {}
  template <typename Int>
  void raw(Int v) {
    char bytes[sizeof(Int)];
    std::memcpy(bytes, &v, sizeof(Int));
    out_.append(bytes, sizeof(Int));
  }
  void u32(std::uint32_t v) { raw(v); }
  void u64(std::uint64_t v) { raw(v); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  void position(const Position& p) {
    u32(p.line);
    u32(p.column);
    u32(p.utf16_column);
    u32(p.byte_column);
  }
  void location(const Location& l) {
    position(l.start);
    position(l.end);
    u64(l.byte_offset);
    u64(l.byte_end);
  }

 private:
  std::string& out_;
};

class RecordReader {
 public:
  explicit RecordReader(std::string_view in) : in_(in) {}
  template <typename Int>
  Int raw() {
    need(sizeof(Int));
    Int v;
    std::memcpy(&v, in_.data() + pos_, sizeof(Int));
    pos_ += sizeof(Int);
    return v;
  }
  std::uint32_t u32() { return raw<std::uint32_t>(); }
  std::uint64_t u64() { return raw<std::uint64_t>(); }
  // Into an existing string: a reader refilling one Finding reuses its buffers.
  void str(std::string& into) {
    const std::uint64_t n = u64();
    need(n);
    into.assign(in_.data() + pos_, n);
    pos_ += n;
  }
  std::string str() {
    std::string s;
    str(s);
    return s;
  }
  Position position() {
    Position p;
    p.line = u32();
    p.column = u32();
    p.utf16_column = u32();
    p.byte_column = u32();
    return p;
  }
  Location location() {
    Location l;
    l.start = position();
    l.end = position();
    l.byte_offset = u64();
    l.byte_end = u64();
    return l;
  }

 private:
  void need(std::uint64_t n) const {
    if (pos_ + n > in_.size()) throw std::runtime_error("finding spool: truncated record");
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};

void encode(const Finding& f, std::string& out) {
  // The record's length goes in front; written as a placeholder first.
  const std::size_t start = out.size();
  out.append(8, '\0');
  RecordWriter w(out);
  w.str(f.path);
  w.str(f.rule);
  w.u32(static_cast<std::uint32_t>(f.severity));
  w.str(f.message);
  w.location(f.location);
  w.u32(f.has_location ? 1 : 0);
  w.str(f.source_line);
  w.u64(f.source_line_offset);
  w.u32(f.source_line_cut ? 1 : 0);
  w.str(f.fingerprint);
  w.u32(f.fix_description ? 1 : 0);
  if (f.fix_description) w.str(*f.fix_description);
  w.u64(f.fix_edits.size());
  for (const ResolvedEdit& edit : f.fix_edits) {
    w.location(edit.location);
    w.str(edit.replacement);
  }
  w.str(f.rendered);
  std::string length;
  RecordWriter(length).u64(out.size() - start - 8);
  out.replace(start, 8, length);
}

// Refills `f` (its strings keep their capacity from one finding to the next).
void decode(std::string_view record, Finding& f) {
  RecordReader r(record);
  r.str(f.path);
  r.str(f.rule);
  f.severity = static_cast<Severity>(r.u32());
  r.str(f.message);
  f.location = r.location();
  f.has_location = r.u32() != 0;
  r.str(f.source_line);
  f.source_line_offset = r.u64();
  f.source_line_cut = r.u32() != 0;
  r.str(f.fingerprint);
  if (r.u32() != 0)
    f.fix_description = r.str();
  else
    f.fix_description.reset();
  const std::uint64_t edits = r.u64();
  f.fix_edits.resize(edits);
  for (ResolvedEdit& edit : f.fix_edits) {
    edit.location = r.location();
    r.str(edit.replacement);
  }
  r.str(f.rendered);
}

std::uint64_t read_length(std::string_view bytes) { return RecordReader(bytes).u64(); }

}  // namespace

FindingSpool::FindingSpool(std::size_t memory_limit) : memory_limit_(memory_limit) {}

FindingSpool::~FindingSpool() {
  if (file_) std::fclose(file_);
}

FindingSpool::FindingSpool(FindingSpool&& other) noexcept
    : memory_limit_(other.memory_limit_),
      buffer_(std::move(other.buffer_)),
      file_(std::exchange(other.file_, nullptr)),
      count_(std::exchange(other.count_, 0)),
      merged_(std::move(other.merged_)) {}

FindingSpool& FindingSpool::operator=(FindingSpool&& other) noexcept {
  if (this != &other) {
    if (file_) std::fclose(file_);
    memory_limit_ = other.memory_limit_;
    buffer_ = std::move(other.buffer_);
    file_ = std::exchange(other.file_, nullptr);
    count_ = std::exchange(other.count_, 0);
    merged_ = std::move(other.merged_);
  }
  return *this;
}

void EncodedFindings::add(const Finding& finding) {
  encode(finding, bytes_);
  ++count_;
}

void FindingSpool::append(const Finding& finding) {
  encode(finding, buffer_);
  ++count_;
  if (buffer_.size() >= memory_limit_) spill();
}

void FindingSpool::append(const EncodedFindings& batch) {
  buffer_ += batch.bytes_;
  count_ += batch.count_;
  if (buffer_.size() >= memory_limit_) spill();
}

void FindingSpool::spill() {
  if (!file_) {
    file_ = std::tmpfile();
    // No temporary directory: stay in memory rather than lose findings.
    if (!file_) {
      memory_limit_ = static_cast<std::size_t>(-1);
      return;
    }
  }
  std::fseek(file_, 0, SEEK_END);
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    throw std::runtime_error("cannot write the temporary file of findings (disk full?)");
  buffer_.clear();
}

void FindingSpool::merge_in(std::vector<Finding> sorted) {
  if (merged_.empty()) {
    merged_ = std::move(sorted);
    return;
  }
  const auto middle = static_cast<std::ptrdiff_t>(merged_.size());
  for (Finding& f : sorted) merged_.push_back(std::move(f));
  std::inplace_merge(merged_.begin(), merged_.begin() + middle, merged_.end(), finding_less);
}

void FindingSpool::for_each(const std::function<void(const Finding&)>& visit) const {
  Finding finding;
  auto pending = merged_.begin();
  auto decode_and_visit = [&](std::string_view record) {
    decode(record, finding);
    while (pending != merged_.end() && finding_less(*pending, finding)) visit(*pending++);
    visit(finding);
  };
  auto visit_all = [&](std::string_view bytes) {
    std::size_t pos = 0;
    while (pos < bytes.size()) {
      const std::uint64_t length = read_length(bytes.substr(pos));
      if (pos + 8 + length > bytes.size()) throw std::runtime_error("finding spool: truncated record");
      decode_and_visit(bytes.substr(pos + 8, length));
      pos += 8 + length;
    }
  };
  if (file_) {
    // Read back in chunks of whole records.
    std::fflush(file_);
    std::rewind(file_);
    std::string chunk;
    std::vector<char> block(1 << 20);
    for (;;) {
      const std::size_t got = std::fread(block.data(), 1, block.size(), file_);
      if (got == 0) break;
      chunk.append(block.data(), got);
      std::size_t pos = 0;
      while (chunk.size() - pos >= 8) {
        const std::uint64_t length = read_length(std::string_view(chunk).substr(pos));
        if (chunk.size() - pos - 8 < length) break;
        decode_and_visit(std::string_view(chunk).substr(pos + 8, length));
        pos += 8 + length;
      }
      chunk.erase(0, pos);
    }
    if (std::ferror(file_)) throw std::runtime_error("cannot read the temporary file of findings");
    if (!chunk.empty()) throw std::runtime_error("finding spool: truncated record");
  }
  visit_all(buffer_);
  for (; pending != merged_.end(); ++pending) visit(*pending);
}

std::vector<Finding> FindingSpool::to_vector() const {
  std::vector<Finding> out;
  out.reserve(count_);
  for_each([&](const Finding& f) { out.push_back(f); });
  return out;
}

FindingSpool filter(const FindingSpool& findings, const std::function<bool(const Finding&)>& keep) {
  FindingSpool out;
  findings.for_each([&](const Finding& f) {
    if (keep(f)) out.append(f);
  });
  return out;
}

}  // namespace hlint
