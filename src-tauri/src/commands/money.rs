//! Funders' budgets, the payment target and claims waiting past it, the Carer's Allowance
//! flag and reps' statements.

use forumdesk_core::model::*;
use forumdesk_core::Destination;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn budgets_list(
    state: State<'_, AppState>,
    funder_id: Option<i64>,
) -> Result<Vec<Budget>, ApiError> {
    state.with_session(|s| s.budgets_list(funder_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn budget_save(state: State<'_, AppState>, budget: BudgetInput) -> Result<Budget, ApiError> {
    state.with_session(|s| s.budget_save(&budget))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn budget_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state.with_session(|s| s.budget_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn payment_target_get(state: State<'_, AppState>) -> Result<PaymentTarget, ApiError> {
    state.with_session(|s| s.payment_target_get())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn payment_target_save(
    state: State<'_, AppState>,
    days: String,
) -> Result<PaymentTarget, ApiError> {
    state.with_session(|s| s.payment_target_save(&days))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claims_waiting(state: State<'_, AppState>) -> Result<ClaimsWaiting, ApiError> {
    state.with_session(|s| s.claims_waiting())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn carers_allowance_get(state: State<'_, AppState>, rep_id: i64) -> Result<bool, ApiError> {
    state.with_session(|s| s.carers_allowance_get(rep_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn carers_allowance_set(
    state: State<'_, AppState>,
    rep_id: i64,
    gets_it: bool,
) -> Result<bool, ApiError> {
    state.with_session(|s| s.carers_allowance_set(rep_id, gets_it))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rep_statement(
    state: State<'_, AppState>,
    rep_id: i64,
    tax_year: i32,
) -> Result<RepStatement, ApiError> {
    state.with_session(|s| s.rep_statement(rep_id, tax_year))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_rep_statement(
    state: State<'_, AppState>,
    rep_id: i64,
    tax_year: i32,
    folder: Option<String>,
) -> Result<SavedFile, ApiError> {
    state.with_session(|s| {
        s.export_rep_statement(rep_id, tax_year, &Destination::folder(folder.as_deref()))
    })
}
