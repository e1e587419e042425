// The patient and screening routes on their happy paths and their refusals:
// the same operations and rules as `bfr patient` and `bfr screen`.

#include <gtest/gtest.h>

#include "clinic/repository.hpp"
#include "test_server.hpp"

namespace bfr::server::testing {
namespace {

using nlohmann::json;

// A valid patient with `patch` applied (RFC 7386).
json changed(const json& patch) {
  json body = valid_patient("X");
  body.merge_patch(patch);
  return body;
}

class ApiClinicTest : public ::testing::Test {
 protected:
  void SetUp() override { clinician_ = server_.sign_in(kClinician, kClinicianPassword); }

  std::int64_t add_patient(const std::string& name) {
    const Reply added = server_.send_json("POST", "/api/patients", clinician_, valid_patient(name));
    EXPECT_EQ(added.status, 201) << added.body.dump();
    return added.body.value("id", std::int64_t{0});
  }

  // Every question answered "no", for every limb given.
  json all_no(std::initializer_list<std::string> limbs) {
    const json questions = server_.send("GET", "/api/screening/questions", clinician_).body;
    json body{{"patient", json::object()}, {"limbs", json::object()}};
    for (const json& key : questions["patient"]) body["patient"][key.get<std::string>()] = "no";
    for (const std::string& limb : limbs) {
      for (const json& key : questions["limb"]) body["limbs"][limb][key.get<std::string>()] = "no";
    }
    return body;
  }

  std::string screenings_of(std::int64_t id) {
    return "/api/patients/" + std::to_string(id) + "/screenings";
  }

  TestServer server_;
  Caller clinician_;
};

TEST_F(ApiClinicTest, AddListGetAndEditAPatient) {
  const json sent = valid_patient("Ada Example");
  const Reply added = server_.send_json("POST", "/api/patients", clinician_, sent);
  ASSERT_EQ(added.status, 201) << added.body.dump();
  for (const char* field : {"name", "birth_year", "sex", "resting_sbp_mmhg", "notes"}) {
    EXPECT_EQ(added.body[field], sent[field]) << field;
  }
  ASSERT_EQ(added.body["limbs"].size(), 1U);
  EXPECT_EQ(added.body["limbs"][0]["limb"], "right_thigh");
  EXPECT_EQ(added.body["limbs"][0]["circumference_cm"], 55);
  const std::string path = "/api/patients/" + std::to_string(added.body["id"].get<int>());

  const Reply list = server_.send("GET", "/api/patients", clinician_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.size(), 1U);
  EXPECT_EQ(list.body[0]["name"], "Ada Example");

  const Reply edited =
      server_.send_json("PATCH", path, clinician_,
                        {{"resting_hr_bpm", 70},
                         {"limbs", {{{"limb", "left_upper_arm"}, {"circumference_cm", 30}}}}});
  ASSERT_EQ(edited.status, 200) << edited.body.dump();
  EXPECT_EQ(edited.body["resting_hr_bpm"], 70);
  EXPECT_EQ(edited.body["name"], "Ada Example");  // not given, not changed
  EXPECT_EQ(edited.body["limbs"].size(), 2U);
  EXPECT_EQ(edited.body["screening_voided"], false);
  EXPECT_EQ(server_.send("GET", path, clinician_).body["resting_hr_bpm"], 70);
}

TEST_F(ApiClinicTest, BadPatientInputIsRefusedWithTheFieldNamedAndNothingStored) {
  const std::int64_t id = add_patient("Kept");
  const std::string path = "/api/patients/" + std::to_string(id);
  const json before = server_.send("GET", path, clinician_).body;
  struct Case {
    json body;
    std::string named;
  };
  json missing_sex = valid_patient("X");
  missing_sex.erase("sex");
  const std::vector<Case> cases{
      {missing_sex, "sex"},
      {changed({{"birth_year", "1980"}}), "birth_year"},
      {changed({{"birth_year", 1800}}), "birth"},
      {changed({{"sex", "other"}}), "sex"},
      {changed({{"resting_sbp_mmhg", -5}}), "sbp"},
      {changed({{"colour", "blue"}}), "colour"},
      {changed({{"limbs", {{{"limb", "tail"}, {"circumference_cm", 5}}}}}), "tail"},
      {changed({{"limbs",
                 {{{"limb", "left_thigh"}, {"circumference_cm", 50}},
                  {{"limb", "left_thigh"}, {"circumference_cm", 51}}}}}),
       "twice"},
  };
  for (const Case& c : cases) {
    const Reply reply = server_.send_json("POST", "/api/patients", clinician_, c.body);
    EXPECT_EQ(reply.status, 400) << c.body.dump();
    EXPECT_NE(reply.body.value("error", std::string()).find(c.named), std::string::npos)
        << reply.body.dump();
  }
  const Reply duplicate =
      server_.send_json("POST", "/api/patients", clinician_, valid_patient("Kept"));
  EXPECT_EQ(duplicate.status, 409);
  // An edit refused halfway (a good field, then a bad one) changes nothing.
  const Reply bad_edit =
      server_.send_json("PATCH", path, clinician_, {{"resting_hr_bpm", 61}, {"birth_year", 3000}});
  EXPECT_EQ(bad_edit.status, 400);
  const Reply limb_again =
      server_.send_json("PATCH", path, clinician_,
                        {{"limbs", {{{"limb", "right_thigh"}, {"circumference_cm", 50}}}}});
  EXPECT_EQ(limb_again.status, 400);
  EXPECT_EQ(server_.patient_count(), 1U);
  EXPECT_EQ(server_.send("GET", path, clinician_).body, before);
}

TEST_F(ApiClinicTest, AScreeningGivesTheOutcomePerLimbWithReasons) {
  const std::int64_t id = add_patient("Screened");
  EXPECT_EQ(server_.send("GET", screenings_of(id), clinician_).status, 404);

  const Reply cleared =
      server_.send_json("POST", screenings_of(id), clinician_, all_no({"right_thigh"}));
  ASSERT_EQ(cleared.status, 201) << cleared.body.dump();
  ASSERT_EQ(cleared.body["limbs"].size(), 1U);
  EXPECT_EQ(cleared.body["limbs"][0]["outcome"], "cleared");
  EXPECT_EQ(cleared.body["status"], "current");

  // Pregnancy is a contraindication (bfr-facts §1): the limb may not train.
  json pregnant = all_no({"right_thigh"});
  pregnant["patient"]["pregnant"] = "yes";
  const Reply refused = server_.send_json("POST", screenings_of(id), clinician_, pregnant);
  ASSERT_EQ(refused.status, 201) << refused.body.dump();
  EXPECT_EQ(refused.body["limbs"][0]["outcome"], "contraindicated");
  bool named = false;
  for (const json& reason : refused.body["limbs"][0]["reasons"]) {
    named = named || reason["text"].get<std::string>().find("pregnan") != std::string::npos;
  }
  EXPECT_TRUE(named) << refused.body.dump();

  const Reply newest = server_.send("GET", screenings_of(id), clinician_);
  ASSERT_EQ(newest.status, 200);
  EXPECT_EQ(newest.body["id"], refused.body["id"]);

  // A change of resting blood pressure voids it (docs/CLINIC.md).
  const Reply edited = server_.send_json("PATCH", "/api/patients/" + std::to_string(id), clinician_,
                                         {{"resting_sbp_mmhg", 135}});
  EXPECT_EQ(edited.body["screening_voided"], true);
  EXPECT_EQ(server_.send("GET", screenings_of(id), clinician_).body["status"], "answers changed");
}

TEST_F(ApiClinicTest, AnIncompleteOrWrongScreeningIsRefusedAndNothingStored) {
  const std::int64_t id = add_patient("Partial");
  json incomplete = all_no({"right_thigh"});
  incomplete["patient"].erase("pregnant");
  json unknown_limb = all_no({"left_upper_arm"});
  json bad_answer = all_no({"right_thigh"});
  bad_answer["patient"]["diabetes"] = "maybe";
  json bad_question = all_no({"right_thigh"});
  bad_question["patient"]["has_wings"] = "no";
  json bad_days = all_no({"right_thigh"});
  bad_days["valid_days"] = 0;
  for (const json& body : {incomplete, unknown_limb, bad_answer, bad_question, bad_days}) {
    const Reply reply = server_.send_json("POST", screenings_of(id), clinician_, body);
    EXPECT_EQ(reply.status, 400) << reply.body.dump();
  }
  EXPECT_EQ(server_.send("GET", screenings_of(id), clinician_).status, 404);
  EXPECT_EQ(
      server_
          .send_json("POST", "/api/patients/4242/screenings", clinician_, all_no({"right_thigh"}))
          .status,
      404);
}

TEST_F(ApiClinicTest, LopMeasurementsOfThePatientsLimbsAreListed) {
  const std::int64_t id = add_patient("Measured");
  const std::string path = "/api/patients/" + std::to_string(id) + "/lop";
  EXPECT_EQ(server_.send("GET", path, clinician_).body, json::array());
  clinic::Repository& repository = server_.api().repository();
  clinic::LopMeasurement m;
  m.limb_id = repository.limbs_of(id).front().id;
  m.measured_at = "2025-06-01T09:00:00Z";
  m.lop_mmhg = 187.5;
  m.quality = 0.9;
  m.cuff_width_cm = 11.5;
  repository.add_lop_measurement(m);
  const Reply listed = server_.send("GET", path, clinician_);
  ASSERT_EQ(listed.body.size(), 1U);
  EXPECT_EQ(listed.body[0]["lop_mmhg"], 187.5);
  EXPECT_EQ(listed.body[0]["limb"], "right_thigh");
  EXPECT_EQ(listed.body[0]["method"], "measured");
}

}  // namespace
}  // namespace bfr::server::testing
