#pragma once
// Ready-made programmes a clinician starts from and adapts. Each one passes
// validate_programme; each names its sources (in `Programme::sources` and in
// comments beside the numbers in programme_templates.cpp).

#include <vector>

#include "clinic/programme.hpp"

namespace bfr::clinic {

Programme achilles_rupture_programme();
Programme acl_reconstruction_programme();
Programme knee_osteoarthritis_programme();
Programme general_hypertrophy_programme();
Programme aerobic_walking_programme();
Programme aerobic_cycling_programme();
// Passive BFR while a limb is immobilised: no load, cycles of inflation and
// reperfusion on whichever segment carries the cuff.
Programme passive_immobilisation_programme(LimbSegment segment);

// Every template (passive on the thigh), for listing and for tests.
std::vector<Programme> all_programme_templates();

}  // namespace bfr::clinic
