//! Co-production projects: the plan, monitoring and escalations, feedback, links from
//! meetings and claim lines, and the signed project report.

use forumdesk_core::model::*;
use forumdesk_core::Destination;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn projects_list(state: State<'_, AppState>) -> Result<Vec<ProjectSummaryRow>, ApiError> {
    state.with_session(|s| s.projects_list())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn project_get(state: State<'_, AppState>, id: i64) -> Result<Project, ApiError> {
    state.with_session(|s| s.project_get(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn project_save(
    state: State<'_, AppState>,
    project: ProjectInput,
) -> Result<Project, ApiError> {
    state.with_session(|s| s.project_save(&project))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn project_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state.with_session(|s| s.project_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn monitoring_save(
    state: State<'_, AppState>,
    entry: MonitoringInput,
) -> Result<Project, ApiError> {
    state.with_session(|s| s.monitoring_save(&entry))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn monitoring_delete(state: State<'_, AppState>, id: i64) -> Result<Project, ApiError> {
    state.with_session(|s| s.monitoring_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn escalation_resolve(
    state: State<'_, AppState>,
    entry_id: i64,
    dealt_on: String,
    outcome: String,
) -> Result<Project, ApiError> {
    state.with_session(|s| s.escalation_resolve(entry_id, &dealt_on, &outcome))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn escalations_open(state: State<'_, AppState>) -> Result<Vec<OpenEscalation>, ApiError> {
    state.with_session(|s| s.escalations_open())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn feedback_save(state: State<'_, AppState>, form: FeedbackInput) -> Result<Project, ApiError> {
    state.with_session(|s| s.feedback_save(&form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn feedback_delete(state: State<'_, AppState>, id: i64) -> Result<Project, ApiError> {
    state.with_session(|s| s.feedback_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn project_link_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
    project_id: Option<i64>,
) -> Result<Project, ApiError> {
    state.with_session(|s| s.project_link_meeting(meeting_id, project_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn project_link_line(
    state: State<'_, AppState>,
    line_id: i64,
    project_id: Option<i64>,
) -> Result<Project, ApiError> {
    state.with_session(|s| s.project_link_line(line_id, project_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn project_of_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Option<i64>, ApiError> {
    state.with_session(|s| s.project_of_meeting(meeting_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claim_line_projects(
    state: State<'_, AppState>,
    claim_id: i64,
) -> Result<Vec<LineProject>, ApiError> {
    state.with_session(|s| s.claim_line_projects(claim_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_project_report(
    state: State<'_, AppState>,
    project_id: i64,
    folder: Option<String>,
) -> Result<SavedFile, ApiError> {
    // As the claim pack: drawn and signed off the store's lock, with progress and Cancel.
    state.export_in_steps(
        |s| s.project_report_prepare(project_id),
        |prepared, progress| prepared.render_with(progress),
        |s, rendered| s.project_report_save(rendered, &Destination::folder(folder.as_deref())),
    )
}
