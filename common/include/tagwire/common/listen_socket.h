// The listening socket's backlog: cpp-httplib 0.11.4 as Debian ships it calls
// listen(fd, 5) inside the shared library, so a burst of more than a handful of
// simultaneous connections overflows the accept queue (the client sees SYN
// retransmits, ~1 s stalls). Linux lets a second listen() on a listening socket
// change its backlog; the kernel silently caps it at net.core.somaxconn.
//
// Thread safety: free functions over a file descriptor the caller owns.
#pragma once

#include "tagwire/common/result.h"

namespace tagwire {

// net.core.somaxconn, or -1 when /proc/sys/net/core/somaxconn cannot be read.
int read_somaxconn();

// Calls listen(fd, backlog) again. Fails (kInternal, with errno's text) when
// the kernel refuses, e.g. when fd is not a bound TCP socket.
Status widen_listen_backlog(int fd, int backlog);

// The local port `fd` is bound to, or -1.
int bound_port(int fd);

}  // namespace tagwire
