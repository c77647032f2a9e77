// Re-listening cpp-httplib's socket with a real backlog (see listen_socket.h).
#include "tagwire/common/listen_socket.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace tagwire {

int read_somaxconn() {
  std::ifstream in("/proc/sys/net/core/somaxconn");
  int value = -1;
  if (!(in >> value)) return -1;
  return value;
}

Status widen_listen_backlog(int fd, int backlog) {
  if (::listen(fd, backlog) != 0) {
    return Error::make(ErrorKind::kInternal,
                       "listen(backlog=" + std::to_string(backlog) + ") failed: " + std::strerror(errno));
  }
  return Ok{};
}

int bound_port(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  return -1;
}

}  // namespace tagwire
