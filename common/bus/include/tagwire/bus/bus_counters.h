// Counters the broker keeps about the bus, exported by the API at /debug/counters
// and /metrics.
#pragma once

#include <cstdint>

namespace tagwire::bus {

// Monotonic counts since the broker started. Plain value.
struct BusCounters {
  std::uint64_t jobs_sent = 0;           // JOB messages handed to workers (retries included)
  std::uint64_t replies = 0;             // REPLY messages received (all kinds)
  std::uint64_t coalesced = 0;           // requests that joined a job already open for their URL
  std::uint64_t retried = 0;             // jobs re-sent after their worker expired or disconnected
  std::uint64_t renewed = 0;             // fresh jobs for waiters that outlived their shared job's budget
  std::uint64_t unroutable = 0;          // sends refused by ZeroMQ (peer gone): requeued at once
  std::uint64_t expired_workers = 0;     // workers dropped after `liveness` silent intervals
  std::uint64_t disconnected_workers = 0;  // workers that said DISCONNECT or became unroutable
  std::uint64_t late_replies = 0;        // replies that reached no waiter (all had given up)
  std::uint64_t rejected_replies = 0;    // replies from a peer the job was never sent to: dropped
  std::uint64_t duplicate_replies = 0;   // second replies for a job already answered
  std::uint64_t queue_full_rejections = 0;  // requests answered kOverloaded
  std::uint64_t no_worker_rejections = 0;   // requests answered kNoWorkers
  std::uint64_t deadline_expiries = 0;   // waiters answered kDeadline by the broker
  std::uint64_t unknown_peer_messages = 0;  // HEARTBEAT/REPLY/DISCONNECT from unregistered peers
  std::uint64_t refused_workers = 0;     // peers refused for another protocol major version
  std::uint64_t malformed_messages = 0;  // frames that are not TWB, or bodies that do not decode
  std::uint64_t unauthenticated_peers = 0;  // connections that failed the CURVE handshake (BrokerOptions::curve)
  std::uint64_t revoked_key_messages = 0;   // messages from a connection whose key left the allow-list: ignored
};

// Calls visit(name, help, value) for every counter, in the order above. The
// names are the keys of /debug/counters; /metrics prefixes "tagwire_bus_" and
// suffixes "_total".
template <typename Visit>
void for_each_counter(const BusCounters& c, Visit&& visit) {
  visit("jobs_sent", "JOB messages handed to workers, retries included.", c.jobs_sent);
  visit("replies", "REPLY messages received.", c.replies);
  visit("coalesced", "Requests that joined a job already open for their URL.", c.coalesced);
  visit("retries", "Jobs re-sent after their worker expired or disconnected.", c.retried);
  visit("renewed", "Fresh jobs for waiters that outlived their shared job's budget.", c.renewed);
  visit("unroutable", "Sends ZeroMQ refused because the peer was gone.", c.unroutable);
  visit("expired_workers", "Workers dropped after missing their heartbeats.", c.expired_workers);
  visit("disconnected_workers", "Workers that said DISCONNECT or became unroutable.", c.disconnected_workers);
  visit("late_replies", "Replies that reached no waiter.", c.late_replies);
  visit("rejected_replies", "Replies from a peer the job was never sent to.", c.rejected_replies);
  visit("duplicate_replies", "Second replies for a job already answered.", c.duplicate_replies);
  visit("queue_full_rejections", "Requests refused because the job queue was full.", c.queue_full_rejections);
  visit("no_worker_rejections", "Requests refused because no worker was connected.", c.no_worker_rejections);
  visit("expiries", "Requests answered at their deadline by the broker.", c.deadline_expiries);
  visit("unknown_peer_messages", "Messages from peers that are not registered workers.", c.unknown_peer_messages);
  visit("refused_workers", "Peers refused for another protocol major version.", c.refused_workers);
  visit("malformed_messages", "Frames or bodies that do not decode.", c.malformed_messages);
  visit("unauthenticated_peers",
        "Connections that failed the bus's CURVE handshake: a key not in the allow-list, another server key, no "
        "CURVE, or a hang-up before the handshake ended.",
        c.unauthenticated_peers);
  visit("revoked_key_messages",
        "Messages ignored because their connection's key was removed from the allow-list after its handshake.",
        c.revoked_key_messages);
}

}  // namespace tagwire::bus
