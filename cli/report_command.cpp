#include "cli/report_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>

#include "clinic/repository.hpp"
#include "clinic/timestamp.hpp"
#include "report/progress_report.hpp"
#include "report/report_loader.hpp"
#include "report/report_output.hpp"
#include "report/session_report.hpp"

namespace bfr::cli {
namespace {

void add_output_options(CLI::App& cmd, ReportOptions& options) {
  cmd.add_option("--db", options.database,
                 "Database file or sqlite:// / postgresql:// URL (default: "
                 "$XDG_DATA_HOME/openbfr/openbfr.db)");
  auto* output = cmd.add_option_group("output", "Where to write the report (one of)");
  output->add_option("--pdf", options.pdf, "Write an A4 PDF to this file");
  output->add_option("--html", options.html, "Write a self-contained HTML file");
  output->require_option(1);
}

std::unique_ptr<clinic::Repository> open_store(const ReportOptions& options) {
  const std::string url =
      options.database.empty() ? clinic::default_database_path() : options.database;
  return clinic::open_existing_repository(url);
}

int write(const report::ReportDocument& doc, const ReportOptions& options) {
  const bool pdf = !options.pdf.empty();
  const std::string& path = pdf ? options.pdf : options.html;
  report::write_report(doc, pdf ? report::ReportFormat::kPdf : report::ReportFormat::kHtml, path);
  fmt::print("{} written to {}\n", doc.title, path);
  return 0;
}

// A missing session or patient is the user's mistake, said plainly.
template <typename Load>
int report_or_error(Load&& load) {
  try {
    return load();
  } catch (const report::ReportError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}

}  // namespace

ReportCommands add_report_command(CLI::App& app, ReportOptions& session, ReportOptions& progress) {
  auto* report = app.add_subcommand("report", "Session and progress reports as PDF or HTML");
  report->require_subcommand(1);
  ReportCommands commands;
  commands.session = report->add_subcommand(
      "session",
      "One session: patient and limb, screening, LOP, prescription, per-set target/actual, the "
      "pressure trace with its target band, time in band, restriction time, alarms, symptoms");
  commands.session->add_option("id", session.id, "Session id")
      ->required()
      ->check(CLI::PositiveNumber);
  add_output_options(*commands.session, session);

  commands.progress = report->add_subcommand(
      "progress",
      "One patient over the last weeks: LOP, load, reps and restriction time per session, "
      "sessions per week against the plan");
  commands.progress->add_option("patient_id", progress.id, "Patient id")
      ->required()
      ->check(CLI::PositiveNumber);
  commands.progress
      ->add_option("--weeks", progress.weeks,
                   fmt::format("Weeks up to now to cover (default {})", kDefaultProgressWeeks))
      ->check(CLI::Range(1, kMaxProgressWeeks));
  add_output_options(*commands.progress, progress);
  return commands;
}

int run_report_session(const ReportOptions& options) {
  auto repo = open_store(options);
  return report_or_error([&] {
    const auto data = report::load_session_report(*repo, options.id);
    return write(report::session_report(data, clinic::utc_timestamp_now()), options);
  });
}

int run_report_progress(const ReportOptions& options) {
  auto repo = open_store(options);
  return report_or_error([&] {
    const auto data = report::load_progress_report(*repo, options.id, options.weeks,
                                                   report::progress_period_end_now());
    return write(report::progress_report(data, clinic::utc_timestamp_now()), options);
  });
}

}  // namespace bfr::cli
