#pragma once
// The clinic's commands, for main.cpp: patients, screening, programmes, LOP
// records, session plan and run, history.

#include "cli/history_command.hpp"
#include "cli/lop_record_command.hpp"
#include "cli/patient_command.hpp"
#include "cli/program_command.hpp"
#include "cli/screen_command.hpp"
#include "cli/session_plan_command.hpp"
