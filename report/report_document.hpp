#pragma once
// A report as a list of blocks (headings, labelled fields, tables, plots,
// paragraphs). The session and progress reports build one; the PDF and the
// HTML renderer each lay out the same blocks, so both formats always carry
// the same content.

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "report/plot.hpp"

namespace bfr::report {

// What a report prints where a value was never stored.
inline constexpr const char* kNotRecorded = "not recorded";

struct Heading {
  std::string text;
};

struct Paragraph {
  std::string text;
};

// "label: value" rows.
struct Fields {
  std::vector<std::pair<std::string, std::string>> rows;
};

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string empty_text = kNotRecorded;  // shown instead of an empty table
};

struct Figure {
  PlotSpec plot;
  double height_pt = 200;  // on the A4 page; the HTML scales with the page
};

using Block = std::variant<Heading, Paragraph, Fields, Table, Figure>;

struct ReportDocument {
  std::string title;
  std::string subtitle;
  std::vector<Block> blocks;
  std::string footer;  // on every PDF page and at the end of the HTML
};

}  // namespace bfr::report
