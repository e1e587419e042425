#include "clinic/programme_templates.hpp"

#include <string>
#include <utility>

namespace bfr::clinic {

namespace {

constexpr auto kThigh = LimbSegment::kThigh;
constexpr auto kUpperArm = LimbSegment::kUpperArm;

// A resistance exercise with the defaults of programme.hpp (30-15-15-15,
// 30 s rests, 2 s / 2 s, 10 min limit, top of the segment's LOP band).
Exercise loaded(std::string name, LimbSegment segment, double fraction_of_one_rm,
                int sessions_per_week, std::string notes = {}) {
  Prescription p = resistance_prescription(segment);
  p.sessions_per_week = sessions_per_week;
  std::get<ResistanceWork>(p.work).load = Load{LoadKind::kFractionOfOneRm, fraction_of_one_rm};
  return Exercise{std::move(name), p, std::move(notes)};
}

Exercise bodyweight(std::string name, LimbSegment segment, int sessions_per_week,
                    std::string notes = {}) {
  Prescription p = resistance_prescription(segment);
  p.sessions_per_week = sessions_per_week;
  std::get<ResistanceWork>(p.work).load = Load{LoadKind::kBodyweight, 0};
  return Exercise{std::move(name), p, std::move(notes)};
}

// bfr-facts §1 (seed "Outside" article): 3 min walk / 1 min rest x 5. The
// cuff stays up through the 1 min rests, as in the walking studies; 19 min
// in all, inside the 20 min lower-limb cap (AIS).
AerobicWork walking_bouts() {
  return AerobicWork{AerobicMode::kWalking, 180, 60, 5, true, std::nullopt};
}

Exercise walking(int sessions_per_week, std::string notes = {}) {
  Prescription p = aerobic_prescription(kThigh, walking_bouts());
  p.sessions_per_week = sessions_per_week;
  return Exercise{"BFR walking", p, std::move(notes)};
}

}  // namespace

// Sources: bfr-facts §1, seed "What Is BFR Training?" (phases, exercises,
// cuff on the proximal thigh, 2-3 sessions/week, DVT screening first); HSS
// protocol (2 s / 2 s cadence); Patterson 2019 (pressure, 30-15-15-15,
// rests); seed Hevy Coach article (start at loads that barely challenge).
// Project choices: 3 sessions/week (top of 2-3), 20 % 1RM for the calf in
// the boot phase, phase lengths of at least 6 weeks each (the facts give
// none).
Programme achilles_rupture_programme() {
  constexpr int kPerWeek = 3;
  Phase boot{
      "Early post-op / boot",
      "keep calf and thigh strength while the repair is protected",
      {loaded("Seated calf raise", kThigh, kMinLoadFraction, kPerWeek,
              "1RM from a submaximal test only; never test a maximum on the repaired side"),
       loaded("Leg press", kThigh, kDefaultLoadFraction, kPerWeek),
       bodyweight("Hip extension", kThigh, kPerWeek), bodyweight("Hip abduction", kThigh, kPerWeek),
       walking(kPerWeek, "in the boot, as the surgeon's weight-bearing rules allow")},
      AdvanceCriteria{6, 12, 2, 2, true,
                      "the surgeon or physiotherapist has cleared full weight bearing "
                      "out of the boot"}};
  Phase strengthening{
      "Strengthening",
      "rebuild calf strength towards unassisted high-load work",
      {bodyweight("Standing calf raise", kThigh, kPerWeek,
                  "double-leg first, then single-leg; add load through the progression rules"),
       loaded("Leg press", kThigh, kDefaultLoadFraction, kPerWeek)},
      AdvanceCriteria{6, 12, 2, 2, true,
                      "ready to progress to unassisted high-load training without BFR"}};
  return Programme{"Achilles tendon rupture",
                   "post-operative or conservatively managed Achilles tendon rupture",
                   {"seed 'What Is BFR Training?' (bfr-facts §1)", "HSS Achilles protocol",
                    "Patterson et al. 2019, Front Physiol 10:533"},
                   {boot, strengthening}};
}

// Sources: bfr-facts §1, seed "Blood Flow Restriction Training in Physical
// Therapy" (isometric quad sets, 5 s holds); Patterson 2019 (1-2 sessions a
// day for under 3 weeks, then 2-3 a week; pressure, loads, reps). The phase
// structure is a project choice: the facts give no ACL-specific protocol.
Programme acl_reconstruction_programme() {
  Prescription quad_set = resistance_prescription(kThigh);
  quad_set.sessions_per_week = 7;
  auto& quad_work = std::get<ResistanceWork>(quad_set.work);
  quad_work.load = Load{LoadKind::kBodyweight, 0};
  quad_work.cadence.isometric_hold_s = 5;  // bfr-facts §1 (seed): hold 5 s per rep
  Phase early{
      "Early post-op",
      "limit quadriceps wasting while the graft is protected",
      {Exercise{"Isometric quad set", quad_set, "5 s hold per rep"},
       bodyweight("Straight leg raise", kThigh, 7)},
      AdvanceCriteria{2, 10, 2, 2, true, "the surgeon's protocol allows loaded knee exercise"}};
  Phase strengthening{
      "Strengthening",
      "rebuild quadriceps and hamstring strength at low load",
      {loaded("Leg press", kThigh, kDefaultLoadFraction, 3),
       loaded("Knee extension", kThigh, kDefaultLoadFraction, 3,
              "range of motion as the surgeon's protocol allows"),
       loaded("Hamstring curl", kThigh, kDefaultLoadFraction, 3)},
      AdvanceCriteria{8, 20, 2, 2, true, "ready for high-load training without BFR"}};
  return Programme{"ACL reconstruction",
                   "after anterior cruciate ligament reconstruction",
                   {"seed 'Blood Flow Restriction Training in Physical Therapy' (bfr-facts §1)",
                    "Patterson et al. 2019, Front Physiol 10:533"},
                   {early, strengthening}};
}

// Sources: bfr-facts §1, Patterson 2019 (pressure band, loads, reps, 2-3
// sessions/week). Project choice: 70 % LOP, mid lower-limb band, for an older
// population that often carries comorbidities; at least 8 weeks.
Programme knee_osteoarthritis_programme() {
  Exercise press = loaded("Leg press", kThigh, kDefaultLoadFraction, 3);
  Exercise extension = loaded("Knee extension", kThigh, kDefaultLoadFraction, 3);
  press.prescription.target_fraction_of_lop = 0.70;
  extension.prescription.target_fraction_of_lop = 0.70;
  Phase phase{"Strengthening",
              "quadriceps strength without the joint load of heavy training",
              {press, extension},
              AdvanceCriteria{8, 16, 2, 2, true, "review: continue, or move to higher loads"}};
  return Programme{"Knee osteoarthritis",
                   "knee osteoarthritis where heavy loading is poorly tolerated",
                   {"Patterson et al. 2019, Front Physiol 10:533"},
                   {phase}};
}

// Sources: bfr-facts §1, Patterson 2019 (LOP bands per limb, 20-40 % 1RM,
// 30-15-15-15, 30-60 s rests, 2-3 sessions/week).
Programme general_hypertrophy_programme() {
  Phase phase{"Hypertrophy",
              "muscle size and strength at low load",
              {loaded("Leg press", kThigh, kDefaultLoadFraction, 3),
               loaded("Knee extension", kThigh, kDefaultLoadFraction, 3),
               loaded("Biceps curl", kUpperArm, kDefaultLoadFraction, 3),
               loaded("Triceps pushdown", kUpperArm, kDefaultLoadFraction, 3)},
              AdvanceCriteria{6, 12, 2, 3, true, "review the programme"}};
  return Programme{"General hypertrophy",
                   "healthy trained or untrained adults",
                   {"Patterson et al. 2019, Front Physiol 10:533"},
                   {phase}};
}

// Sources: bfr-facts §1, seed "Outside" article (3 min walk / 1 min rest x 5,
// twice daily); VALD guidance (40-80 % LOP below 50 % VO2max); Patterson 2019
// (1-2 sessions a day for under 3 weeks).
Programme aerobic_walking_programme() {
  Phase phase{
      "BFR walking",
      "aerobic and muscular conditioning at walking intensity",
      {walking(14, "twice a day")},
      AdvanceCriteria{3, 0, 1, 2, true, "review: continue at 2-3 sessions a week, or stop"}};
  return Programme{"Aerobic BFR walking",
                   "deconditioned adults; return to activity",
                   {"seed 'Outside' article (bfr-facts §1)", "VALD guidance",
                    "Patterson et al. 2019, Front Physiol 10:533"},
                   {phase}};
}

// Sources: bfr-facts §1, seed "Outside" article (15 min cycling at 40 %
// VO2max, 3x/week for 8 weeks); VALD guidance (40-80 % LOP below 50 %
// VO2max).
Programme aerobic_cycling_programme() {
  Prescription p =
      aerobic_prescription(kThigh, AerobicWork{AerobicMode::kCycling, 15 * 60, 0, 1, true, 0.40});
  p.sessions_per_week = 3;
  Phase phase{"BFR cycling",
              "aerobic capacity and thigh muscle at low intensity",
              {Exercise{"BFR cycling", p, "15 min at 40 % VO2max"}},
              AdvanceCriteria{8, 24, 1, 2, true, "review after the 8 weeks"}};
  return Programme{"Aerobic BFR cycling",
                   "aerobic conditioning at low intensity",
                   {"seed 'Outside' article (bfr-facts §1)", "VALD guidance"},
                   {phase}};
}

// Sources: bfr-facts §1, VALD guidance (5 min inflated / 3-5 min deflated);
// Patterson 2019 (sessions daily for short periods). Project choices: 5 cycles
// (the facts give no count), 3 min reperfusion (shortest of the range, also
// the AIS reperfusion), one session a day.
Programme passive_immobilisation_programme(LimbSegment segment) {
  Phase phase{
      "Immobilised",
      "limit disuse atrophy while the limb cannot train",
      {Exercise{"Passive BFR cycles", passive_prescription(segment), "no load; the patient rests"}},
      AdvanceCriteria{0, 0, 1, 2, true, "immobilisation has ended: move to an active programme"}};
  return Programme{"Passive BFR during immobilisation",
                   "immobilised limb (cast, brace, bed rest)",
                   {"VALD guidance (bfr-facts §1)", "Patterson et al. 2019, Front Physiol 10:533"},
                   {phase}};
}

std::vector<Programme> all_programme_templates() {
  return {achilles_rupture_programme(),
          acl_reconstruction_programme(),
          knee_osteoarthritis_programme(),
          general_hypertrophy_programme(),
          aerobic_walking_programme(),
          aerobic_cycling_programme(),
          passive_immobilisation_programme(kThigh)};
}

}  // namespace bfr::clinic
