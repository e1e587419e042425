#include "clinic/screening_store.hpp"

#include <fmt/format.h>

#include <utility>

#include "clinic/timestamp.hpp"

namespace bfr::clinic {

std::string_view outcome_key(ScreeningOutcome outcome) {
  switch (outcome) {
    case ScreeningOutcome::kCleared:
      return "cleared";
    case ScreeningOutcome::kNeedsClinicianClearance:
      return "needs_clinician_clearance";
    case ScreeningOutcome::kContraindicated:
      return "contraindicated";
  }
  return "unknown";
}

std::optional<ScreeningOutcome> parse_outcome_key(std::string_view key) {
  for (const ScreeningOutcome outcome :
       {ScreeningOutcome::kCleared, ScreeningOutcome::kNeedsClinicianClearance,
        ScreeningOutcome::kContraindicated}) {
    if (outcome_key(outcome) == key) return outcome;
  }
  return std::nullopt;
}

ScreeningRecord screening_record(std::int64_t patient_id, const ScreeningAnswers& answers,
                                 const Screening& screening, int validity_days) {
  ScreeningRecord record;
  record.patient_id = patient_id;
  record.taken_at = format_utc_timestamp(screening.screened_at);
  record.answers_text = canonical_answers(answers);
  record.answers_fingerprint = screening.answers_fingerprint;
  record.validity_days = validity_days;
  record.age_years = screening.age_years;
  record.dvt_risk_points = screening.dvt_risk_points;
  for (const LimbScreening& limb : screening.limbs) {
    ScreeningLimbRecord stored{
        limb.limb.side, limb.limb.segment, std::string(outcome_key(limb.outcome)), {}};
    for (const ScreeningReason& reason : limb.reasons) {
      stored.reasons.push_back({std::string(outcome_key(reason.level)), reason.text});
    }
    record.limbs.push_back(std::move(stored));
  }
  return record;
}

Result<Screening> screening_from_record(const ScreeningRecord& record) {
  const std::optional<std::chrono::sys_seconds> taken_at = parse_utc_timestamp(record.taken_at);
  if (!taken_at) {
    return Result<Screening>::failure(
        fmt::format("screening {} has an unreadable date '{}'", record.id, record.taken_at));
  }
  Screening screening;
  screening.screened_at = *taken_at;
  screening.answers_fingerprint = record.answers_fingerprint;
  screening.age_years = record.age_years;
  screening.dvt_risk_points = record.dvt_risk_points;
  for (const ScreeningLimbRecord& stored : record.limbs) {
    const std::optional<ScreeningOutcome> outcome = parse_outcome_key(stored.outcome);
    if (!outcome) {
      return Result<Screening>::failure(
          fmt::format("screening {} holds an unknown outcome '{}'", record.id, stored.outcome));
    }
    LimbScreening limb{{stored.side, stored.segment}, *outcome, {}};
    for (const ScreeningReasonRecord& reason : stored.reasons) {
      limb.reasons.push_back(
          {parse_outcome_key(reason.level).value_or(ScreeningOutcome::kContraindicated),
           reason.text});
    }
    screening.limbs.push_back(std::move(limb));
  }
  return Result<Screening>::success(std::move(screening));
}

ScreeningAnswers with_patient_values(ScreeningAnswers answers, const Patient& patient) {
  answers.patient.birth_year = patient.birth_year;
  answers.patient.resting_sbp_mmhg = patient.resting_sbp_mmhg;
  answers.patient.resting_dbp_mmhg = patient.resting_dbp_mmhg;
  return answers;
}

Result<std::string> current_answers_fingerprint(const ScreeningRecord& record,
                                                const Patient& patient) {
  Result<ScreeningAnswers> stored = parse_canonical_answers(record.answers_text);
  if (!stored.ok()) return Result<std::string>::failure(std::move(stored.error));
  return Result<std::string>::success(
      answers_fingerprint(with_patient_values(std::move(*stored.value), patient)));
}

std::string_view status_text(ScreeningStatus status) {
  switch (status) {
    case ScreeningStatus::kCurrent:
      return "current";
    case ScreeningStatus::kExpired:
      return "expired";
    case ScreeningStatus::kAnswersChanged:
      return "answers changed";
    case ScreeningStatus::kDatedInFuture:
      return "dated in the future";
  }
  return "unknown";
}

SessionDecision screening_gate(Repository& repository, const Patient& patient, const LimbKey& limb,
                               std::chrono::sys_seconds now) {
  const std::optional<ScreeningRecord> record = repository.latest_screening(patient.id);
  if (!record) {
    return {false, fmt::format("{} has no screening: screen before the first session",
                               patient.display_name)};
  }
  Result<Screening> screening = screening_from_record(*record);
  if (!screening.ok()) return {false, screening.error};
  Result<std::string> fingerprint = current_answers_fingerprint(*record, patient);
  if (!fingerprint.ok()) return {false, fingerprint.error};

  // The newest override for this limb (the rules check it was given after
  // the screening and not after now).
  std::optional<ClinicianOverride> given;
  for (const ScreeningOverrideRecord& stored : repository.overrides_of(record->id)) {
    if (stored.side != limb.side || stored.segment != limb.segment) continue;
    const std::optional<std::chrono::sys_seconds> at = parse_utc_timestamp(stored.given_at);
    if (!at) continue;
    given = ClinicianOverride{limb, stored.clinician, stored.reason, *at};
  }
  return may_start_session(*screening.value, limb, given, now, *fingerprint.value,
                           std::chrono::days{record->validity_days});
}

}  // namespace bfr::clinic
