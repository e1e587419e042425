// `bfr export` and `bfr import` run as the real binary against a database
// written here, record by record, so that what the files must hold is known
// without running a simulation.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <map>

#include "clinic/repository.hpp"
#include "clinic/screening_store.hpp"
#include "exchange/csv.hpp"
#include "exchange/trace_csv.hpp"
#include "tests/cli/command_runner.hpp"
#include "tests/exchange/fhir_validator.hpp"
#include "tests/exchange/sample_records.hpp"

namespace bfr {
namespace {

using testing::run_bfr;
using testing::TempDir;

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ExchangeCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (dir_.path() / "clinic.db").string();
    auto repo = clinic::open_repository(db_);
    clinic::Patient patient = testing::sample_patient();
    patient.id = 0;
    patient.created_at.clear();
    patient_id_ = repo->add_patient(patient);
    clinic::Limb limb = testing::sample_limb();
    limb.id = 0;
    limb.patient_id = patient_id_;
    const auto limb_id = repo->add_limb(limb);

    const auto trace_id = repo->create_trace("session", 100);
    for (int i = 0; i < 300; ++i) {
      // Pressures with no short decimal form, to catch rounding on export.
      trace_.push_back({i * 0.01, 140 + i / 7.0, 149.2, i < 100 ? 2 : 3, i < 100 ? -1 : 0});
    }
    repo->append_trace(trace_id, trace_);

    clinic::LopMeasurement lop = testing::sample_lop();
    lop.id = 0;
    lop.limb_id = limb_id;
    const auto lop_id = repo->add_lop_measurement(lop);

    auto in = testing::sample_session();
    clinic::SessionRecord s = in.session;
    s.id = 0;
    s.patient_id = patient_id_;
    s.limb_id = limb_id;
    s.lop_measurement_id = lop_id;
    s.trace_id = trace_id;
    s.ended_at.clear();
    s.stop_reason.clear();
    s.total_restriction_s = 0;
    session_id_ = repo->begin_session(s);
    for (auto set : in.sets) {
      set.id = 0;
      set.session_id = session_id_;
      repo->add_set(set);
      sets_.push_back(set);
    }
    s.id = session_id_;
    s.ended_at = in.session.ended_at;
    s.stop_reason = in.session.stop_reason;
    s.total_restriction_s = in.session.total_restriction_s;
    repo->finish_session(s);
  }

  std::string out(const std::string& name) const { return (dir_.path() / name).string(); }

  // What the clinic keeps beside the session: a screening with an override
  // for the arm, feedback for set 2 and a symptom.
  void add_clinical_records() {
    auto repo = clinic::open_existing_repository(db_);
    const auto answers = testing::sample_answers();
    const auto verdict = clinic::evaluate_screening(answers, testing::sample_screening_time());
    ASSERT_TRUE(verdict.ok()) << verdict.error;
    const auto screening_id =
        repo->add_screening(clinic::screening_record(patient_id_, answers, *verdict.value, 30));
    repo->add_screening_override({0, screening_id, clinic::LimbSide::kRight,
                                  clinic::LimbSegment::kUpperArm, "Dr Grey", "no swelling",
                                  "2025-07-21T11:00:00Z"});
    repo->record_set_feedback(session_id_, 1, {22.5, 6.5, 3});
    repo->add_symptom({0, session_id_, "numbness", "mild", "2025-07-26T07:30:00Z", "left foot"});
  }

  std::vector<clinic::OneRepMaxRecord> one_rep_maxes() const {
    return clinic::open_existing_repository(db_)->one_rep_maxes_of(patient_id_);
  }

  TempDir dir_;
  std::string db_;
  std::int64_t patient_id_ = 0;
  std::int64_t session_id_ = 0;
  std::vector<clinic::TraceSample> trace_;
  std::vector<clinic::SetRecord> sets_;
};

TEST_F(ExchangeCli, HevyExportImportsBackWithTheSameSets) {
  const auto exported = run_bfr({"export", "hevy", "--patient", std::to_string(patient_id_), "--db",
                                 db_, "--out", out("hevy.csv"), "--load-kg", "22.5"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const auto records = exchange::read_csv(slurp(out("hevy.csv")));
  ASSERT_EQ(records.size(), sets_.size() + 1);

  const auto imported = run_bfr({"import", "hevy", out("hevy.csv"), "--json"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const auto doc = nlohmann::json::parse(imported.out);
  EXPECT_EQ(doc["accepted"], sets_.size());
  EXPECT_TRUE(doc["rejected"].empty());
  for (std::size_t i = 0; i < sets_.size(); ++i) {
    EXPECT_EQ(doc["sets"][i]["reps"], sets_[i].actual_reps);
    EXPECT_EQ(doc["sets"][i]["set_index"], sets_[i].set_index);
    EXPECT_EQ(doc["sets"][i]["weight_kg"], 22.5);
    EXPECT_EQ(doc["sets"][i]["start"], "2025-07-26T07:06:00Z");
  }
  // The 12-rep set is the only one within the equations' range.
  ASSERT_EQ(doc["estimates"].size(), 1u);
  EXPECT_DOUBLE_EQ(doc["estimates"][0]["one_rep_max_kg"].get<double>(), 22.5 * (1 + 12.0 / 30));
}

TEST_F(ExchangeCli, StrongExportOfOneSessionToStdout) {
  const auto r = run_bfr(
      {"export", "strong", "--session", std::to_string(session_id_), "--db", db_, "--out", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto records = exchange::read_csv(r.out);
  ASSERT_EQ(records.size(), sets_.size() + 1);
  EXPECT_EQ(records[1].fields[0], "2025-07-26 07:06:00");
  EXPECT_EQ(records[1].fields[5], "0") << "no load known";

  std::ofstream(out("strong.csv")) << r.out;
  const auto imported = run_bfr({"import", "strong", out("strong.csv")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("4 sets accepted"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("none (no set with a load"), std::string::npos) << imported.out;
}

TEST_F(ExchangeCli, TraceExportIsExact) {
  const auto r = run_bfr(
      {"export", "trace", std::to_string(session_id_), "--db", db_, "--out", out("trace.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto back = exchange::read_trace_csv(slurp(out("trace.csv")));
  ASSERT_EQ(back.size(), trace_.size());
  for (std::size_t i = 0; i < trace_.size(); ++i) {
    EXPECT_EQ(back[i].t_s, trace_[i].t_s);
    EXPECT_EQ(back[i].cuff_mmhg, trace_[i].cuff_mmhg);
    EXPECT_EQ(back[i].phase, trace_[i].phase);
  }
}

TEST_F(ExchangeCli, FhirBundleOfPatientAndOfSession) {
  auto r = run_bfr({"export", "fhir", "--patient", std::to_string(patient_id_), "--db", db_,
                    "--out", out("patient.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto patient = nlohmann::json::parse(slurp(out("patient.json")));
  EXPECT_EQ(patient["resourceType"], "Bundle");
  EXPECT_EQ(patient["entry"][0]["resource"]["resourceType"], "Patient");

  r = run_bfr({"export", "fhir", "--session", std::to_string(session_id_), "--db", db_, "--out",
               out("session.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto session = nlohmann::json::parse(slurp(out("session.json")));
  EXPECT_NE(session["id"], patient["id"]);
  int procedures = 0;
  for (const auto& e : session["entry"]) procedures += e["resource"]["resourceType"] == "Procedure";
  EXPECT_EQ(procedures, 1);
}

// The stored screening, set feedback and symptoms reach the Bundle, and the
// real validator accepts it.
TEST_F(ExchangeCli, FhirBundleCarriesStoredScreeningFeedbackAndSymptoms) {
  ASSERT_TRUE(testing::fhir_validator_installed());
  add_clinical_records();
  const auto r = run_bfr({"export", "fhir", "--patient", std::to_string(patient_id_), "--db", db_,
                          "--out", out("patient.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto bundle = nlohmann::json::parse(slurp(out("patient.json")));
  const auto v = testing::validate_fhir(bundle);
  EXPECT_EQ(v.exit_code, 0) << v.output;

  std::map<std::string, int> types;
  nlohmann::json response, procedure, set2;
  std::string arm_override;
  for (const auto& e : bundle["entry"]) {
    const auto& res = e["resource"];
    const std::string type = res["resourceType"];
    ++types[type];
    if (type == "QuestionnaireResponse") response = res;
    if (type == "Procedure") procedure = res;
    if (type != "Observation") continue;
    const std::string code = res["code"]["coding"][0]["code"];
    if (code == "bfr-screening-outcome" &&
        res["bodySite"]["coding"][0]["code"] == "right-upper-arm") {
      for (const auto& note : res["note"]) arm_override += note.value("authorString", "");
    }
    if (code == "bfr-set" && res["component"][0]["valueInteger"] == 1) set2 = res;
  }
  EXPECT_EQ(types["Questionnaire"], 1);
  EXPECT_EQ(types["QuestionnaireResponse"], 1);
  EXPECT_EQ(response["status"], "completed");
  EXPECT_EQ(response["authored"], "2025-07-21T10:00:00Z");
  EXPECT_EQ(arm_override, "Dr Grey");
  ASSERT_EQ(procedure["complication"].size(), 1u);
  EXPECT_EQ(procedure["complication"][0]["coding"][0]["code"], "symptom-numbness");
  bool pain = false;
  for (const auto& c : set2["component"]) {
    if (c["code"]["coding"][0]["code"] == "72514-3") pain = c["valueInteger"] == 3;
  }
  EXPECT_TRUE(pain) << set2.dump(2);
}

TEST_F(ExchangeCli, FhirBundleWithoutScreeningHasNoQuestionnaire) {
  const auto r = run_bfr(
      {"export", "fhir", "--patient", std::to_string(patient_id_), "--db", db_, "--out", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("QuestionnaireResponse"), std::string::npos);
}

// --patient stores the estimates, once; --dry-run and no --patient store
// nothing; an estimate the store refuses stores none of them.
TEST_F(ExchangeCli, ImportStoresOneRepMaxesOnlyWithAPatient) {
  const auto exported = run_bfr({"export", "hevy", "--patient", std::to_string(patient_id_), "--db",
                                 db_, "--out", out("hevy.csv"), "--load-kg", "22.5"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  auto r = run_bfr({"import", "hevy", out("hevy.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Nothing stored"), std::string::npos) << r.out;
  r = run_bfr({"import", "hevy", out("hevy.csv"), "--patient", std::to_string(patient_id_), "--db",
               db_, "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Would store 1 1RM record for patient"), std::string::npos) << r.out;
  EXPECT_TRUE(one_rep_maxes().empty());

  r = run_bfr(
      {"import", "hevy", out("hevy.csv"), "--patient", std::to_string(patient_id_), "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Stored 1 1RM record for patient"), std::string::npos) << r.out;
  auto stored = one_rep_maxes();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].exercise, testing::sample_session().session.exercise);
  EXPECT_EQ(stored[0].method, "epley");
  EXPECT_EQ(stored[0].test_load_kg, 22.5);
  EXPECT_EQ(stored[0].test_reps, 12);
  EXPECT_EQ(stored[0].recorded_at, "2025-07-26T07:06:00Z");
  EXPECT_DOUBLE_EQ(stored[0].one_rep_max_kg, 22.5 * (1 + 12.0 / 30));

  // Again, by the patient's name and as JSON: nothing new.
  r = run_bfr({"import", "hevy", out("hevy.csv"), "--patient",
               testing::sample_patient().display_name, "--db", db_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc["store"]["added"].empty());
  EXPECT_EQ(doc["store"]["already_stored"].size(), 1u);
  EXPECT_EQ(one_rep_maxes().size(), 1u);
}

TEST_F(ExchangeCli, ImportThatCannotBeStoredWhollyStoresNothing) {
  std::ofstream(out("heavy.csv"))
      << "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
         "Workout Notes,RPE\n"
      << "2025-08-03 17:00:00,Pull,50m,Row,1,60,8,0,0,,,\n"
      << "2025-08-03 17:00:00,Pull,50m,Sled push,1,990,12,0,0,,,\n";
  auto r = run_bfr({"import", "strong", out("heavy.csv"), "--patient", std::to_string(patient_id_),
                    "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no 1RM was stored"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("one_rep_max_kg"), std::string::npos) << r.err;
  EXPECT_TRUE(one_rep_maxes().empty());

  r = run_bfr({"import", "strong", out("heavy.csv"), "--patient", "999", "--db", db_});
  EXPECT_EQ(r.exit_code, 2) << "unknown patient";
  r = run_bfr({"import", "strong", out("heavy.csv"), "--dry-run"});
  EXPECT_EQ(r.exit_code, 2) << "--dry-run needs --patient";
  EXPECT_TRUE(one_rep_maxes().empty());
}

TEST_F(ExchangeCli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_bfr({"export", "hevy", "--db", db_, "--out", out("x.csv")}).exit_code, 2)
      << "neither --patient nor --session";
  EXPECT_EQ(run_bfr({"export", "fhir", "--patient", "1", "--session", "1", "--db", db_, "--out",
                     out("x.json")})
                .exit_code,
            2);
  EXPECT_EQ(run_bfr({"export", "trace", "--db", db_, "--out", out("x.csv")}).exit_code, 2);
  EXPECT_EQ(run_bfr({"import", "hevy"}).exit_code, 2);
  EXPECT_EQ(run_bfr({"import", "strong", "x.csv", "--unit", "stone"}).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(out("x.csv")));
}

TEST_F(ExchangeCli, MissingRecordsAndBadFilesExitOneAndWriteNothing) {
  auto r = run_bfr({"export", "hevy", "--patient", "999", "--db", db_, "--out", out("x.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no patient 999"), std::string::npos) << r.err;
  r = run_bfr({"export", "trace", "999", "--db", db_, "--out", out("x.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(out("x.csv")));

  r = run_bfr({"import", "hevy", out("does-not-exist.csv")});
  EXPECT_EQ(r.exit_code, 1);
  std::ofstream(out("strong.csv")) << "Date,Workout Name\n";
  r = run_bfr({"import", "hevy", out("strong.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a Hevy export"), std::string::npos) << r.err;
}

TEST_F(ExchangeCli, ImportReportsRejectedLines) {
  std::ofstream(out("bad.csv"))
      << "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
         "Workout Notes,RPE\n"
      << "2025-08-03 17:00:00,Pull,50m,Row,1,60,8,0,0,,,\n"
      << "2025-08-03 17:00:00,Pull,50m,Row,2,60,eight,0,0,,,\n";
  const auto r = run_bfr({"import", "strong", out("bad.csv")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 sets accepted, 0 rows skipped, 1 rows rejected"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("line 3: reps 'eight'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Row: 76.0 kg (from 60 kg x 8, line 2)"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace bfr
