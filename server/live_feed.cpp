#include "server/live_feed.hpp"

#include <fmt/format.h>

namespace bfr::server {

void LiveFeed::publish(std::string event, std::string data) {
  {
    const std::lock_guard lock(mutex_);
    if (closed_) return;
    messages_.push_back(FeedMessage{next_id_++, std::move(event), std::move(data)});
    if (messages_.size() > kMaxKept) messages_.pop_front();
  }
  changed_.notify_all();
}

void LiveFeed::close() {
  {
    const std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

bool LiveFeed::closed() const {
  const std::lock_guard lock(mutex_);
  return closed_;
}

std::uint64_t LiveFeed::last_id() const {
  const std::lock_guard lock(mutex_);
  return next_id_ - 1;
}

std::vector<FeedMessage> LiveFeed::read_after(std::uint64_t after_id,
                                              std::chrono::milliseconds wait, bool& done) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, wait, [&] { return closed_ || next_id_ - 1 > after_id; });
  std::vector<FeedMessage> out;
  // Ids are consecutive: the first wanted one is found by subtraction.
  std::size_t first = 0;
  if (!messages_.empty() && after_id >= messages_.front().id) {
    first = static_cast<std::size_t>(after_id + 1 - messages_.front().id);
  }
  for (std::size_t i = first; i < messages_.size() && out.size() < kMaxBatch; ++i) {
    out.push_back(messages_[i]);
  }
  done = closed_ && (out.empty() || out.back().id == messages_.back().id);
  return out;
}

std::string sse_text(const FeedMessage& message) {
  return fmt::format("id: {}\nevent: {}\ndata: {}\n\n", message.id, message.event, message.data);
}

}  // namespace bfr::server
