#pragma once
// Imported 1RM estimates (history_import.hpp) kept as the patient's
// one-repetition-maximum records. Each record notes where it came from: the
// equation as its method, the set it was estimated from as its test load and
// reps, and the day that set was done as its date, so that an older history
// never reads as newer than a 1RM entered since.
//
// Storing is all or nothing: every record is checked with the store's own
// rules before the first is written, so bad data stores nothing.

#include <cstdint>
#include <vector>

#include "clinic/repository.hpp"
#include "exchange/history_import.hpp"

namespace bfr::exchange {

// The records an import would add for `patient_id`, by exercise name.
std::vector<clinic::OneRepMaxRecord> one_rep_max_records(const ImportResult& result,
                                                         std::int64_t patient_id);

struct StoredOneRepMaxes {
  std::vector<clinic::OneRepMaxRecord> added;           // with their new ids
  std::vector<clinic::OneRepMaxRecord> already_stored;  // the same record was there
};

// What store_one_rep_maxes() would add, without writing: the records the
// patient does not hold yet (the same exercise, value, method, test set and
// date count as held, so importing a file twice adds nothing the second
// time). Throws clinic::StorageError when the patient does not exist or any
// record breaks the store's limits (a 1RM over 1000 kg, say).
StoredOneRepMaxes plan_one_rep_maxes(clinic::Repository& repository, std::int64_t patient_id,
                                     const std::vector<clinic::OneRepMaxRecord>& records);

// Adds the records plan_one_rep_maxes() finds new. When it throws, nothing
// was stored.
StoredOneRepMaxes store_one_rep_maxes(clinic::Repository& repository, std::int64_t patient_id,
                                      const std::vector<clinic::OneRepMaxRecord>& records);

}  // namespace bfr::exchange
