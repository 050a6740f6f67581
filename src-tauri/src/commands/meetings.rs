//! Meetings: details, attendance, agenda, decisions and actions, finalising and reopening.

use forumdesk_core::model::*;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn meetings_page(
    state: State<'_, AppState>,
    filter: MeetingFilter,
    offset: i64,
    limit: i64,
) -> Result<MeetingsPage, ApiError> {
    state.with_session(|s| s.meetings_page(&filter, offset, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meetings_list(
    state: State<'_, AppState>,
    filter: MeetingFilter,
) -> Result<Vec<MeetingSummary>, ApiError> {
    state.with_session(|s| s.meetings_list(&filter))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_get(state: State<'_, AppState>, id: i64) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_get(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_save(
    state: State<'_, AppState>,
    meeting: MeetingInput,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_save(&meeting))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_person_save(
    state: State<'_, AppState>,
    person: MeetingPersonInput,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_person_save(&person))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_person_delete(state: State<'_, AppState>, id: i64) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_person_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_invite_group(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_invite_group(meeting_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn agenda_item_save(
    state: State<'_, AppState>,
    item: MeetingItemInput,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.agenda_item_save(&item))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn agenda_item_delete(state: State<'_, AppState>, id: i64) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.agenda_item_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn decision_save(
    state: State<'_, AppState>,
    item: MeetingItemInput,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.decision_save(&item))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn decision_delete(state: State<'_, AppState>, id: i64) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.decision_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn action_save(
    state: State<'_, AppState>,
    item: MeetingItemInput,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.action_save(&item))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn action_delete(state: State<'_, AppState>, id: i64) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.action_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn action_set_status(
    state: State<'_, AppState>,
    id: i64,
    status: String,
    meeting_id: i64,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.action_set_status(id, &status, meeting_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_finalise(state: State<'_, AppState>, id: i64) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_finalise(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_reopen(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_reopen(id, &reason))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_exception_save(
    state: State<'_, AppState>,
    exception: MeetingExceptionInput,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_exception_save(&exception))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_exception_delete(state: State<'_, AppState>, id: i64) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_exception_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_notes_sent(
    state: State<'_, AppState>,
    meeting_id: i64,
    sent_on: String,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_notes_sent(meeting_id, &sent_on))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_signoff_save(
    state: State<'_, AppState>,
    signoff: SignOffInput,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_signoff_save(&signoff))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meeting_signoff_delete(
    state: State<'_, AppState>,
    meeting_id: i64,
    organisation: String,
) -> Result<Meeting, ApiError> {
    state.with_session(|s| s.meeting_signoff_delete(meeting_id, &organisation))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn bank_holidays_list(state: State<'_, AppState>) -> Result<Vec<BankHoliday>, ApiError> {
    state.with_session(|s| s.bank_holidays_list())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn bank_holiday_save(
    state: State<'_, AppState>,
    holiday: BankHolidayInput,
) -> Result<Vec<BankHoliday>, ApiError> {
    state.with_session(|s| s.bank_holiday_save(&holiday))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn bank_holiday_delete(
    state: State<'_, AppState>,
    on_date: String,
) -> Result<Vec<BankHoliday>, ApiError> {
    state.with_session(|s| s.bank_holiday_delete(&on_date))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn school_terms_list(state: State<'_, AppState>) -> Result<Vec<SchoolTerm>, ApiError> {
    state.with_session(|s| s.school_terms_list())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn school_term_save(
    state: State<'_, AppState>,
    term: SchoolTermInput,
) -> Result<Vec<SchoolTerm>, ApiError> {
    state.with_session(|s| s.school_term_save(&term))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn school_term_delete(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Vec<SchoolTerm>, ApiError> {
    state.with_session(|s| s.school_term_delete(id))
}
