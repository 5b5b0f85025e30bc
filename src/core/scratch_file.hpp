// ScratchFile: an anonymous temporary file to append bytes to and read them
// back, for the state of a run that must not stay in memory (the finding
// spool, the corpus checks' external sort). It is std::tmpfile(): the system
// removes it, and only this process reads it, so what is written is raw
// bytes in the machine's own layout. It is made in $TMPDIR (else /tmp), as
// unnamed (O_TMPFILE) or unlinked at once. A failing file (disk full) throws
// ScratchFileError naming the file's user and its directory.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hlint {

// A temporary file that cannot be created, written or read (a full disk):
// the command line reports it and exits 2.
class ScratchFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The directory for temporary files: $TMPDIR if set, else /tmp.
std::string temporary_directory();

class ScratchFile {
 public:
  // `what` names the file's user in error messages.
  explicit ScratchFile(std::string what) : what_(std::move(what)) {}
  ~ScratchFile();
  ScratchFile(ScratchFile&& other) noexcept;
  ScratchFile& operator=(ScratchFile&& other) noexcept;
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  // Creates the file now rather than on the first append: false (and no
  // file) when the system gives no temporary file, for callers that can do
  // without one.
  bool create();
  bool exists() const { return file_ != nullptr; }

  // Appends the bytes (the file is created on the first call) and returns
  // the offset where they start.
  std::uint64_t append(std::string_view bytes);
  // Reads `size` bytes at `offset` (all of them must have been appended).
  void read(std::uint64_t offset, char* into, std::size_t size) const;
  std::uint64_t size() const { return size_; }

  // A read-only view of bytes of the file in place: a mapping of its pages,
  // so reading them back copies nothing (read() copies every byte from the
  // page cache into a buffer). Unmapped when destroyed; the mapped pages
  // count in the process's memory while it lives, so keep it small.
  class Mapping {
   public:
    Mapping() = default;
    Mapping(Mapping&& other) noexcept;
    Mapping& operator=(Mapping&& other) noexcept;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping();
    std::string_view bytes() const { return bytes_; }

   private:
    friend class ScratchFile;
    void* base_ = nullptr;
    std::size_t length_ = 0;
    std::string_view bytes_;
  };
  // Maps `size` bytes at `offset` (all of them appended): false, and
  // `mapping` left empty, when the system refuses (the caller reads instead).
  bool map(std::uint64_t offset, std::size_t size, Mapping& mapping) const;

 private:
  [[noreturn]] void fail(const char* doing) const;
  std::string what_;
  // stdio's buffer (glibc's setvbuf allocates none of a chosen size itself);
  // declared first, so freed after the file is closed.
  std::unique_ptr<char[]> buffer_;
  std::FILE* file_ = nullptr;
  std::uint64_t size_ = 0;
  mutable bool at_end_ = false;  // the file position is at its end (appends need no seek)
};

}  // namespace hlint
