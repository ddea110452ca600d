// confine_self: a program that confines itself with cordon's C++ library
// (cordon/sandbox/confine_policy.h), no launcher involved.
//
//   confine_self examples/confine_self.policy
//
// It starts a worker thread first, then compiles the policy and confines the
// whole process: capabilities dropped, no_new_privs set, the filter applied
// to every thread (SECCOMP_FILTER_FLAG_TSYNC). Both threads then try to open
// a socket, which the policy answers with EPERM, and the program reports
// what it sees:
//
//   confined: no_new_privs=1 CapEff=0000000000000000
//   main thread: socket: Operation not permitted
//   worker thread: socket: Operation not permitted
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "cordon/sandbox/confine_policy.h"

namespace {

void TrySocket(const char* who) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd >= 0) {
    std::printf("%s: socket: allowed (fd %d)\n", who, fd);
  } else {
    std::printf("%s: socket: %s\n", who, std::strerror(errno));
  }
  std::fflush(stdout);
}

std::string EffectiveCaps() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) == 0) return line.substr(line.find_first_not_of(" \t", 7));
  }
  return "?";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s POLICY\n", argv[0]);
    return 1;
  }
  int go[2];
  if (pipe(go) != 0) return 1;
  // Started before the filter exists: TSYNC confines it all the same.
  std::thread worker([&] {
    char c;
    if (read(go[0], &c, 1) == 1) TrySocket("worker thread");
  });

  cordon::Status s = cordon::sandbox::ConfineWithPolicy(argv[1]);
  if (!s.ok()) {
    std::fprintf(stderr, "confine_self: %s\n", s.message().c_str());
    close(go[1]);  // the worker sees end-of-file and returns without acting
    worker.join();
    return 1;  // never go on unconfined
  }
  std::printf("confined: no_new_privs=%d CapEff=%s\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0),
              EffectiveCaps().c_str());
  TrySocket("main thread");
  if (write(go[1], "x", 1) != 1) return 1;
  worker.join();
  return 0;
}
