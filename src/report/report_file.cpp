#include "report/report_file.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace hlint {

namespace {

std::string errno_text(int error) { return std::generic_category().message(error); }

}  // namespace

namespace {

constexpr std::size_t kBufferBytes = 256 * 1024;

}  // namespace

ReportFile::ReportFile(std::string path) : path_(std::move(path)) {}

ReportFile::~ReportFile() {
  out_.rdbuf(nullptr);
  file_.reset();  // closes the file
  if (!temporary_.empty() && !committed_) ::unlink(temporary_.c_str());
}

bool ReportFile::attach(int fd) {
  file_ = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(fd, std::ios::out | std::ios::binary, kBufferBytes);
  if (!file_->is_open()) {
    ::close(fd);
    return false;
  }
  out_.rdbuf(file_.get());
  out_.clear();
  return true;
}

bool ReportFile::open(std::string& error) {
  // A symbolic link keeps pointing at the report: the file it names is the one replaced.
  std::error_code ec;
  const std::filesystem::path target = std::filesystem::weakly_canonical(path_, ec);
  if (!ec) path_ = target.string();
  struct stat info {};
  const bool exists = ::stat(path_.c_str(), &info) == 0;
  if (exists && !S_ISREG(info.st_mode)) {
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0 || !attach(fd)) {
      error = fmt::format("cannot write {}: {}", path_, errno_text(errno));
      return false;
    }
    return true;
  }
  std::filesystem::path directory = std::filesystem::path(path_).parent_path();
  if (directory.empty()) directory = ".";
  std::string name = (directory / ("." + std::filesystem::path(path_).filename().string() + ".hlint-XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    error = fmt::format("cannot write {}: cannot create a temporary file in {}: {}", path_, directory.string(),
                        errno_text(errno));
    return false;
  }
  // mkstemp makes the file private; a report gets the mode a new file would
  // (an existing report keeps its own).
  mode_t mode = 0;
  if (exists) {
    mode = info.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, mode);
  temporary_ = name;
  if (!attach(fd)) {
    error = fmt::format("cannot write {}: {}", temporary_, errno_text(errno));
    return false;
  }
  return true;
}

bool ReportFile::commit(std::string& error) {
  errno = 0;
  out_.flush();
  const bool written = static_cast<bool>(out_);
  const int write_errno = errno;
  const bool closed = file_ && file_->close() != nullptr;
  if (!written || !closed) {
    const int why = write_errno ? write_errno : errno;
    error = fmt::format("cannot write {}{}{}", path_, why ? ": " : "", why ? errno_text(why) : "");
    if (!temporary_.empty()) error += " (the previous file, if any, is left as it was)";
    return false;
  }
  if (temporary_.empty()) {
    committed_ = true;
    return true;
  }
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    error = fmt::format("cannot replace {}: {}", path_, errno_text(errno));
    return false;
  }
  committed_ = true;
  return true;
}

}  // namespace hlint
