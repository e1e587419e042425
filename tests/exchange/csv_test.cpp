// CSV quoting and reading (RFC 4180): awkward fields survive a write and a
// read, and a malformed record is reported by its line without taking its
// neighbours with it.

#include <gtest/gtest.h>

#include "exchange/csv.hpp"

namespace bfr::exchange {
namespace {

TEST(CsvField, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(csv_field("plain", Quoting::kWhenNeeded), "plain");
  EXPECT_EQ(csv_field("a,b", Quoting::kWhenNeeded), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\"", Quoting::kWhenNeeded), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines", Quoting::kWhenNeeded), "\"two\nlines\"");
  EXPECT_EQ(csv_field("plain", Quoting::kAlways), "\"plain\"");
  EXPECT_EQ(csv_field("", Quoting::kAlways), "\"\"");
}

TEST(Csv, AwkwardFieldsRoundTrip) {
  const std::vector<std::string> fields{
      "", "a,b", "\"quoted\"", "line\nbreak", "crlf\r\nend", "  spaces  ", "ünïcode"};
  for (const Quoting q : {Quoting::kAlways, Quoting::kWhenNeeded}) {
    const std::string text = csv_row({"h1", "h2"}, q) + csv_row(fields, q) + csv_row({"x"}, q);
    const auto records = read_csv(text);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].fields, fields);
    EXPECT_TRUE(records[1].error.empty());
    EXPECT_EQ(records[1].line, 2);
    // The record with quoted line breaks spans lines 2-4; the next starts on 5.
    EXPECT_EQ(records[2].line, 5);
  }
}

TEST(Csv, ReadsCrlfBomAndSkipsBlankLines) {
  const auto records = read_csv(
      "\xEF\xBB\xBF"
      "a,b\r\n\r\n1,2\r\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(records[1].line, 3);
}

TEST(Csv, TextAfterClosingQuoteIsReportedAndReadingGoesOn) {
  const auto records = read_csv("a,b\n\"x\"y,2\n3,4\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_FALSE(records[1].error.empty());
  EXPECT_TRUE(records[2].error.empty());
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"3", "4"}));
}

TEST(Csv, UnclosedQuoteNamesItsLine) {
  const auto records = read_csv("a,b\n1,2\n\"open,3\n4,5\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2].line, 3);
  EXPECT_NE(records[2].error.find("line 3"), std::string::npos) << records[2].error;
}

}  // namespace
}  // namespace bfr::exchange
