// Hevy CSV: the export matches bfr-facts §5 (header, quoting, dates, set
// fields), an export reads back as the same sets, and the importer reports
// every malformed row by line while keeping the good ones.

#include <gtest/gtest.h>

#include "exchange/csv.hpp"
#include "exchange/hevy_csv.hpp"
#include "exchange/history_import.hpp"
#include "tests/exchange/facts_file.hpp"
#include "tests/exchange/sample_records.hpp"

namespace bfr::exchange {
namespace {

std::string header_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

using testing::sample_workout;

TEST(HevyExport, HeaderIsTheFactsHeader) {
  const std::string csv = hevy_csv({sample_workout({})});
  EXPECT_EQ(header_line(csv), testing::facts_code_span("\"title\",\"start_time\""));
}

// Aerobic and passive sessions: bouts of minutes without reps export as
// timed sets and read back as such, with no 1RM made from them.
TEST(HevyExport, SetsWithoutRepsExportAsTimedSets) {
  const std::string csv = hevy_csv({workout_from_session(testing::sample_aerobic_session())});
  const auto result = import_hevy_csv(csv);
  EXPECT_TRUE(result.rejected.empty()) << result.rejected.front().reason;
  ASSERT_EQ(result.accepted.size(), 3u);
  for (const auto& set : result.accepted) {
    EXPECT_EQ(set.reps, 0);
    EXPECT_EQ(set.duration_s, 360.0);
    EXPECT_FALSE(set.weight_kg);
    EXPECT_EQ(set.exercise, "treadmill walking");
  }
  EXPECT_TRUE(result.estimates.empty());
}

TEST(HevyExport, OneQuotedRowPerSetWithFactsFormats) {
  const std::string csv = hevy_csv({sample_workout({20.0, 20.0, 17.5, std::nullopt})});
  const auto records = read_csv(csv);
  ASSERT_EQ(records.size(), 5u);  // header + 4 sets
  // Every field quoted: each row starts and ends with a quote.
  std::size_t start = csv.find('\n') + 1;
  for (int row = 0; row < 4; ++row) {
    EXPECT_EQ(csv[start], '"');
    start = csv.find("\"\n", start) + 2;
  }
  const auto& first = records[1].fields;
  ASSERT_EQ(first.size(), 14u);
  EXPECT_EQ(first[1], "26 Jul 2025, 07:06");  // start_time
  EXPECT_EQ(first[2], "26 Jul 2025, 07:48");  // end_time
  EXPECT_EQ(first[4], "leg press, single \"slow\" reps");
  EXPECT_EQ(first[7], "0");       // set_index from 0
  EXPECT_EQ(first[8], "normal");  // set_type
  EXPECT_EQ(first[9], "20");      // weight_kg
  EXPECT_EQ(first[10], "30");     // actual reps
  EXPECT_EQ(first[12], "120");    // duration_seconds: 2 s up, 2 s down x 30
  EXPECT_EQ(first[13], "");       // rpe unknown
  EXPECT_EQ(records[3].fields[9], "17.5");
  EXPECT_EQ(records[4].fields[9], "") << "unknown load leaves weight_kg empty";
  EXPECT_EQ(records[4].fields[7], "3");
  EXPECT_EQ(records[4].fields[10], "12");
  // BFR details: pressure, % LOP, limb and time in band.
  EXPECT_NE(first[6].find("149 mmHg (80 % LOP), left thigh"), std::string::npos) << first[6];
  EXPECT_NE(first[6].find("97 %, 95 %, 93 %, 91 %"), std::string::npos) << first[6];
  EXPECT_NE(first[3].find("LOP 186 mmHg measured seated"), std::string::npos) << first[3];
}

TEST(HevyExport, RefusesAnUnfinishedSessionOrMismatchedLoads) {
  auto running = testing::sample_session();
  running.session.ended_at.clear();
  EXPECT_THROW(workout_from_session(running), ExportError);
  auto short_loads = testing::sample_session();
  short_loads.load_kg = {10.0};
  EXPECT_THROW(workout_from_session(short_loads), ExportError);
}

TEST(HevyRoundTrip, ExportReadsBackAsTheSameSets) {
  const auto in = testing::sample_session();
  const Workout w = sample_workout({20.0, 20.0, 17.5, std::nullopt});
  const ImportResult r = import_hevy_csv(hevy_csv({w}));
  EXPECT_TRUE(r.rejected.empty());
  EXPECT_TRUE(r.skipped.empty());
  ASSERT_EQ(r.accepted.size(), in.sets.size());
  for (std::size_t i = 0; i < in.sets.size(); ++i) {
    const ImportedSet& s = r.accepted[i];
    EXPECT_EQ(s.exercise, in.session.exercise);
    EXPECT_EQ(s.workout, w.title);
    EXPECT_EQ(s.start, w.start);
    EXPECT_EQ(s.set_index, in.sets[i].set_index);
    EXPECT_EQ(s.reps, in.sets[i].actual_reps);
    ASSERT_TRUE(s.duration_s);
    EXPECT_EQ(*s.duration_s, std::round(in.sets[i].duration_s));
    EXPECT_EQ(s.weight_kg, w.sets[i].weight_kg);
    EXPECT_EQ(s.line, static_cast<int>(i) + 2);
  }
  // No 1RM: the loaded sets are past 12 reps (not trusted) and the 12-rep set
  // has no load.
  EXPECT_TRUE(r.estimates.empty());
}

constexpr const char* kHevyLbs =
    "\"title\",\"start_time\",\"end_time\",\"description\",\"exercise_title\",\"superset_id\","
    "\"exercise_notes\",\"set_index\",\"set_type\",\"weight_lbs\",\"reps\",\"distance_miles\","
    "\"duration_seconds\",\"rpe\"\n";

TEST(HevyImport, ConvertsPoundsAndSkipsWarmUps) {
  const std::string text =
      std::string(kHevyLbs) +
      R"csv("Legs","1 Aug 2025, 18:00","1 Aug 2025, 19:00","","Squat (Barbell)","","",)csv"
      R"csv("0","warmup","95","10","","","")csv"
      "\n"
      R"csv("Legs","1 Aug 2025, 18:00","1 Aug 2025, 19:00","","Squat (Barbell)","","",)csv"
      R"csv("1","normal","225","5","","","8")csv"
      "\n"
      R"csv("Legs","1 Aug 2025, 18:00","1 Aug 2025, 19:00","","Squat (Barbell)","","",)csv"
      R"csv("2","failure","235","3","","","9.5")csv"
      "\n";
  const ImportResult r = import_hevy_csv(text);
  ASSERT_EQ(r.accepted.size(), 2u);
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].line, 2);
  ASSERT_TRUE(r.accepted[0].weight_kg);
  EXPECT_DOUBLE_EQ(*r.accepted[0].weight_kg, 225 * 0.45359237);
  ASSERT_EQ(r.estimates.size(), 1u);
  // Epley, computed here: w (1 + r / 30) in kg for both working sets; the
  // larger wins.
  const double a = 225 * 0.45359237 * (1 + 5.0 / 30);
  const double b = 235 * 0.45359237 * (1 + 3.0 / 30);
  EXPECT_DOUBLE_EQ(r.estimates[0].one_rep_max_kg, std::max(a, b));
  EXPECT_EQ(r.estimates[0].line, a > b ? 3 : 4);

  const ImportResult brzycki = import_hevy_csv(text, clinic::OneRmEquation::kBrzycki);
  ASSERT_EQ(brzycki.estimates.size(), 1u);
  const double c = 225 * 0.45359237 * 36 / (37 - 5.0);
  const double d = 235 * 0.45359237 * 36 / (37 - 3.0);
  EXPECT_DOUBLE_EQ(brzycki.estimates[0].one_rep_max_kg, std::max(c, d));
}

TEST(HevyImport, EveryMalformedRowIsReportedByLineAndTheRestIsKept) {
  const std::string good =
      R"csv("Push","2 Aug 2025, 08:00","2 Aug 2025, 09:00","","Bench Press (Barbell)","","",)csv"
      R"csv("0","normal","60","8","","","")csv"
      "\n";
  const std::string text =
      std::string(kHevyLbs).replace(std::string(kHevyLbs).find("weight_lbs"), 10, "weight_kg") +
      good +  // line 2
      R"csv("Push","2 Aug 2025, 08:00","","","Bench Press (Barbell)","","","1","normal","sixty","8","","","")csv"
      "\n"  // 3
      R"csv("Push","2 Aug 2025","","","Bench Press (Barbell)","","","2","normal","60","8","","","")csv"
      "\n"  // 4
      R"csv("Push","2 Aug 2025, 08:00","","","","","","3","normal","60","8","","","")csv"
      "\n"  // 5
      R"csv("Push","2 Aug 2025, 08:00","","","Bench Press (Barbell)","","","4","superset","60","8","","","")csv"
      "\n"  // 6
      R"csv("Push","2 Aug 2025, 08:00","","","Bench Press (Barbell)","","","5","normal","60","-2","","","")csv"
      "\n"  // 7
      R"csv("Push","2 Aug 2025, 08:00","","","Bench Press (Barbell)","","","6","normal","60","8")csv"
      "\n"  // 8
      R"csv("Push","2 Aug 2025, 08:00","","","Bench Press (Barbell)","","","7","normal","2000","1","","","")csv"
      "\n"     // 9
      + good;  // line 10
  const ImportResult r = import_hevy_csv(text);
  ASSERT_EQ(r.accepted.size(), 2u);
  EXPECT_EQ(r.accepted[0].line, 2);
  EXPECT_EQ(r.accepted[1].line, 10);
  ASSERT_EQ(r.rejected.size(), 7u);
  for (std::size_t i = 0; i < r.rejected.size(); ++i) {
    EXPECT_EQ(r.rejected[i].line, static_cast<int>(i) + 3);
    EXPECT_FALSE(r.rejected[i].reason.empty());
  }
  EXPECT_NE(r.rejected[0].reason.find("sixty"), std::string::npos);
  EXPECT_NE(r.rejected[1].reason.find("start_time"), std::string::npos);
  EXPECT_NE(r.rejected[3].reason.find("superset"), std::string::npos);
  EXPECT_NE(r.rejected[5].reason.find("11 fields"), std::string::npos) << r.rejected[5].reason;
}

TEST(HevyImport, NotAHevyFileIsAnErrorWithNothingImported) {
  EXPECT_THROW(import_hevy_csv(""), ImportError);
  EXPECT_THROW(import_hevy_csv("Date,Workout Name\n2025-01-01 00:00:00,x\n"), ImportError);
  // A header without a weight column of either unit.
  EXPECT_THROW(import_hevy_csv("\"title\",\"start_time\",\"exercise_title\",\"set_index\","
                               "\"set_type\",\"reps\"\n"),
               ImportError);
}

}  // namespace
}  // namespace bfr::exchange
