//! Reach: the forum's areas, a member's reach details (kept only with consent), the
//! summary on the Members screen, and the steering group with its number.

use forumdesk_core::model::*;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn areas_list(state: State<'_, AppState>, with_retired: bool) -> Result<Vec<Area>, ApiError> {
    state.with_session(|s| s.areas_list(with_retired))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn area_save(
    state: State<'_, AppState>,
    id: Option<i64>,
    name: String,
) -> Result<Area, ApiError> {
    state.with_session(|s| s.area_save(id, &name))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn area_retire(state: State<'_, AppState>, id: i64, retired: bool) -> Result<Area, ApiError> {
    state.with_session(|s| s.area_retire(id, retired))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn area_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state.with_session(|s| s.area_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reach_choices(state: State<'_, AppState>) -> Result<ReachChoices, ApiError> {
    state.with_session(|s| Ok(s.reach_choices()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn member_reach_get(
    state: State<'_, AppState>,
    member_id: i64,
) -> Result<Option<MemberReach>, ApiError> {
    state.with_session(|s| s.member_reach_get(member_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn member_reach_save(
    state: State<'_, AppState>,
    reach: ReachInput,
) -> Result<Option<MemberReach>, ApiError> {
    state.with_session(|s| s.member_reach_save(&reach))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reach_summary(state: State<'_, AppState>) -> Result<ReachSummary, ApiError> {
    state.with_session(|s| s.reach_summary())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn steering_status(state: State<'_, AppState>) -> Result<SteeringStatus, ApiError> {
    state.with_session(|s| s.steering_status())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn steering_set(
    state: State<'_, AppState>,
    group_id: Option<i64>,
    needed: String,
) -> Result<SteeringStatus, ApiError> {
    state.with_session(|s| s.steering_set(group_id, &needed))
}
