#pragma once
// What one live run sends to its watchers: a numbered list of server-sent
// events (telemetry and events), kept for the run's lifetime so that a page
// opened late, or a stream that reconnects with Last-Event-ID, sees the run
// from where it asks. Writers are the run's thread; readers are the HTTP
// threads serving GET /api/live/{run}/stream.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace bfr::server {

struct FeedMessage {
  std::uint64_t id = 0;  // from 1, in order
  std::string event;     // "telemetry", "event", "state"
  std::string data;      // one line of JSON
};

class LiveFeed {
 public:
  // Project choice: at most this many messages are kept (about 40 minutes
  // of telemetry at 25 Hz, more than the 30-minute restriction limit); the
  // oldest go first.
  static constexpr std::size_t kMaxKept = 60'000;
  // A reader gets at most this many at once (a page opened late catches up
  // in a few writes).
  static constexpr std::size_t kMaxBatch = 2'000;

  void publish(std::string event, std::string data);
  // No more messages: readers finish once they have read everything.
  void close();
  bool closed() const;

  // The messages after `after_id`, waiting up to `wait` for one to come
  // when there is none yet. `done` is set once the feed is closed and
  // nothing is left after the ones returned.
  std::vector<FeedMessage> read_after(std::uint64_t after_id, std::chrono::milliseconds wait,
                                      bool& done) const;
  std::uint64_t last_id() const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<FeedMessage> messages_;
  std::uint64_t next_id_ = 1;
  bool closed_ = false;
};

// One message in the text/event-stream format.
std::string sse_text(const FeedMessage& message);

}  // namespace bfr::server
