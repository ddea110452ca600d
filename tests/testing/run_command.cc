#include "testing/run_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

extern char** environ;

namespace cordon::testing {
namespace {

double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv, const CommandOptions& options) {
  CommandResult result;
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    result.err = std::string("pipe: ") + strerror(errno);
    return result;
  }
  std::vector<std::string> env_store;
  for (char** e = environ; *e != nullptr; ++e) env_store.push_back(*e);
  for (const std::string& e : options.env) env_store.push_back(e);
  std::vector<char*> envp;
  for (std::string& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (std::string& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);

  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(126);
    execve(argp[0], argp.data(), envp.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  // Feed stdin without blocking on a child that does not read it.
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  size_t fed = 0;
  if (options.stdin_data.empty()) {
    close(in[1]);
    in[1] = -1;
  }
  const double deadline = Now() + options.timeout_seconds;
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open) {
    pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {in[1], POLLOUT, 0}};
    int wait_ms = static_cast<int>((deadline - Now()) * 1000);
    if (wait_ms <= 0) {
      kill(-pid, SIGKILL);
      result.timed_out = true;
      break;
    }
    if (poll(fds, in[1] >= 0 ? 3 : 2, wait_ms) < 0 && errno != EINTR) break;
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      ssize_t n = read(out[0], buf, sizeof(buf));
      if (n <= 0) out_open = false; else result.out.append(buf, static_cast<size_t>(n));
    }
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      ssize_t n = read(err[0], buf, sizeof(buf));
      if (n <= 0) err_open = false; else result.err.append(buf, static_cast<size_t>(n));
    }
    if (in[1] >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = write(in[1], options.stdin_data.data() + fed, options.stdin_data.size() - fed);
      if (n > 0) fed += static_cast<size_t>(n);
      if (n < 0 || fed == options.stdin_data.size()) {
        close(in[1]);
        in[1] = -1;
      }
    }
  }
  if (in[1] >= 0) close(in[1]);
  close(out[0]);
  close(err[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

std::string CordonBinary() { return std::string(CORDON_BINARY_DIR) + "/src/cordon/cli/cordon"; }

std::string SourcePath(const std::string& relative) {
  return std::string(CORDON_SOURCE_DIR) + "/" + relative;
}

std::string CorpusPath(const std::string& relative) {
  std::string path = std::string(CORDON_SOURCE_DIR) + "/../shared/corpus/" + relative;
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? path : "";
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/cordon-test-XXXXXX";
  if (mkdtemp(tmpl) != nullptr) path_ = tmpl;
}

TempDir::~TempDir() {
  if (!path_.empty()) {
    std::string cmd = "rm -rf '" + path_ + "'";
    (void)!system(cmd.c_str());
  }
}

std::string TempDir::Write(const std::string& name, const std::string& text) const {
  std::string path = path_ + "/" + name;
  std::string dir = path.substr(0, path.rfind('/'));
  std::string cmd = "mkdir -p '" + dir + "'";
  (void)!system(cmd.c_str());
  std::ofstream(path) << text;
  return path;
}

}  // namespace cordon::testing
