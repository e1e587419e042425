#include "exchange/one_rep_max_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "clinic/record_validation.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::exchange {
namespace {

// A stored double may come back from PostgreSQL's text form a last bit off.
bool same_value(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b));
}

bool same_record(const clinic::OneRepMaxRecord& a, const clinic::OneRepMaxRecord& b) {
  const bool same_load = a.test_load_kg.has_value() == b.test_load_kg.has_value() &&
                         (!a.test_load_kg || same_value(*a.test_load_kg, *b.test_load_kg));
  return a.exercise == b.exercise && same_value(a.one_rep_max_kg, b.one_rep_max_kg) && same_load &&
         a.method == b.method && a.test_reps == b.test_reps && a.recorded_at == b.recorded_at;
}

}  // namespace

std::vector<clinic::OneRepMaxRecord> one_rep_max_records(const ImportResult& result,
                                                         std::int64_t patient_id) {
  const std::string method =
      result.equation == clinic::OneRmEquation::kBrzycki ? "brzycki" : "epley";
  std::vector<clinic::OneRepMaxRecord> records;
  for (const OneRmEstimate& e : result.estimates) {
    clinic::OneRepMaxRecord r;
    r.patient_id = patient_id;
    r.exercise = e.exercise;
    r.one_rep_max_kg = e.one_rep_max_kg;
    r.method = method;
    r.test_load_kg = e.weight_kg;
    r.test_reps = e.reps;
    r.recorded_at = clinic::format_utc_timestamp(e.performed_at);
    records.push_back(std::move(r));
  }
  return records;
}

StoredOneRepMaxes plan_one_rep_maxes(clinic::Repository& repository, std::int64_t patient_id,
                                     const std::vector<clinic::OneRepMaxRecord>& records) {
  if (!repository.get_patient(patient_id)) {
    throw clinic::StorageError(
        fmt::format("no patient {} in {}", patient_id, repository.location()));
  }
  // Every record is checked before the first write: the Repository writes
  // one record per transaction, so a record refused half way through would
  // leave the ones before it stored.
  for (const auto& record : records) {
    if (record.patient_id != patient_id) {
      throw clinic::StorageError(fmt::format("1RM record for '{}' belongs to patient {}, not {}",
                                             record.exercise, record.patient_id, patient_id));
    }
    clinic::validate_new_one_rep_max(record);
  }
  const auto held = repository.one_rep_maxes_of(patient_id);
  StoredOneRepMaxes out;
  for (const auto& record : records) {
    const bool known = std::any_of(held.begin(), held.end(),
                                   [&](const auto& h) { return same_record(h, record); });
    if (known) {
      out.already_stored.push_back(record);
    } else {
      out.added.push_back(record);
    }
  }
  return out;
}

StoredOneRepMaxes store_one_rep_maxes(clinic::Repository& repository, std::int64_t patient_id,
                                      const std::vector<clinic::OneRepMaxRecord>& records) {
  StoredOneRepMaxes out = plan_one_rep_maxes(repository, patient_id, records);
  // One transaction: a store failure part way (a lost connection, a full
  // disk) leaves none of the import behind.
  const std::vector<std::int64_t> ids = repository.add_one_rep_maxes(out.added);
  for (std::size_t i = 0; i < ids.size(); ++i) out.added[i].id = ids[i];
  return out;
}

}  // namespace bfr::exchange
