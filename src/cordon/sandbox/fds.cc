#include "cordon/sandbox/fds.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include "cordon/sandbox/wire.h"

namespace cordon::sandbox {

Result<FdPlan> PlanFds(const std::vector<int>& preserve, size_t passed) {
  FdPlan plan;
  for (int fd : preserve) {
    if (fd < 0) return UsageError("--preserve-fd " + std::to_string(fd) + ": not a descriptor");
    if (fd <= 2) continue;  // always inherited
    if (fcntl(fd, F_GETFD) < 0) {
      return UsageError("--preserve-fd " + std::to_string(fd) + ": descriptor is not open");
    }
    plan.preserve.push_back(fd);
  }
  std::sort(plan.preserve.begin(), plan.preserve.end());
  plan.preserve.erase(std::unique(plan.preserve.begin(), plan.preserve.end()), plan.preserve.end());
  for (int candidate = 3; plan.passed_targets.size() < passed; ++candidate) {
    if (!std::binary_search(plan.preserve.begin(), plan.preserve.end(), candidate)) {
      plan.passed_targets.push_back(candidate);
    }
  }
  plan.keep = {0, 1, 2};
  plan.keep.insert(plan.keep.end(), plan.preserve.begin(), plan.preserve.end());
  plan.keep.insert(plan.keep.end(), plan.passed_targets.begin(), plan.passed_targets.end());
  std::sort(plan.keep.begin(), plan.keep.end());
  plan.internal_floor = plan.keep.back() + 1;
  return plan;
}

Status MoveAbove(UniqueFd* fd, int floor) {
  if (!fd->valid() || fd->get() >= floor) return OkStatus();
  int moved = fcntl(fd->get(), F_DUPFD_CLOEXEC, floor);
  if (moved < 0) return ErrnoStatus(errno, "move a descriptor above " + std::to_string(floor));
  fd->Reset(moved);
  return OkStatus();
}

SetupError ArrangeFds(const FdPlan& plan, std::span<const int> passed_sources) {
  for (size_t i = 0; i < passed_sources.size() && i < plan.passed_targets.size(); ++i) {
    if (dup3(passed_sources[i], plan.passed_targets[i], 0) < 0) {
      return SetupError::Errno(kStepFdMove, i);
    }
  }
  for (size_t i = 0; i < plan.preserve.size(); ++i) {
    if (fcntl(plan.preserve[i], F_SETFD, 0) != 0) return SetupError::Errno(kStepFdPreserve, i);
  }
  // Close-on-exec for every gap between kept descriptors, up to the end.
  unsigned from = 3;
  for (int keep : plan.keep) {
    unsigned k = static_cast<unsigned>(keep);
    if (k < from) continue;
    if (k > from && close_range(from, k - 1, CLOSE_RANGE_CLOEXEC) != 0) {
      return SetupError::Errno(kStepFdCloseRest);
    }
    from = k + 1;
  }
  if (close_range(from, UINT_MAX, CLOSE_RANGE_CLOEXEC) != 0) {
    return SetupError::Errno(kStepFdCloseRest);
  }
  return {};
}

std::vector<std::string> BuildEnvironment(const Environment& env, char** current,
                                          const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  auto name_of = [](const std::string& e) { return e.substr(0, e.find('=')); };
  auto set = [&](const std::string& entry) {
    std::string name = name_of(entry);
    std::erase_if(out, [&](const std::string& e) { return name_of(e) == name; });
    out.push_back(entry);
  };
  if (!env.reset) {
    for (char** e = current; e != nullptr && *e != nullptr; ++e) {
      std::string entry = *e;
      std::string name = name_of(entry);
      if (name == wire::kEnvSeccompFd || name == wire::kEnvNotifyFd) continue;
      out.push_back(std::move(entry));
    }
  }
  for (const auto& [name, value] : env.add) set(name + "=" + value);
  for (const std::string& entry : extra) set(entry);
  return out;
}

const char* EnvValue(const std::vector<std::string>& env, const std::string& name) {
  for (const std::string& e : env) {
    if (e.size() > name.size() && e.compare(0, name.size(), name) == 0 && e[name.size()] == '=') {
      return e.c_str() + name.size() + 1;
    }
  }
  return nullptr;
}

}  // namespace cordon::sandbox
