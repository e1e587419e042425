#include "link/heartbeat_watchdog.hpp"

namespace bfr::link {

core::Duration clamp_host_timeout(core::Duration requested) {
  if (requested <= core::Duration{}) return kDefaultHostTimeout;
  return core::max(kMinHostTimeout, core::min(requested, kMaxHostTimeout));
}

core::Duration heartbeat_period_for(core::Duration peer_timeout) {
  const core::Duration timeout = peer_timeout <= core::Duration{} ? kMinHostTimeout : peer_timeout;
  return core::min(kHeartbeatPeriod, timeout / 3);
}

}  // namespace bfr::link
