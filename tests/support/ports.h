// free_port: a loopback TCP port that was free a moment ago, for a test that
// must name a port up front (a flag where 0 means "off") or needs a port
// nothing listens on (a refused connection).
//
// The port is bound to 127.0.0.1 with port 0, read back and released, so
// another process may take it before the test does; prefer binding port 0 and
// asking the bound socket whenever the code under test allows it. A socket
// call failing throws std::system_error, which fails the test.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace tagwire::testing {

inline std::uint16_t free_port() {
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  if (probe < 0) throw std::system_error(errno, std::generic_category(), "socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const int error = errno;
    ::close(probe);
    throw std::system_error(error, std::generic_category(), "bind or getsockname on 127.0.0.1:0");
  }
  ::close(probe);
  return ntohs(address.sin_port);
}

}  // namespace tagwire::testing
