/* cordon_probe: what the run tests ask a sandboxed program to report.
 * Built twice: dynamically linked (cordon_probe) and static (cordon_probe_static).
 *
 *   cordon_probe hello            print "hello" (the static seccomp test)
 *   cordon_probe ids              pid, ppid, the Uid, Gid, Groups, Cap and NoNewPrivs lines
 *   cordon_probe fds              the open descriptors, one per line
 *   cordon_probe env              the environment, one per line
 *   cordon_probe write PATH       "ok" or the errno name
 *   cordon_probe read PATH        "ok" or the errno name
 *   cordon_probe addr             stack, heap and mmap addresses, fresh heap bytes
 *   cordon_probe zombies          make an orphan that exits, count zombies
 *   cordon_probe wait-signal FILE write our pid to FILE, wait for SIGTERM,
 *                                 print "got TERM", exit 3
 *   cordon_probe sleep FILE       write our pid to FILE, sleep 60 s
 *   cordon_probe kill SIG         kill ourselves with signal SIG
 *   cordon_probe exit N           exit with N
 *   cordon_probe socket           try socket(AF_INET): "ok" or the errno name
 *   cordon_probe uname            the hostname
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

static const char* ErrName(int e) {
  switch (e) {
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EROFS: return "EROFS";
    case ENOENT: return "ENOENT";
    case EINVAL: return "EINVAL";
    default: return strerror(e);
  }
}

static void WritePid(const char* path) {
  FILE* f = fopen(path, "w");
  if (f == NULL) exit(90);
  fprintf(f, "%d\n", getpid());
  fclose(f);
}

static int got_term = 0;
static void OnTerm(int sig) { (void)sig; got_term = 1; }

static int CountZombies(void) {
  DIR* d = opendir("/proc");
  if (d == NULL) return -1;
  int zombies = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    char path[300], buf[512];
    snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) continue;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0) continue;
    buf[n] = '\0';
    char* p = strrchr(buf, ')');
    if (p != NULL && p[1] == ' ' && p[2] == 'Z') ++zombies;
  }
  closedir(d);
  return zombies;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* cmd = argv[1];
  if (strcmp(cmd, "hello") == 0) {
    static const char kHello[] = "hello\n";
    return write(1, kHello, sizeof(kHello) - 1) == sizeof(kHello) - 1 ? 0 : 1;
  }
  if (strcmp(cmd, "ids") == 0) {
    printf("pid %d\nppid %d\n", getpid(), getppid());
    FILE* f = fopen("/proc/self/status", "r");
    char line[512];
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
      if (strncmp(line, "Uid", 3) == 0 || strncmp(line, "Gid", 3) == 0 ||
          strncmp(line, "Groups", 6) == 0 || strncmp(line, "Cap", 3) == 0 ||
          strncmp(line, "NoNewPrivs", 10) == 0) {
        fputs(line, stdout);
      }
    }
    return 0;
  }
  if (strcmp(cmd, "fds") == 0) {
    for (int fd = 0; fd < 1024; ++fd) {
      if (fcntl(fd, F_GETFD) >= 0) printf("%d\n", fd);
    }
    return 0;
  }
  if (strcmp(cmd, "env") == 0) {
    for (char** e = environ; *e != NULL; ++e) puts(*e);
    return 0;
  }
  if ((strcmp(cmd, "write") == 0 || strcmp(cmd, "read") == 0) && argc == 3) {
    int writing = cmd[0] == 'w';
    int fd = open(argv[2], writing ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY, 0644);
    if (fd < 0) {
      puts(ErrName(errno));
      return 0;
    }
    if (writing && write(fd, "x", 1) != 1) {
      puts(ErrName(errno));
      return 0;
    }
    close(fd);
    puts("ok");
    return 0;
  }
  if (strcmp(cmd, "addr") == 0) {
    int local = 0;
    unsigned char* heap = malloc(64);
    void* map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("stack %p\nheap %p\nmmap %p\nlibc %p\nheap-bytes %02x%02x%02x%02x\n", (void*)&local,
           (void*)heap, map, (void*)&printf, heap[0], heap[1], heap[2], heap[3]);
    return 0;
  }
  if (strcmp(cmd, "zombies") == 0) {
    pid_t child = fork();
    if (child == 0) {
      if (fork() == 0) _exit(0);  /* the orphan: exits once its parent is gone */
      usleep(50000);
      _exit(0);
    }
    waitpid(child, NULL, 0);
    usleep(300000);
    printf("zombies %d\n", CountZombies());
    return 0;
  }
  if (strcmp(cmd, "wait-signal") == 0 && argc == 3) {
    signal(SIGTERM, OnTerm);
    WritePid(argv[2]);
    for (int i = 0; i < 600 && !got_term; ++i) usleep(50000);
    if (!got_term) return 4;
    puts("got TERM");
    return 3;
  }
  if (strcmp(cmd, "sleep") == 0 && argc == 3) {
    WritePid(argv[2]);
    sleep(60);
    return 0;
  }
  if (strcmp(cmd, "kill") == 0 && argc == 3) {
    fflush(stdout);
    kill(getpid(), atoi(argv[2]));
    return 5;
  }
  if (strcmp(cmd, "exit") == 0 && argc == 3) return atoi(argv[2]);
  if (strcmp(cmd, "socket") == 0) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    puts(fd >= 0 ? "ok" : ErrName(errno));
    return 0;
  }
  if (strcmp(cmd, "uname") == 0) {
    struct utsname u;
    uname(&u);
    puts(u.nodename);
    return 0;
  }
  return 2;
}
