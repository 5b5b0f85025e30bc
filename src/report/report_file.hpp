// A report file (-o, --report) written whole or not at all (issue 18): the
// report goes to a temporary file in the same directory, renamed over the
// old one only once every byte is written. A full disk or any other write
// error leaves the previous report as it was and is said, with exit code 2,
// instead of a truncated JSON file and exit code 1.
//
// An existing target that is not a regular file (/dev/stdout, /dev/null, a
// FIFO a CI step reads) is written in place: renaming over it would replace
// the device or the pipe.
#pragma once

#include <ext/stdio_filebuf.h>

#include <memory>
#include <optional>
#include <ostream>
#include <string>

namespace hlint {

class ReportFile {
 public:
  explicit ReportFile(std::string path);
  ~ReportFile();  // removes the temporary file if commit() was not reached
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;

  // Creates the temporary file (or opens the special file). False with
  // `error` set when it cannot.
  bool open(std::string& error);
  std::ostream& stream() { return out_; }
  // Flushes, closes and renames into place. False with `error` set (and the
  // previous file untouched) if any write failed.
  bool commit(std::string& error);

 private:
  // The stream over `fd` (taken: closed with the stream, or here on failure).
  bool attach(int fd);
  std::string path_;       // where the report goes (a symbolic link resolved)
  std::string temporary_;  // empty when written in place
  // The stream's buffer over the file's descriptor (which BlockWriter writes
  // to directly): 256 KB, where libstdc++'s default of 8 KB made a system
  // call per 8 KB of a report that may run to hundreds of MB. Declared before
  // the stream, so destroyed (and the file closed) after it.
  std::unique_ptr<__gnu_cxx::stdio_filebuf<char>> file_;
  std::ostream out_{nullptr};
  bool committed_ = false;
};

}  // namespace hlint
