// Strong CSV: the export matches bfr-facts §5 (header, date and duration
// formats), quoting holds the notes together, an export reads back as the
// same sets, and warm-up and rest-timer rows are skipped, not rejected.

#include <gtest/gtest.h>

#include "exchange/csv.hpp"
#include "exchange/history_import.hpp"
#include "exchange/strong_csv.hpp"
#include "tests/exchange/facts_file.hpp"
#include "tests/exchange/sample_records.hpp"

namespace bfr::exchange {
namespace {

using testing::sample_workout;

TEST(StrongExport, HeaderIsTheFactsHeader) {
  const std::string csv = strong_csv({sample_workout({})});
  EXPECT_EQ(csv.substr(0, csv.find('\n')), testing::facts_code_span("Date,Workout Name"));
}

// Aerobic and passive sessions: long bouts without reps read back as timed
// sets; the notes say 0/0 reps rather than inventing a target.
TEST(StrongExport, SetsWithoutRepsExportAsTimedSets) {
  const std::string csv = strong_csv({workout_from_session(testing::sample_aerobic_session())});
  const auto records = read_csv(csv);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].fields[2], "24m");
  EXPECT_NE(records[1].fields[9].find("0/0 reps"), std::string::npos) << records[1].fields[9];
  const auto result = import_strong_csv(csv);
  EXPECT_TRUE(result.rejected.empty());
  ASSERT_EQ(result.accepted.size(), 3u);
  EXPECT_EQ(result.accepted[2].duration_s, 360.0);
  EXPECT_EQ(result.accepted[2].reps, 0);
  EXPECT_TRUE(result.estimates.empty());
}

TEST(StrongExport, RowsCarryDatesDurationAndBfrNotes) {
  const auto records = read_csv(strong_csv({sample_workout({12.5, 12.5, 12.5, 10.0})}));
  ASSERT_EQ(records.size(), 5u);
  const auto& f = records[1].fields;
  ASSERT_EQ(f.size(), 12u);
  EXPECT_EQ(f[0], "2025-07-26 07:06:00");
  EXPECT_EQ(f[2], "42m");  // 07:06:00 to 07:48:10
  EXPECT_EQ(f[4], "1");    // Strong counts sets from 1
  EXPECT_EQ(f[5], "12.5");
  EXPECT_EQ(f[6], "30");
  EXPECT_EQ(f[8], "120");
  EXPECT_NE(f[9].find("149 mmHg (80 % LOP), left thigh"), std::string::npos) << f[9];
  EXPECT_NE(f[9].find("97 % of the set in band"), std::string::npos) << f[9];
  EXPECT_NE(f[10].find("OpenBFR session 31"), std::string::npos) << f[10];
  EXPECT_EQ(records[4].fields[4], "4");
  EXPECT_NE(records[4].fields[9].find("12/15 reps"), std::string::npos);
}

TEST(StrongExport, UnknownLoadIsZeroAsStrongWritesBodyweight) {
  const auto records = read_csv(strong_csv({sample_workout({})}));
  EXPECT_EQ(records[1].fields[5], "0");
}

TEST(StrongRoundTrip, ExportReadsBackAsTheSameSets) {
  const auto in = testing::sample_session();
  const Workout w = sample_workout({12.5, 12.5, 12.5, 10.25});
  const ImportResult r = import_strong_csv(strong_csv({w}));
  EXPECT_TRUE(r.rejected.empty());
  ASSERT_EQ(r.accepted.size(), in.sets.size());
  for (std::size_t i = 0; i < in.sets.size(); ++i) {
    EXPECT_EQ(r.accepted[i].set_index, in.sets[i].set_index);
    EXPECT_EQ(r.accepted[i].reps, in.sets[i].actual_reps);
    EXPECT_EQ(r.accepted[i].weight_kg, w.sets[i].weight_kg);
    EXPECT_EQ(r.accepted[i].exercise, in.session.exercise);
    EXPECT_EQ(r.accepted[i].start, w.start);
    EXPECT_EQ(r.accepted[i].notes, w.sets[i].notes);
  }
  // Only the last set (12 reps) is within the equations' range.
  ASSERT_EQ(r.estimates.size(), 1u);
  EXPECT_DOUBLE_EQ(r.estimates[0].one_rep_max_kg, 10.25 * (1 + 12.0 / 30));
  EXPECT_EQ(r.estimates[0].line, 5);
}

TEST(StrongImport, SkipsWarmUpsAndRestTimersAndRejectsBadRows) {
  const std::string text =
      "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
      "Workout Notes,RPE\n"
      "2025-08-03 17:00:00,Pull,50m,Deadlift (Barbell),W,60,5,0,0,,,\n"               // 2 skipped
      "2025-08-03 17:00:00,Pull,50m,Deadlift (Barbell),1,140,5,0,0,\"felt, ok\",,\n"  // 3
      "2025-08-03 17:00:00,Pull,50m,Deadlift (Barbell),Rest Timer,0,0,0,90,,,\n"      // 4 skipped
      "2025-08-03 17:00:00,Pull,50m,Deadlift (Barbell),2,150,3,0,0,,,8\n"             // 5
      "2025-08-03 17:00:00,Pull,50m,Deadlift (Barbell),X,150,3,0,0,,,\n"              // 6 rejected
      "2025-08-03,Pull,50m,Deadlift (Barbell),3,150,3,0,0,,,\n"                       // 7 rejected
      "2025-08-03 17:00:00,Pull,50m,Pull Up,1,0,10,0,0,,,\n";  // 8 bodyweight
  const ImportResult r = import_strong_csv(text);
  ASSERT_EQ(r.skipped.size(), 2u);
  EXPECT_EQ(r.skipped[0].line, 2);
  EXPECT_EQ(r.skipped[1].line, 4);
  ASSERT_EQ(r.rejected.size(), 2u);
  EXPECT_EQ(r.rejected[0].line, 6);
  EXPECT_NE(r.rejected[0].reason.find("Set Order 'X'"), std::string::npos);
  EXPECT_EQ(r.rejected[1].line, 7);
  ASSERT_EQ(r.accepted.size(), 3u);
  EXPECT_EQ(r.accepted[0].notes, "felt, ok");
  EXPECT_EQ(r.accepted[0].set_index, 0);
  // Estimates: Deadlift from its best set; Pull Up has no load and none.
  ASSERT_EQ(r.estimates.size(), 1u);
  EXPECT_EQ(r.estimates[0].exercise, "Deadlift (Barbell)");
  EXPECT_DOUBLE_EQ(r.estimates[0].one_rep_max_kg,
                   std::max(140 * (1 + 5.0 / 30), 150 * (1 + 3.0 / 30)));
}

TEST(StrongImport, PoundsFromOptionOrWeightUnitColumn) {
  const std::string plain =
      "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
      "2025-08-03 17:00:00,Pull,Row,1,100,8\n";
  const auto lbs = import_strong_csv(plain, WeightUnit::kLb);
  ASSERT_EQ(lbs.accepted.size(), 1u);
  EXPECT_DOUBLE_EQ(*lbs.accepted[0].weight_kg, 100 * 0.45359237);
  const std::string with_unit =
      "Date,Workout Name,Exercise Name,Set Order,Weight,Weight Unit,Reps\n"
      "2025-08-03 17:00:00,Pull,Row,1,100,lbs,8\n"
      "2025-08-03 17:00:00,Pull,Row,2,50,kg,8\n"
      "2025-08-03 17:00:00,Pull,Row,3,50,stone,8\n";
  const auto mixed = import_strong_csv(with_unit, WeightUnit::kKg);
  ASSERT_EQ(mixed.accepted.size(), 2u);
  EXPECT_DOUBLE_EQ(*mixed.accepted[0].weight_kg, 100 * 0.45359237);
  EXPECT_DOUBLE_EQ(*mixed.accepted[1].weight_kg, 50);
  ASSERT_EQ(mixed.rejected.size(), 1u);
  EXPECT_EQ(mixed.rejected[0].line, 4);
}

}  // namespace
}  // namespace bfr::exchange
