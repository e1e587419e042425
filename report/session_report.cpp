#include "report/session_report.hpp"

#include <fmt/format.h>

#include <type_traits>
#include <variant>

#include "report/report_text.hpp"
#include "report/session_figures.hpp"

namespace bfr::report {
namespace {

std::string optional_number(const std::optional<double>& v, int decimals) {
  return v ? fmt::format("{:.{}f}", *v, decimals) : std::string("-");
}

Fields patient_fields(const SessionReportData& d) {
  const auto& p = d.patient;
  Fields f;
  f.rows.push_back({"Name", p.display_name});
  f.rows.push_back({"Patient id", std::to_string(p.id)});
  f.rows.push_back({"Born / sex", fmt::format("{}, {}", p.birth_year,
                                              p.sex == clinic::Sex::kMale ? "male" : "female")});
  f.rows.push_back(
      {"Resting BP / HR", fmt::format("{:.0f}/{:.0f} mmHg, {:.0f} bpm", p.resting_sbp_mmhg,
                                      p.resting_dbp_mmhg, p.resting_hr_bpm)});
  f.rows.push_back({"Limb", fmt::format("{}, circumference {:.1f} cm", limb_label(d.limb),
                                        d.limb.circumference_cm)});
  if (!p.notes.empty()) f.rows.push_back({"Notes", p.notes});
  return f;
}

std::string limb_key_label(const clinic::LimbKey& key) {
  return limb_label({0, 0, key.side, key.segment, 0});
}

void add_screening(ReportDocument& doc, const SessionReportData& d) {
  doc.blocks.push_back(Heading{"Screening"});
  if (!d.screening) {
    doc.blocks.push_back(Fields{{{"Outcome", kNotRecorded}}});
    return;
  }
  const auto& s = *d.screening;
  // The newest screening is shown; one taken after the session says so, as
  // it is not the one the session was let through on.
  std::string screened = readable_timestamp(s.screened_at);
  if (!d.session.started_at.empty() && s.screened_at > d.session.started_at) {
    screened += " (after this session)";
  }
  if (!s.limb) {
    std::string judged;
    for (const auto& key : s.screened_limbs)
      judged += (judged.empty() ? "" : ", ") + limb_key_label(key);
    doc.blocks.push_back(Fields{{
        {"Outcome", fmt::format("{} not screened (the screening covers {})", limb_label(d.limb),
                                judged.empty() ? "no limb" : judged)},
        {"Screened", screened},
    }});
    return;
  }
  doc.blocks.push_back(Fields{{
      {"Outcome", fmt::format("{} ({})", screening_outcome_label(s.limb->outcome),
                              limb_key_label(s.limb->limb))},
      {"Screened", screened},
      {"DVT risk points", std::to_string(s.dvt_risk_points)},
  }});
  Table reasons;
  reasons.header = {"Level", "Reason"};
  reasons.empty_text = "no reasons given";
  for (const auto& r : s.limb->reasons) {
    reasons.rows.push_back(
        {r.level == clinic::ScreeningOutcome::kCleared ? "note" : screening_outcome_label(r.level),
         r.text});
  }
  doc.blocks.push_back(std::move(reasons));
  if (s.overrides.empty()) return;
  Table overrides;
  overrides.header = {"Clinician override", "Reason", "Given"};
  for (const auto& o : s.overrides)
    overrides.rows.push_back({o.clinician, o.reason, readable_timestamp(o.given_at)});
  doc.blocks.push_back(std::move(overrides));
}

void add_lop(ReportDocument& doc, const SessionReportData& d) {
  doc.blocks.push_back(Heading{"Limb occlusion pressure"});
  if (!d.lop) {
    doc.blocks.push_back(Fields{{{"LOP", kNotRecorded}}});
    return;
  }
  const auto& m = *d.lop;
  const bool estimated = m.method == clinic::LopMethod::kEstimated;
  Fields f;
  f.rows.push_back({"LOP", m.lop_mmhg ? fmt::format("{:.1f} mmHg", *m.lop_mmhg)
                                      : fmt::format("no value ({})", m.abort_reason)});
  // An estimate is a prediction, not a measurement of this limb; it is
  // labelled wherever it is shown (docs/LOP.md).
  f.rows.push_back({"Method", estimated ? "estimated (prediction equation, not measured)"
                                        : "measured through the cuff"});
  f.rows.push_back({"Posture", posture_label(m.posture)});
  f.rows.push_back({"Quality", estimated ? "-" : fmt::format("{:.2f}", m.quality)});
  f.rows.push_back({"Cuff width", fmt::format("{:.1f} cm", m.cuff_width_cm)});
  if (m.heart_rate_bpm)
    f.rows.push_back({"Heart rate", fmt::format("{:.0f} bpm", *m.heart_rate_bpm)});
  f.rows.push_back({"Taken", readable_timestamp(m.measured_at)});
  doc.blocks.push_back(std::move(f));
}

std::string reps_scheme(const std::vector<int>& reps) {
  std::string text;
  for (int r : reps) text += (text.empty() ? "" : "-") + std::to_string(r);
  return text;
}

void add_work(Fields& f, const clinic::Work& work) {
  std::visit(
      [&](const auto& w) {
        using W = std::decay_t<decltype(w)>;
        if constexpr (std::is_same_v<W, clinic::ResistanceWork>) {
          f.rows.push_back({"Work", "resistance"});
          f.rows.push_back(
              {"Load", w.load.kind == clinic::LoadKind::kBodyweight
                           ? std::string("bodyweight")
                           : fmt::format("{:.0f} % 1RM", w.load.fraction_of_one_rm * 100)});
          f.rows.push_back({"Reps per set", reps_scheme(w.reps_per_set)});
          f.rows.push_back({"Rest between sets", fmt::format("{:.0f} s", w.rest_between_sets_s)});
          f.rows.push_back(
              {"Cadence", w.cadence.isometric_hold_s
                              ? fmt::format("hold {:.0f} s", *w.cadence.isometric_hold_s)
                              : fmt::format("{:.0f} s up / {:.0f} s down", w.cadence.concentric_s,
                                            w.cadence.eccentric_s)});
        } else if constexpr (std::is_same_v<W, clinic::AerobicWork>) {
          f.rows.push_back({"Work", w.mode == clinic::AerobicMode::kWalking ? "aerobic, walking"
                                                                            : "aerobic, cycling"});
          f.rows.push_back(
              {"Bouts",
               fmt::format(
                   "{} x {:.0f} s, {:.0f} s rests{}", w.bouts, w.bout_s, w.rest_between_bouts_s,
                   w.cuff_inflated_during_rests ? " (cuff inflated)" : " (cuff deflated)")});
        } else {
          f.rows.push_back({"Work", "passive"});
          f.rows.push_back({"Cycles", fmt::format("{} x {:.0f} s inflated / {:.0f} s deflated",
                                                  w.cycles, w.inflated_s, w.deflated_s)});
        }
      },
      work);
}

void add_prescription(ReportDocument& doc, const SessionReportData& d) {
  doc.blocks.push_back(Heading{"Prescription"});
  const auto& s = d.session;
  std::vector<int> targets;
  for (const auto& set : d.sets) targets.push_back(set.record.target_reps);
  Fields f;
  f.rows.push_back({"Exercise", s.exercise});
  f.rows.push_back(
      {"Session target",
       fmt::format("{:.0f} % LOP = {:.1f} mmHg, {} reps, rests {:.0f} s", s.target_fraction * 100,
                   s.target_mmhg, targets.empty() ? "-" : reps_scheme(targets), s.rest_s)});
  if (d.programme) {
    const auto& p = *d.programme;
    f.rows.push_back(
        {"Programme", fmt::format("{}, phase {}{}", p.programme_name, p.phase_index + 1,
                                  p.phase_name.empty() ? "" : " (" + p.phase_name + ")")});
  }
  if (!d.prescription) {
    f.rows.push_back({"Programme prescription", kNotRecorded});
    doc.blocks.push_back(std::move(f));
    return;
  }
  const auto& p = *d.prescription;
  f.rows.push_back(
      {"Prescribed pressure", fmt::format("{:.0f} % LOP", p.target_fraction_of_lop * 100)});
  f.rows.push_back({"Restriction limit", seconds_as_minutes(p.restriction_limit_s)});
  f.rows.push_back({"Sessions per week", std::to_string(p.sessions_per_week)});
  add_work(f, p.work);
  doc.blocks.push_back(std::move(f));
}

Table set_table(const SessionReportData& d) {
  Table t;
  t.header = {"Set",       "Reps target", "Reps actual",  "Duration s", "In band %", "Min mmHg",
              "Mean mmHg", "Peak mmHg",   "Rest after s", "Load kg",    "RPE",       "Pain"};
  for (const auto& set : d.sets) {
    const auto& r = set.record;
    const auto& fb = set.feedback;
    t.rows.push_back({
        std::to_string(r.set_index + 1),
        std::to_string(r.target_reps),
        std::to_string(r.actual_reps),
        fmt::format("{:.1f}", r.duration_s),
        fmt::format("{:.1f}", r.time_in_band_fraction * 100),
        fmt::format("{:.1f}", r.min_mmhg),
        fmt::format("{:.1f}", r.mean_mmhg),
        fmt::format("{:.1f}", r.peak_mmhg),
        r.rest_after_s > 0 ? fmt::format("{:.1f}", r.rest_after_s) : std::string("-"),
        optional_number(fb.load_kg, 1),
        optional_number(fb.rpe_cr10, 1),
        fb.pain_0_10 ? std::to_string(*fb.pain_0_10) : std::string("-"),
    });
  }
  return t;
}

bool is_alarm(const clinic::EventRecord& e) {
  return e.kind == "alarm_raised" || e.kind == "alarm_cleared" || e.kind == "command_rejected" ||
         e.kind == "safety_action";
}

void add_events(ReportDocument& doc, const SessionReportData& d) {
  doc.blocks.push_back(Heading{"Alarms"});
  Table alarms;
  alarms.header = {"Time s", "Alarm or refusal", "Detail"};
  alarms.empty_text = "none";
  for (const auto& e : d.events) {
    if (is_alarm(e)) alarms.rows.push_back({fmt::format("{:.1f}", e.t_s), e.kind, e.detail});
  }
  doc.blocks.push_back(std::move(alarms));

  doc.blocks.push_back(Heading{"Events"});
  Table events;
  events.header = {"Time s", "Event", "Detail"};
  for (const auto& e : d.events)
    events.rows.push_back({fmt::format("{:.1f}", e.t_s), e.kind, e.detail});
  doc.blocks.push_back(std::move(events));
}

void add_symptoms(ReportDocument& doc, const SessionReportData& d) {
  doc.blocks.push_back(Heading{"Symptoms"});
  if (!d.symptoms) {
    doc.blocks.push_back(Fields{{{"Symptoms", kNotRecorded}}});
    return;
  }
  Table t;
  t.header = {"Symptom", "Severity", "Noted", "Note"};
  t.empty_text = "none reported";
  for (const auto& s : *d.symptoms) {
    t.rows.push_back({symptom_label(s.report.symptom), severity_label(s.report.severity),
                      s.noted_at.empty() ? std::string("-") : readable_timestamp(s.noted_at),
                      s.note.empty() ? std::string("-") : s.note});
  }
  doc.blocks.push_back(std::move(t));
}

}  // namespace

ReportDocument session_report(const SessionReportData& data, const std::string& generated_at) {
  const auto& s = data.session;
  ReportDocument doc;
  doc.title = "OpenBFR session report";
  doc.subtitle = fmt::format("Session {}: {}, {} ({})", s.id, s.exercise,
                             readable_timestamp(s.started_at), s.device);
  doc.footer = fmt::format("OpenBFR {} - not a certified medical device - generated {}",
                           "session report", readable_timestamp(generated_at));

  doc.blocks.push_back(Heading{"Patient"});
  doc.blocks.push_back(patient_fields(data));
  add_screening(doc, data);
  add_lop(doc, data);
  add_prescription(doc, data);

  doc.blocks.push_back(Heading{"Sets: target and actual"});
  doc.blocks.push_back(set_table(data));
  const auto in_band = overall_time_in_band(data.trace, data.sets);
  doc.blocks.push_back(Fields{{
      {"Time in band (\u00b110 % of target, all sets)",
       in_band ? fmt::format("{:.1f} %", *in_band * 100) : std::string(kNotRecorded)},
      {"Total restriction time", seconds_as_minutes(s.total_restriction_s)},
      {"Ended", s.stop_reason.empty() ? std::string("not finished") : s.stop_reason},
  }});
  doc.blocks.push_back(Figure{pressure_trace_plot(data), 230});
  add_events(doc, data);
  add_symptoms(doc, data);
  return doc;
}

}  // namespace bfr::report
