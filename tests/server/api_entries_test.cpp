// The clinician's entries beside the screening form: programme assignment,
// 1RMs and screening overrides, with the rules and messages of `bfr program
// assign`, `bfr patient one-rep-max` and `bfr screen override`. Every refusal
// changes nothing: no record, no audit entry.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "clinic/programme_templates.hpp"
#include "clinic/screening_store.hpp"
#include "clinic/timestamp.hpp"
#include "core/lop_prediction.hpp"
#include "test_server.hpp"

namespace bfr::server::testing {
namespace {

using nlohmann::json;

class ApiEntriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clinician_ = server_.sign_in(kClinician, kClinicianPassword);
    admin_ = server_.sign_in(kAdmin, kAdminPassword);
    json patient = valid_patient("Entry Patient");
    patient["limbs"].push_back({{"limb", "left_upper_arm"}, {"circumference_cm", 30}});
    const Reply added = server_.send_json("POST", "/api/patients", clinician_, patient);
    ASSERT_EQ(added.status, 201) << added.body.dump();
    id_ = added.body["id"].get<std::int64_t>();
    base_ = "/api/patients/" + std::to_string(id_);
  }

  // Every question answered "no" for the right thigh, `yes` for the patient
  // questions named.
  json screening(std::initializer_list<std::string> yes) {
    const json questions = server_.send("GET", "/api/screening/questions", clinician_).body;
    json body{{"patient", json::object()}, {"limbs", json::object()}};
    for (const json& key : questions["patient"]) body["patient"][key.get<std::string>()] = "no";
    for (const json& key : questions["limb"]) {
      body["limbs"]["right_thigh"][key.get<std::string>()] = "no";
    }
    for (const std::string& key : yes) body["patient"][key] = "yes";
    return body;
  }

  // Counts of what a refusal must leave alone.
  struct Counts {
    std::size_t records, audit;
    bool operator==(const Counts&) const = default;
  };
  Counts counts(const std::string& list_path) {
    const Reply list = server_.send("GET", list_path, clinician_);
    return {list.status == 200 ? list.body.size() : 0, server_.audit_count()};
  }

  // The newest audit entry's action.
  std::string last_audit_action() {
    const Reply audit = server_.send("GET", "/api/audit?limit=1", admin_);
    return audit.body.empty() ? std::string() : audit.body[0]["action"].get<std::string>();
  }

  TestServer server_;
  Caller clinician_;
  Caller admin_;
  std::int64_t id_ = 0;
  std::string base_;
};

TEST_F(ApiEntriesTest, TheTemplatesAreListedWithTheirPhases) {
  const Reply reply = server_.send("GET", "/api/programs/templates", clinician_);
  ASSERT_EQ(reply.status, 200);
  const clinic::Programme knee = clinic::knee_osteoarthritis_programme();
  bool found = false;
  for (const json& entry : reply.body) {
    if (entry["key"] != "knee-oa") continue;
    found = true;
    EXPECT_EQ(entry["programme"]["name"], knee.name);
    ASSERT_EQ(entry["programme"]["phases"].size(), knee.phases.size());
    EXPECT_EQ(entry["programme"]["phases"][0]["name"], knee.phases[0].name);
  }
  EXPECT_TRUE(found) << reply.body.dump();
}

TEST_F(ApiEntriesTest, AProgrammeIsAssignedFromADateAndPhaseAndShown) {
  EXPECT_EQ(server_.send("GET", base_ + "/programs", clinician_).status, 404);
  const Reply assigned =
      server_.send_json("POST", base_ + "/programs", clinician_,
                        {{"template", "acl"}, {"started_at", "2025-03-03"}, {"phase", 2}});
  ASSERT_EQ(assigned.status, 201) << assigned.body.dump();
  const clinic::Programme acl = clinic::acl_reconstruction_programme();
  ASSERT_GE(acl.phases.size(), 2U);
  EXPECT_EQ(assigned.body["programme_name"], acl.name);
  EXPECT_EQ(assigned.body["phase"], 2);
  EXPECT_EQ(assigned.body["started_at"], "2025-03-03T00:00:00Z");
  ASSERT_EQ(assigned.body["phases"].size(), acl.phases.size());
  EXPECT_EQ(assigned.body["phases"][1]["name"], acl.phases[1].name);
  EXPECT_EQ(server_.send("GET", base_ + "/programs", clinician_).body, assigned.body);
  EXPECT_EQ(last_audit_action(), "programme_assign");

  // The store holds it as `bfr program assign` stores it: phase from 0.
  const auto stored = server_.api().repository().current_programme(id_);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->current_phase, 1);
  EXPECT_EQ(stored->source, "template");

  // Without a date or phase: now, phase 1.
  const Reply again =
      server_.send_json("POST", base_ + "/programs", clinician_,
                        {{"template", clinic::knee_osteoarthritis_programme().name}});
  ASSERT_EQ(again.status, 201) << again.body.dump();
  EXPECT_EQ(again.body["phase"], 1);
  EXPECT_EQ(again.body["started_at"], "2025-06-15T15:06:40Z");  // the test clock, 1 750 000 000
}

TEST_F(ApiEntriesTest, BadProgrammeAssignmentsAreRefusedAndChangeNothing) {
  const Counts before = counts("/api/audit");
  const std::vector<std::pair<json, std::string>> bad{
      {{{"template", "no-such"}}, "no programme template 'no-such'"},
      {{{"template", "knee-oa"}, {"phase", 0}}, "has phases 1 to"},
      {{{"template", "knee-oa"}, {"phase", 99}}, "has phases 1 to"},
      {{{"template", "knee-oa"}, {"started_at", "tomorrow"}}, "'started_at'"},
      {{{"template", "knee-oa"}, {"limb", "right_thigh"}}, "unknown field 'limb'"},
      {{{"phase", 1}}, "template"},
      {{{"template", 3}}, "'template' must be a string"},
  };
  for (const auto& [body, message] : bad) {
    const Reply reply = server_.send_json("POST", base_ + "/programs", clinician_, body);
    EXPECT_EQ(reply.status, 400) << body.dump();
    EXPECT_NE(reply.body.value("error", "").find(message), std::string::npos)
        << body.dump() << " -> " << reply.body.dump();
  }
  const Reply unknown = server_.send_json("POST", "/api/patients/999999/programs", clinician_,
                                          {{"template", "knee-oa"}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(server_.send("GET", "/api/patients/999999/programs", clinician_).status, 404);
  EXPECT_EQ(server_.send("GET", base_ + "/programs", clinician_).status, 404);
  EXPECT_EQ(counts("/api/audit"), before);
}

TEST_F(ApiEntriesTest, TheProgrammeMovesToAnotherPhaseAndBadMovesChangeNothing) {
  const std::string phase = base_ + "/programs/phase";
  const Counts before = counts("/api/audit");
  // No programme yet: nothing to move.
  const Reply none = server_.send_json("POST", phase, clinician_, {{"phase", 2}});
  EXPECT_EQ(none.status, 409) << none.body.dump();
  EXPECT_NE(none.body.value("error", "").find("has no programme"), std::string::npos);
  EXPECT_EQ(counts("/api/audit"), before);

  ASSERT_EQ(server_
                .send_json("POST", base_ + "/programs", clinician_,
                           {{"template", "acl"}, {"started_at", "2025-03-03"}})
                .status,
            201);
  const clinic::Programme acl = clinic::acl_reconstruction_programme();
  ASSERT_GE(acl.phases.size(), 2U);
  const Counts assigned = counts("/api/audit");
  const std::vector<std::pair<json, std::string>> bad{
      {{{"phase", 0}}, "has phases 1 to"},
      {{{"phase", 99}}, "has phases 1 to"},
      {{{"phase", "two"}}, "'phase'"},
      {json::object(), "'phase'"},
      {{{"phase", 2}, {"template", "acl"}}, "unknown field 'template'"},
  };
  for (const auto& [body, message] : bad) {
    const Reply reply = server_.send_json("POST", phase, clinician_, body);
    EXPECT_EQ(reply.status, 400) << body.dump();
    EXPECT_NE(reply.body.value("error", "").find(message), std::string::npos)
        << body.dump() << " -> " << reply.body.dump();
  }
  EXPECT_EQ(
      server_.send_json("POST", "/api/patients/999999/programs/phase", clinician_, {{"phase", 2}})
          .status,
      404);
  EXPECT_EQ(counts("/api/audit"), assigned);
  EXPECT_EQ(server_.api().repository().current_programme(id_)->current_phase, 0);

  const Reply moved = server_.send_json("POST", phase, clinician_, {{"phase", 2}});
  ASSERT_EQ(moved.status, 200) << moved.body.dump();
  EXPECT_EQ(moved.body["phase"], 2);
  EXPECT_EQ(moved.body["started_at"], "2025-03-03T00:00:00Z");
  EXPECT_EQ(moved.body["phase_started_at"], "2025-06-15T15:06:40Z");  // the test clock
  EXPECT_EQ(last_audit_action(), "programme_phase");
  // Stored as `bfr program phase` stores it: phase from 0.
  EXPECT_EQ(server_.api().repository().current_programme(id_)->current_phase, 1);
}

TEST_F(ApiEntriesTest, OneRepMaxesEnteredOrEstimatedAreStoredAndListed) {
  const Reply entered = server_.send_json("POST", base_ + "/one-rep-max", clinician_,
                                          {{"exercise", "Leg press"}, {"one_rep_max_kg", 60}});
  ASSERT_EQ(entered.status, 201) << entered.body.dump();
  EXPECT_EQ(entered.body["method"], "entered");
  EXPECT_DOUBLE_EQ(entered.body["one_rep_max_kg"].get<double>(), 60.0);
  EXPECT_EQ(last_audit_action(), "one_rep_max_add");

  // 50 kg x 8: Epley 50 (1 + 8/30), Brzycki 50 * 36 / 29.
  const Reply epley =
      server_.send_json("POST", base_ + "/one-rep-max", clinician_,
                        {{"exercise", "Knee extension"}, {"test_load_kg", 50}, {"test_reps", 8}});
  ASSERT_EQ(epley.status, 201) << epley.body.dump();
  EXPECT_EQ(epley.body["method"], "epley");
  EXPECT_NEAR(epley.body["one_rep_max_kg"].get<double>(), 50.0 * (1 + 8.0 / 30), 1e-6);
  EXPECT_EQ(epley.body["test_reps"], 8);
  const Reply brzycki = server_.send_json("POST", base_ + "/one-rep-max", clinician_,
                                          {{"exercise", "Knee extension"},
                                           {"test_load_kg", 50},
                                           {"test_reps", 8},
                                           {"equation", "brzycki"}});
  ASSERT_EQ(brzycki.status, 201) << brzycki.body.dump();
  EXPECT_EQ(brzycki.body["method"], "brzycki");
  EXPECT_NEAR(brzycki.body["one_rep_max_kg"].get<double>(), 50.0 * 36 / 29, 1e-6);

  const Reply list = server_.send("GET", base_ + "/one-rep-max", clinician_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.size(), 3U);
  EXPECT_EQ(list.body[0]["exercise"], "Leg press");
  EXPECT_EQ(server_.api().repository().one_rep_maxes_of(id_).size(), 3U);
}

TEST_F(ApiEntriesTest, BadOneRepMaxesAreRefusedAndChangeNothing) {
  const Counts before = counts(base_ + "/one-rep-max");
  const std::vector<json> bad{
      {{"exercise", "Leg press"}},  // neither
      {{"exercise", "Leg press"}, {"one_rep_max_kg", 60}, {"test_load_kg", 40}, {"test_reps", 5}},
      {{"exercise", "Leg press"}, {"test_load_kg", 40}},                     // no reps
      {{"exercise", "Leg press"}, {"test_load_kg", 40}, {"test_reps", 13}},  // over 12
      {{"exercise", "Leg press"}, {"one_rep_max_kg", -5}},
      {{"exercise", "Leg press"}, {"one_rep_max_kg", 5000}},  // a unit mix-up
      {{"exercise", "  "}, {"one_rep_max_kg", 60}},
      {{"exercise", "Leg press"}, {"one_rep_max_kg", 60}, {"equation", "epley"}},
      {{"exercise", "Leg press"}, {"test_load_kg", 40}, {"test_reps", 5}, {"equation", "guess"}},
      {{"exercise", "Leg press"}, {"one_rep_max_kg", "sixty"}},
      {{"exercise", "Leg press"}, {"kg", 60}},
  };
  for (const json& body : bad) {
    const Reply reply = server_.send_json("POST", base_ + "/one-rep-max", clinician_, body);
    EXPECT_EQ(reply.status, 400) << body.dump() << " -> " << reply.body.dump();
    EXPECT_TRUE(reply.body.contains("error"));
  }
  EXPECT_EQ(server_
                .send_json("POST", "/api/patients/999999/one-rep-max", clinician_,
                           {{"exercise", "Leg press"}, {"one_rep_max_kg", 60}})
                .status,
            404);
  EXPECT_EQ(server_.send("GET", "/api/patients/999999/one-rep-max", clinician_).status, 404);
  EXPECT_EQ(counts(base_ + "/one-rep-max"), before);
  EXPECT_TRUE(server_.api().repository().one_rep_maxes_of(id_).empty());
}

TEST_F(ApiEntriesTest, AnOverrideIsRefusedUntilTheScreeningLeavesALimbUncleared) {
  const json override_body{{"limb", "right_thigh"}, {"reason", "cleared by the GP"}};
  const std::string path = base_ + "/screenings/overrides";
  const std::size_t audit_before = server_.audit_count();
  // No screening yet: nothing to override.
  Reply reply = server_.send_json("POST", path, clinician_, override_body);
  EXPECT_EQ(reply.status, 409) << reply.body.dump();
  EXPECT_NE(reply.body["error"].get<std::string>().find("no screening"), std::string::npos);

  // A clear screening: the thigh needs no override, the arm was not judged.
  ASSERT_EQ(server_.send_json("POST", base_ + "/screenings", clinician_, screening({})).status,
            201);
  const std::size_t audit_screened = server_.audit_count();
  EXPECT_EQ(audit_screened, audit_before + 1);
  reply = server_.send_json("POST", path, clinician_, override_body);
  EXPECT_EQ(reply.status, 409);
  EXPECT_NE(reply.body["error"].get<std::string>().find("no override is needed"),
            std::string::npos);
  reply =
      server_.send_json("POST", path, clinician_, {{"limb", "left_upper_arm"}, {"reason", "fine"}});
  EXPECT_EQ(reply.status, 409);
  EXPECT_NE(reply.body["error"].get<std::string>().find("did not judge the left upper arm"),
            std::string::npos)
      << reply.body.dump();
  EXPECT_EQ(server_.audit_count(), audit_screened);
  EXPECT_TRUE(server_.send("GET", base_ + "/screenings", clinician_).body["overrides"].empty());
}

TEST_F(ApiEntriesTest, AClinicianOverridesALimbThatNeedsClearanceAndTheGateOpens) {
  // Diabetes is a caution (bfr-facts §1): the thigh needs a clinician's clearance.
  const Reply screened =
      server_.send_json("POST", base_ + "/screenings", clinician_, screening({"diabetes"}));
  ASSERT_EQ(screened.status, 201) << screened.body.dump();
  ASSERT_EQ(screened.body["limbs"][0]["outcome"], "needs_clinician_clearance");
  const clinic::Patient patient = *server_.api().repository().get_patient(id_);
  const clinic::LimbKey thigh{clinic::LimbSide::kRight, clinic::LimbSegment::kThigh};
  const auto at = [&] { return std::chrono::sys_seconds{std::chrono::seconds{server_.now()}}; };
  EXPECT_FALSE(clinic::screening_gate(server_.api().repository(), patient, thigh, at()).allowed);

  const std::string path = base_ + "/screenings/overrides";
  const std::size_t audit_before = server_.audit_count();
  // Refusals first: each changes nothing.
  for (const json& body :
       {json{{"limb", "right_thigh"}, {"reason", "   "}}, json{{"limb", "knee"}, {"reason", "x"}},
        json{{"limb", "right_thigh"}},
        json{{"limb", "right_thigh"}, {"reason", "x"}, {"clinician", "someone else"}}}) {
    EXPECT_EQ(server_.send_json("POST", path, clinician_, body).status, 400) << body.dump();
  }
  EXPECT_EQ(server_
                .send_json("POST", "/api/patients/999999/screenings/overrides", clinician_,
                           {{"limb", "right_thigh"}, {"reason", "x"}})
                .status,
            404);
  const json body{{"limb", "right_thigh"}, {"reason", "HbA1c controlled; GP agrees"}};
  EXPECT_EQ(server_.send_json("POST", path, admin_, body).status, 403);
  EXPECT_EQ(server_.send("POST", path, clinician_, body.dump(), "application/json", false).status,
            403);
  EXPECT_EQ(server_.audit_count(), audit_before);
  EXPECT_TRUE(server_.send("GET", base_ + "/screenings", clinician_).body["overrides"].empty());

  server_.now() += 60;
  const Reply given = server_.send_json("POST", path, clinician_, body);
  ASSERT_EQ(given.status, 201) << given.body.dump();
  EXPECT_EQ(given.body["clinician"], kClinician);  // the account, not anything the page says
  EXPECT_EQ(given.body["reason"], "HbA1c controlled; GP agrees");
  EXPECT_EQ(given.body["limb"], "right_thigh");
  // It lapses with the screening: 30 days after it was taken.
  const auto taken = clinic::parse_utc_timestamp(screened.body["taken_at"].get<std::string>());
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(given.body["expires_at"], clinic::format_utc_timestamp(*taken + std::chrono::days{30}));
  EXPECT_EQ(last_audit_action(), "screening_override");

  const Reply shown = server_.send("GET", base_ + "/screenings", clinician_);
  ASSERT_EQ(shown.body["overrides"].size(), 1U);
  EXPECT_EQ(shown.body["overrides"][0], given.body);
  EXPECT_TRUE(clinic::screening_gate(server_.api().repository(), patient, thigh, at()).allowed);
}

TEST_F(ApiEntriesTest, AnLopEstimateIsStoredAsAnEstimateWithItsPublishedError) {
  // The thigh equation applies to an 18 cm cuff (docs/LOP.md, "Estimation
  // fallback"); its coefficients are core's, read back here independently.
  const core::PredictionEquation* thigh = nullptr;
  for (const core::PredictionEquation& eq : core::lop_prediction_equations()) {
    if (eq.segment == core::LimbSegment::kThigh) thigh = &eq;
  }
  ASSERT_NE(thigh, nullptr);
  const double width = (thigh->cuff_width.min.cm() + thigh->cuff_width.max.cm()) / 2;
  const std::string path = base_ + "/lop/estimate";
  const std::size_t audit_before = server_.audit_count();
  // Refusals change nothing: a cuff no equation was derived for (409), an
  // arm with no equation or not on record, bad input.
  Reply reply = server_.send_json("POST", path, clinician_,
                                  {{"limb", "right_thigh"}, {"cuff_width_cm", 11.5}});
  EXPECT_EQ(reply.status, 409) << reply.body.dump();
  EXPECT_NE(reply.body["error"].get<std::string>().find("cuff width"), std::string::npos);
  EXPECT_EQ(
      server_
          .send_json("POST", path, clinician_, {{"limb", "left_thigh"}, {"cuff_width_cm", width}})
          .status,
      404);
  EXPECT_EQ(
      server_
          .send_json("POST", path, clinician_,
                     {{"limb", "right_thigh"}, {"cuff_width_cm", width}, {"posture", "lying"}})
          .status,
      400);
  EXPECT_EQ(server_.send_json("POST", path, clinician_, {{"limb", "right_thigh"}}).status, 400);
  EXPECT_EQ(server_
                .send_json("POST", "/api/patients/999999/lop/estimate", clinician_,
                           {{"limb", "right_thigh"}, {"cuff_width_cm", width}})
                .status,
            404);
  EXPECT_EQ(server_.audit_count(), audit_before);
  EXPECT_TRUE(server_.send("GET", base_ + "/lop", clinician_).body.empty());

  const Reply made =
      server_.send_json("POST", path, clinician_,
                        {{"limb", "right_thigh"}, {"cuff_width_cm", width}, {"posture", "supine"}});
  ASSERT_EQ(made.status, 201) << made.body.dump();
  EXPECT_EQ(made.body["method"], "estimated");
  EXPECT_EQ(made.body["posture"], "supine");
  // valid_patient: female, born 1980, SBP 120, thigh 55 cm; the test clock is in 2025.
  const double sex_code = thigh->sex_code_female;
  const double expected = thigh->intercept_mmhg + thigh->per_cm_circumference * 55 +
                          thigh->per_mmhg_systolic * 120 + thigh->per_year_age * (2025 - 1980) +
                          thigh->per_sex_code * sex_code;
  const double lop = made.body["lop_mmhg"].get<double>();
  EXPECT_NEAR(lop, expected, 0.05);
  const json& error = made.body["estimate"];
  ASSERT_TRUE(error.is_object()) << made.body.dump();
  EXPECT_EQ(error["equation"], thigh->name);
  EXPECT_NEAR(error["standard_error_mmhg"].get<double>(), thigh->standard_error.mmhg(), 1e-4);
  EXPECT_NEAR(error["interval_95_mmhg"][0].get<double>(), lop - 1.96 * thigh->standard_error.mmhg(),
              0.01);
  EXPECT_EQ(last_audit_action(), "lop_estimate");

  // Listed as an estimate with its error; the store holds it as one.
  const Reply list = server_.send("GET", base_ + "/lop", clinician_);
  ASSERT_EQ(list.body.size(), 1U);
  EXPECT_EQ(list.body[0], made.body);
  const auto limbs = server_.api().repository().limbs_of(id_);
  const auto stored = server_.api().repository().lop_measurements_of(limbs.front().id);
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0].method, clinic::LopMethod::kEstimated);
}

}  // namespace
}  // namespace bfr::server::testing
