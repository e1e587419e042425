#include "clinic/screening.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>

#include <fmt/format.h>

namespace bfr::clinic {

namespace {

using std::chrono::sys_seconds;

// One question about the person. A question may act directly (a yes gives
// `level`), through DVT risk points, or both (previous VTE is a seed
// contraindication and worth 3 points). The table also fixes the order of the
// canonical answers: append new questions at the end and bump kCanonicalTag,
// since a changed questionnaire must be answered anew anyway.
struct PatientQuestion {
  Answer PatientAnswers::*field;
  std::string_view key;
  std::optional<ScreeningOutcome> level;
  std::string_view reason;
  int dvt_points = 0;
};

struct LimbQuestion {
  Answer LimbAnswers::*field;
  std::string_view key;
  std::string_view reason;
};

constexpr auto kContra = ScreeningOutcome::kContraindicated;
constexpr auto kClearance = ScreeningOutcome::kNeedsClinicianClearance;
constexpr std::optional<ScreeningOutcome> kPointsOnly = std::nullopt;

constexpr std::string_view kCanonicalTag = "openbfr-screening-v1";

// Contraindications and cautions: bfr-facts §1 (seeds). Clot concerns, DVT
// points and red flags: bfr-facts §1 (Nascimento 2022). Project choices: a
// caution or a clot concern needs clinician clearance; every red flag
// contraindicates (the facts list them without grading them).
constexpr std::array kPatientQuestions{
    PatientQuestion{&PatientAnswers::current_dvt, "current_dvt", kContra,
                    "current deep vein thrombosis (contraindication)"},
    PatientQuestion{&PatientAnswers::sickle_cell, "sickle_cell", kContra,
                    "sickle cell anaemia or trait (contraindication)"},
    PatientQuestion{&PatientAnswers::pregnant, "pregnant", kContra, "pregnancy (contraindication)"},
    PatientQuestion{&PatientAnswers::uncontrolled_hypertension, "uncontrolled_hypertension",
                    kContra, "uncontrolled hypertension (contraindication)"},
    PatientQuestion{&PatientAnswers::cardiopulmonary_disease, "cardiopulmonary_disease", kClearance,
                    "cardiopulmonary disease (caution)"},
    PatientQuestion{&PatientAnswers::diabetes, "diabetes", kClearance,
                    "diabetes (caution; raises clot concern)"},
    PatientQuestion{&PatientAnswers::poor_circulation, "poor_circulation", kClearance,
                    "poor circulation (caution)"},
    PatientQuestion{&PatientAnswers::infection, "infection", kClearance, "infection (caution)"},
    PatientQuestion{&PatientAnswers::cancer, "cancer", kClearance, "cancer (caution)"},
    PatientQuestion{&PatientAnswers::clotting_condition, "clotting_condition", kClearance,
                    "blood-clotting condition (caution)"},
    PatientQuestion{&PatientAnswers::hypertension, "hypertension", kClearance,
                    "hypertension (raises clot concern)"},
    PatientQuestion{&PatientAnswers::post_covid19, "post_covid19", kClearance,
                    "after COVID-19 (raises clot concern)"},
    PatientQuestion{&PatientAnswers::postpartum, "postpartum", kClearance,
                    "postpartum (raises clot concern)"},
    PatientQuestion{&PatientAnswers::oral_contraceptives, "oral_contraceptives", kClearance,
                    "oral contraceptives (raise clot concern)"},
    PatientQuestion{&PatientAnswers::rheumatoid_arthritis, "rheumatoid_arthritis", kClearance,
                    "rheumatoid arthritis (raises clot concern)"},
    PatientQuestion{&PatientAnswers::chronic_kidney_disease, "chronic_kidney_disease", kClearance,
                    "chronic kidney disease (raises clot concern)"},
    PatientQuestion{&PatientAnswers::orthopaedic_post_surgery, "orthopaedic_post_surgery",
                    kClearance, "after orthopaedic surgery (raises clot concern)"},
    PatientQuestion{&PatientAnswers::anabolic_steroids, "anabolic_steroids", kClearance,
                    "anabolic steroid use (raises clot concern)"},
    PatientQuestion{&PatientAnswers::previous_vte, "previous_vte", kContra,
                    "history of DVT or other venous thromboembolism (contraindication)", 3},
    PatientQuestion{&PatientAnswers::known_thrombophilia, "known_thrombophilia", kPointsOnly,
                    "known thrombophilia", 2},
    PatientQuestion{&PatientAnswers::lower_limb_paralysis, "lower_limb_paralysis", kPointsOnly,
                    "lower-limb paralysis or paresis", 2},
    PatientQuestion{&PatientAnswers::cancer_last_5_years, "cancer_last_5_years", kPointsOnly,
                    "cancer in the last 5 years", 2},
    PatientQuestion{&PatientAnswers::icu_ccu_stay, "icu_ccu_stay", kPointsOnly, "ICU/CCU stay", 1},
    PatientQuestion{&PatientAnswers::immobilised_one_day_or_more, "immobilised_one_day_or_more",
                    kPointsOnly, "complete immobilisation for a day or more", 1},
    PatientQuestion{&PatientAnswers::acute_myocarditis, "acute_myocarditis", kContra,
                    "cardiovascular red flag: acute myocarditis"},
    PatientQuestion{&PatientAnswers::angina_or_st_depression_below_6_mets,
                    "angina_or_st_depression_below_6_mets", kContra,
                    "cardiovascular red flag: angina or ST depression below 6 METs"},
    PatientQuestion{&PatientAnswers::ejection_fraction_below_30_percent,
                    "ejection_fraction_below_30_percent", kContra,
                    "cardiovascular red flag: ejection fraction below 30 %"},
    PatientQuestion{&PatientAnswers::heart_failure_class_3_or_4, "heart_failure_class_3_or_4",
                    kContra, "cardiovascular red flag: heart failure class III-IV"},
    PatientQuestion{&PatientAnswers::uncontrolled_complex_arrhythmia,
                    "uncontrolled_complex_arrhythmia", kContra,
                    "cardiovascular red flag: uncontrolled complex arrhythmia"},
    PatientQuestion{&PatientAnswers::recent_revascularisation, "recent_revascularisation", kContra,
                    "cardiovascular red flag: recent revascularisation"},
    PatientQuestion{&PatientAnswers::exercise_capacity_below_6_mets,
                    "exercise_capacity_below_6_mets", kContra,
                    "cardiovascular red flag: exercise capacity below 6 METs"},
    PatientQuestion{&PatientAnswers::bp_falls_below_rest_during_exercise,
                    "bp_falls_below_rest_during_exercise", kContra,
                    "cardiovascular red flag: blood pressure falls below rest during exercise"},
    PatientQuestion{&PatientAnswers::peripheral_artery_disease, "peripheral_artery_disease",
                    kContra, "cardiovascular red flag: peripheral artery disease"},
    PatientQuestion{&PatientAnswers::symptomatic_postural_hypotension,
                    "symptomatic_postural_hypotension", kContra,
                    "cardiovascular red flag: symptomatic postural hypotension"},
    PatientQuestion{&PatientAnswers::abdominal_aortic_aneurysm, "abdominal_aortic_aneurysm",
                    kContra, "cardiovascular red flag: abdominal aortic aneurysm"},
    PatientQuestion{&PatientAnswers::prior_cardiac_arrest, "prior_cardiac_arrest", kContra,
                    "cardiovascular red flag: prior cardiac arrest"},
};

// Every limb question contraindicates that limb, bfr-facts §1 (seeds).
constexpr std::array kLimbQuestions{
    LimbQuestion{&LimbAnswers::wound_or_infection_near_cuff_site,
                 "wound_or_infection_near_cuff_site",
                 "open wound or infection at or near the cuff site"},
    LimbQuestion{&LimbAnswers::lymph_nodes_removed, "lymph_nodes_removed",
                 "lymph nodes removed on this limb"},
    LimbQuestion{&LimbAnswers::lymphoedema, "lymphoedema", "lymphoedema of this limb"},
    LimbQuestion{&LimbAnswers::dvt, "dvt", "DVT in this limb, current or past"},
    LimbQuestion{&LimbAnswers::peripheral_vascular_disease, "peripheral_vascular_disease",
                 "peripheral vascular disease in this limb"},
};

// Previous VTE (3 points) is also counted when a limb reports a DVT, which is
// a venous thromboembolism whichever question recorded it.
constexpr int kPreviousVtePoints = 3;
// bfr-facts §1 (Nascimento 2022): age >= 60 scores 1.
constexpr int kAgePointsFrom = 60;
// bfr-facts §1 (Nascimento 2022): resting BP >= 180/110 is a red flag.
constexpr double kRedFlagSbpMmhg = 180;
constexpr double kRedFlagDbpMmhg = 110;
// Plausibility limits, the same as the stored patient record's.
constexpr int kEarliestBirthYear = 1900;
constexpr double kMinSbp = 60, kMaxSbp = 260, kMinDbp = 30, kMaxDbp = 160;

bool yes(Answer a) {
  return a == Answer::kYes;
}
bool answered(Answer a) {
  return a == Answer::kNo || a == Answer::kYes;
}

std::string_view answer_text(Answer a) {
  switch (a) {
    case Answer::kNo:
      return "no";
    case Answer::kYes:
      return "yes";
    case Answer::kUnanswered:
      break;
  }
  return "unanswered";
}

bool valid_limb(const LimbKey& key) {
  const bool side_ok = key.side == LimbSide::kLeft || key.side == LimbSide::kRight;
  const bool segment_ok =
      key.segment == LimbSegment::kThigh || key.segment == LimbSegment::kUpperArm;
  return side_ok && segment_ok;
}

std::string limb_name(const LimbKey& key) {
  return fmt::format("{} {}", key.side == LimbSide::kLeft ? "left" : "right",
                     key.segment == LimbSegment::kThigh ? "thigh" : "upper arm");
}

int limb_order(const LimbKey& key) {
  return static_cast<int>(key.side) * 2 + static_cast<int>(key.segment);
}

int year_of(sys_seconds t) {
  const std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(t)};
  return static_cast<int>(date.year());
}

Check validate_answers(const ScreeningAnswers& answers, sys_seconds screened_at) {
  const PatientAnswers& p = answers.patient;
  const int year = year_of(screened_at);
  if (p.birth_year < kEarliestBirthYear || p.birth_year > year) {
    return check_failed(
        fmt::format("birth_year must be between {} and the screening year {} (got {})",
                    kEarliestBirthYear, year, p.birth_year));
  }
  // Written so that NaN fails too.
  if (!(p.resting_sbp_mmhg >= kMinSbp && p.resting_sbp_mmhg <= kMaxSbp)) {
    return check_failed(fmt::format("resting_sbp_mmhg must be between {} and {} (got {})", kMinSbp,
                                    kMaxSbp, p.resting_sbp_mmhg));
  }
  if (!(p.resting_dbp_mmhg >= kMinDbp && p.resting_dbp_mmhg <= kMaxDbp)) {
    return check_failed(fmt::format("resting_dbp_mmhg must be between {} and {} (got {})", kMinDbp,
                                    kMaxDbp, p.resting_dbp_mmhg));
  }
  if (p.resting_dbp_mmhg >= p.resting_sbp_mmhg) {
    return check_failed(fmt::format("resting_dbp_mmhg ({}) must be below resting_sbp_mmhg ({})",
                                    p.resting_dbp_mmhg, p.resting_sbp_mmhg));
  }
  for (const PatientQuestion& q : kPatientQuestions) {
    if (!answered(p.*q.field))
      return check_failed(fmt::format("question '{}' is unanswered", q.key));
  }
  if (answers.limbs.empty()) return check_failed("at least one limb must be screened");
  for (std::size_t i = 0; i < answers.limbs.size(); ++i) {
    const LimbAnswers& limb = answers.limbs[i];
    if (!valid_limb(limb.limb))
      return check_failed(fmt::format("limb {} has an invalid side or segment", i));
    for (std::size_t j = 0; j < i; ++j) {
      if (answers.limbs[j].limb == limb.limb) {
        return check_failed(fmt::format("{} is screened twice", limb_name(limb.limb)));
      }
    }
    for (const LimbQuestion& q : kLimbQuestions) {
      if (!answered(limb.*q.field)) {
        return check_failed(
            fmt::format("{}: question '{}' is unanswered", limb_name(limb.limb), q.key));
      }
    }
  }
  return check_passed();
}

struct PointsTally {
  int total = 0;
  std::vector<std::string> parts;
};

PointsTally count_dvt_points(const ScreeningAnswers& answers, int age_years) {
  PointsTally tally;
  const bool limb_dvt = std::any_of(answers.limbs.begin(), answers.limbs.end(),
                                    [](const LimbAnswers& l) { return yes(l.dvt); });
  for (const PatientQuestion& q : kPatientQuestions) {
    if (q.dvt_points == 0) continue;
    const bool scored =
        yes(answers.patient.*q.field) || (q.field == &PatientAnswers::previous_vte && limb_dvt);
    if (!scored) continue;
    tally.total += q.dvt_points;
    tally.parts.push_back(fmt::format("{} {}", q.reason, q.dvt_points));
  }
  if (age_years >= kAgePointsFrom) {
    tally.total += 1;
    tally.parts.push_back(fmt::format("age {} (60 or over) 1", age_years));
  }
  return tally;
}

// Reasons that hold for every limb: direct answers, blood pressure, DVT score.
std::vector<ScreeningReason> person_reasons(const ScreeningAnswers& answers,
                                            const PointsTally& points) {
  std::vector<ScreeningReason> reasons;
  const PatientAnswers& p = answers.patient;
  for (const PatientQuestion& q : kPatientQuestions) {
    if (q.level && yes(p.*q.field)) reasons.push_back({*q.level, std::string(q.reason)});
  }
  if (p.resting_sbp_mmhg >= kRedFlagSbpMmhg || p.resting_dbp_mmhg >= kRedFlagDbpMmhg) {
    reasons.push_back({kContra, fmt::format("cardiovascular red flag: resting blood pressure "
                                            "{}/{} mmHg is at or above 180/110",
                                            p.resting_sbp_mmhg, p.resting_dbp_mmhg)});
  }
  if (points.total > 0) {
    reasons.push_back(
        {outcome_for_dvt_points(points.total),
         fmt::format("DVT risk score {} ({})", points.total, fmt::join(points.parts, ", "))});
  }
  return reasons;
}

std::string not_cleared_reasons(const LimbScreening& limb) {
  std::vector<std::string_view> texts;
  for (const ScreeningReason& r : limb.reasons) {
    if (r.level != ScreeningOutcome::kCleared) texts.push_back(r.text);
  }
  return fmt::format("{}", fmt::join(texts, "; "));
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

ScreeningOutcome outcome_for_dvt_points(int points) {
  if (points >= kDvtPointsContraindicated) return ScreeningOutcome::kContraindicated;
  if (points >= kDvtPointsNeedingClearance) return ScreeningOutcome::kNeedsClinicianClearance;
  return ScreeningOutcome::kCleared;
}

std::string_view outcome_name(ScreeningOutcome outcome) {
  switch (outcome) {
    case ScreeningOutcome::kCleared:
      return "cleared";
    case ScreeningOutcome::kNeedsClinicianClearance:
      return "needs clinician clearance";
    case ScreeningOutcome::kContraindicated:
      return "contraindicated";
  }
  return "unknown";
}

Result<Screening> evaluate_screening(const ScreeningAnswers& answers, sys_seconds screened_at) {
  if (Check valid = validate_answers(answers, screened_at); !valid.ok()) {
    return Result<Screening>::failure(std::move(valid.error));
  }
  Screening screening;
  screening.screened_at = screened_at;
  screening.answers_fingerprint = answers_fingerprint(answers);
  // Only the birth year is known: counting the person as already having had
  // this year's birthday may add the age point up to a year early, which errs
  // on the safe side.
  screening.age_years = year_of(screened_at) - answers.patient.birth_year;
  const PointsTally points = count_dvt_points(answers, screening.age_years);
  screening.dvt_risk_points = points.total;
  const std::vector<ScreeningReason> shared = person_reasons(answers, points);

  for (const LimbAnswers& limb : answers.limbs) {
    LimbScreening result{limb.limb, ScreeningOutcome::kCleared, shared};
    for (const LimbQuestion& q : kLimbQuestions) {
      if (yes(limb.*q.field)) result.reasons.push_back({kContra, std::string(q.reason)});
    }
    for (const ScreeningReason& r : result.reasons)
      result.outcome = std::max(result.outcome, r.level);
    screening.limbs.push_back(std::move(result));
  }
  return Result<Screening>::success(std::move(screening));
}

std::string canonical_answers(const ScreeningAnswers& answers) {
  const PatientAnswers& p = answers.patient;
  std::string text =
      fmt::format("{}\nbirth_year={}\nresting_sbp_mmhg={}\nresting_dbp_mmhg={}\n", kCanonicalTag,
                  p.birth_year, p.resting_sbp_mmhg, p.resting_dbp_mmhg);
  for (const PatientQuestion& q : kPatientQuestions) {
    text += fmt::format("{}={}\n", q.key, answer_text(p.*q.field));
  }
  std::vector<const LimbAnswers*> limbs;
  for (const LimbAnswers& limb : answers.limbs) limbs.push_back(&limb);
  std::stable_sort(limbs.begin(), limbs.end(), [](const LimbAnswers* a, const LimbAnswers* b) {
    return limb_order(a->limb) < limb_order(b->limb);
  });
  for (const LimbAnswers* limb : limbs) {
    text += fmt::format("limb={}\n", limb_name(limb->limb));
    for (const LimbQuestion& q : kLimbQuestions) {
      text += fmt::format("  {}={}\n", q.key, answer_text(limb->*q.field));
    }
  }
  return text;
}

std::string answers_fingerprint(const ScreeningAnswers& answers) {
  // FNV-1a, 64 bit: defined byte by byte, so the value is the same on every
  // platform and in every build (std::hash promises neither).
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : canonical_answers(answers)) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return fmt::format("{:016x}", hash);
}

ScreeningStatus screening_status(const Screening& screening,
                                 std::string_view current_answers_fingerprint, sys_seconds now,
                                 std::chrono::seconds validity) {
  if (screening.answers_fingerprint != current_answers_fingerprint) {
    return ScreeningStatus::kAnswersChanged;
  }
  if (now < screening.screened_at) return ScreeningStatus::kDatedInFuture;
  // Valid for [screened_at, screened_at + validity): at exactly the validity
  // the screening has expired.
  if (now - screening.screened_at >= validity) return ScreeningStatus::kExpired;
  return ScreeningStatus::kCurrent;
}

SessionDecision may_start_session(const Screening& screening, const LimbKey& limb,
                                  const std::optional<ClinicianOverride>& clinician_override,
                                  sys_seconds now, std::string_view current_answers_fingerprint,
                                  std::chrono::seconds validity) {
  const auto refuse = [](std::string why) { return SessionDecision{false, std::move(why)}; };
  switch (screening_status(screening, current_answers_fingerprint, now, validity)) {
    case ScreeningStatus::kAnswersChanged:
      return refuse("the screening answers have changed since the screening: screen again");
    case ScreeningStatus::kDatedInFuture:
      return refuse("the screening is dated after now: check the clock, then screen again");
    case ScreeningStatus::kExpired:
      return refuse(
          fmt::format("the screening is {} days old and valid for {} days: screen again",
                      std::chrono::floor<std::chrono::days>(now - screening.screened_at).count(),
                      std::chrono::floor<std::chrono::days>(validity).count()));
    case ScreeningStatus::kCurrent:
      break;
  }
  const auto found = std::find_if(screening.limbs.begin(), screening.limbs.end(),
                                  [&](const LimbScreening& l) { return l.limb == limb; });
  if (found == screening.limbs.end()) {
    return refuse(fmt::format("the {} was not screened", limb_name(limb)));
  }
  if (found->outcome == ScreeningOutcome::kCleared) {
    return {true, fmt::format("the {} is cleared by the screening", limb_name(limb))};
  }
  const std::string status = fmt::format("the {} is {} ({})", limb_name(limb),
                                         outcome_name(found->outcome), not_cleared_reasons(*found));
  if (!clinician_override) return refuse(status + ": a clinician override is required");
  const ClinicianOverride& o = *clinician_override;
  if (!(o.limb == limb)) {
    return refuse(fmt::format("{}: the override is for the {}", status, limb_name(o.limb)));
  }
  if (blank(o.clinician)) return refuse(status + ": the override must name the clinician");
  if (blank(o.reason)) return refuse(status + ": the override must give a reason");
  if (o.given_at < screening.screened_at) {
    return refuse(status + ": the override was given before this screening");
  }
  if (o.given_at > now) return refuse(status + ": the override is dated after now");
  return {true,
          fmt::format("{}: allowed under the override of {} ({})", status, o.clinician, o.reason)};
}

}  // namespace bfr::clinic

namespace bfr::clinic {

std::vector<std::string_view> patient_question_keys() {
  std::vector<std::string_view> keys;
  for (const PatientQuestion& q : kPatientQuestions) keys.push_back(q.key);
  return keys;
}

std::vector<std::string_view> limb_question_keys() {
  std::vector<std::string_view> keys;
  for (const LimbQuestion& q : kLimbQuestions) keys.push_back(q.key);
  return keys;
}

bool set_patient_answer(PatientAnswers& answers, std::string_view key, Answer answer) {
  for (const PatientQuestion& q : kPatientQuestions) {
    if (q.key == key) {
      answers.*q.field = answer;
      return true;
    }
  }
  return false;
}

bool set_limb_answer(LimbAnswers& answers, std::string_view key, Answer answer) {
  for (const LimbQuestion& q : kLimbQuestions) {
    if (q.key == key) {
      answers.*q.field = answer;
      return true;
    }
  }
  return false;
}

std::string limb_display_name(const LimbKey& limb) {
  return limb_name(limb);
}

namespace {

std::optional<Answer> parse_answer(std::string_view text) {
  if (text == "yes") return Answer::kYes;
  if (text == "no") return Answer::kNo;
  if (text == "unanswered") return Answer::kUnanswered;
  return std::nullopt;
}

std::optional<LimbKey> parse_limb_name(std::string_view text) {
  for (const LimbSide side : {LimbSide::kLeft, LimbSide::kRight}) {
    for (const LimbSegment segment : {LimbSegment::kThigh, LimbSegment::kUpperArm}) {
      if (limb_name({side, segment}) == text) return LimbKey{side, segment};
    }
  }
  return std::nullopt;
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Result<ScreeningAnswers> parse_canonical_answers(std::string_view text) {
  const auto fail = [](std::size_t line, std::string why) {
    return Result<ScreeningAnswers>::failure(
        fmt::format("stored screening answers, line {}: {}", line, why));
  };
  ScreeningAnswers answers;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_number;
    if (line_number == 1) {
      if (line != kCanonicalTag) return fail(1, fmt::format("expected '{}'", kCanonicalTag));
      continue;
    }
    const bool limb_question = line.starts_with("  ");
    if (limb_question) line.remove_prefix(2);
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) return fail(line_number, "expected key=value");
    const std::string_view key = line.substr(0, equals);
    const std::string_view value = line.substr(equals + 1);
    if (limb_question) {
      const std::optional<Answer> answer = parse_answer(value);
      if (answers.limbs.empty() || !answer ||
          !set_limb_answer(answers.limbs.back(), key, *answer)) {
        return fail(line_number, fmt::format("unknown limb answer '{}'", line));
      }
    } else if (key == "limb") {
      const std::optional<LimbKey> limb = parse_limb_name(value);
      if (!limb) return fail(line_number, fmt::format("unknown limb '{}'", value));
      answers.limbs.push_back(LimbAnswers{.limb = *limb});
    } else if (key == "birth_year" || key == "resting_sbp_mmhg" || key == "resting_dbp_mmhg") {
      const std::optional<double> number = parse_number(value);
      if (!number) return fail(line_number, fmt::format("'{}' is not a number", value));
      if (key == "birth_year") answers.patient.birth_year = static_cast<int>(*number);
      if (key == "resting_sbp_mmhg") answers.patient.resting_sbp_mmhg = *number;
      if (key == "resting_dbp_mmhg") answers.patient.resting_dbp_mmhg = *number;
    } else {
      const std::optional<Answer> answer = parse_answer(value);
      if (!answer || !set_patient_answer(answers.patient, key, *answer)) {
        return fail(line_number, fmt::format("unknown answer '{}'", line));
      }
    }
  }
  if (line_number == 0) return fail(1, "empty");
  return Result<ScreeningAnswers>::success(std::move(answers));
}

}  // namespace bfr::clinic
