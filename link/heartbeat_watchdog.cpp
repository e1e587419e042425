#include "link/heartbeat_watchdog.hpp"

namespace bfr::link {

core::Duration clamp_host_timeout(core::Duration requested) {
  if (requested <= core::Duration{}) return kDefaultHostTimeout;
  return core::max(kMinHostTimeout, core::min(requested, kMaxHostTimeout));
}

}  // namespace bfr::link
