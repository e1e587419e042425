// `bfr export` and `bfr import` run as the real binary against a database
// written here, record by record, so that what the files must hold is known
// without running a simulation.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "clinic/repository.hpp"
#include "exchange/csv.hpp"
#include "exchange/trace_csv.hpp"
#include "tests/cli/command_runner.hpp"
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
