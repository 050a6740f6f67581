// The only module that talks to Tauri. Every screen imports the command functions from
// here, so the rest of the window is plain JavaScript that can run in any browser.
// Argument names are snake_case, exactly as in the command contract.

/**
 * An error from a Forum Desk command: `code` is stable (e.g. "invalid", "not_found",
 * "no_session"), `message` is a plain-English sentence to show, `field` names the form
 * field it concerns (or is null), and `fields` lists every problem with the form as
 * [{field, message}] (empty when the error is not about what was typed), so a form can
 * show them all at once.
 */
export class ApiError extends Error {
  constructor({ code, message, field = null, fields = [] }) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
    this.fields = Array.isArray(fields) ? fields : [];
  }
}

function toApiError(err) {
  if (err instanceof ApiError) return err;
  if (typeof err === 'string') {
    try {
      const parsed = JSON.parse(err);
      if (parsed && typeof parsed.message === 'string') return toApiError(parsed);
    } catch (_) { /* a plain sentence, not JSON */ }
  }
  if (err && typeof err === 'object' && typeof err.message === 'string') {
    return new ApiError({
      code: err.code || 'internal', message: err.message, field: err.field ?? null, fields: err.fields || [],
    });
  }
  // Tauri reports its own failures (for example a command the window is not allowed to
  // call) as bare strings.
  return new ApiError({ code: 'internal', message: `Forum Desk could not do that: ${String(err)}` });
}

/**
 * Calls the Rust command `cmd` with `args` and returns its result. Throws an ApiError
 * carrying `{code, message, field}` when the command fails. A "no_session" error also
 * raises a `forumdesk:no-session` event so the shell goes back to signing in, and a
 * "locked" error a `forumdesk:locked` event so it shows the lock screen.
 */
export async function invoke(cmd, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core || typeof tauri.core.invoke !== 'function') {
    throw new ApiError({ code: 'no_app', message: 'This page only works inside the Forum Desk app.' });
  }
  const began = performance.now();
  try {
    return await tauri.core.invoke(cmd, args);
  } catch (raw) {
    const err = toApiError(raw);
    if (err.code === 'no_session') window.dispatchEvent(new CustomEvent('forumdesk:no-session'));
    if (err.code === 'session_locked') window.dispatchEvent(new CustomEvent('forumdesk:locked'));
    throw err;
  } finally {
    // A User Timing measure per call, `command:<name>`, so `make bench` can show where a
    // screen's draw goes. The window clears them as each screen starts (main.js).
    performance.measure(`command:${cmd}`, { start: began, end: performance.now() });
  }
}

// ---------- start-up and signing in ----------
/**
 * What the start screen needs (app_info), with who may sign in. On the window's first load
 * the core has handed it over with the page (gui.rs sets `window.__FORUMDESK_START__` before
 * any of the page's scripts run), so the start screen shows without waiting for a call. It is
 * used once: after a reload (as after restoring a backup) the folder or the session may have
 * changed since the window was made, so the core is asked.
 */
export function appInfo() {
  const handed = window.__FORUMDESK_START__;
  delete window.__FORUMDESK_START__;
  const load = performance.getEntriesByType('navigation')[0];
  if (handed && load && load.type === 'navigate') return Promise.resolve(handed);
  return invoke('app_info');
}
export const signInOptions = () => invoke('sign_in_options');
export const passphraseCheck = (passphrase, aboutYou = []) =>
  invoke('passphrase_check', { passphrase, about_you: aboutYou });
export const setupForum = (input) => invoke('setup_forum', { input });
export const upgradeForum = (personId, passphrase) => invoke('upgrade_forum', { person_id: personId, passphrase });
export const signIn = (slotId, passphrase) => invoke('sign_in', { slot_id: slotId, passphrase });
export const resetWithRecovery = (slotId, recoveryKey, newPassphrase) =>
  invoke('reset_with_recovery', { slot_id: slotId, recovery_key: recoveryKey, new_passphrase: newPassphrase });
export const restoreNewForum = (file, who, secret, withRecoveryKey) =>
  invoke('restore_new_forum', { file, who, secret, with_recovery_key: withRecoveryKey });
export const sessionGet = () => invoke('session_get');
export const choosePassphrase = (passphrase) => invoke('choose_passphrase', { passphrase });
export const changePassphrase = (current, passphrase) => invoke('change_passphrase', { current, passphrase });
export const lockNow = () => invoke('lock_now');
export const unlock = (passphrase) => invoke('unlock', { passphrase });
export const signOut = () => invoke('sign_out');
export const recoverySheetSave = (recoveryKey, file) => invoke('recovery_sheet_save', { recovery_key: recoveryKey, file });
export const peopleList = () => invoke('people_list');

// ---------- who may sign in, and backups (officers) ----------
export const signInPeople = () => invoke('sign_in_people');
export const signInGrant = (personId) => invoke('sign_in_grant', { person_id: personId });
export const signInReset = (personId) => invoke('sign_in_reset', { person_id: personId });
export const signInRemove = (personId) => invoke('sign_in_remove', { person_id: personId });
export const recoveryKeyRenew = () => invoke('recovery_key_renew');
export const lockMinutesSave = (minutes) => invoke('lock_minutes_save', { minutes });
export const backupsOverview = () => invoke('backups_overview');
export const backupNow = () => invoke('backup_now');
export const backupSettingsSave = (settings) => invoke('backup_settings_save', { settings });
export const backupCopyTo = (path) => invoke('backup_copy_to', { path });
export const backupRestore = (path) => invoke('backup_restore', { path });

// ---------- settings ----------
export const forumGet = () => invoke('forum_get');
export const forumSave = (forum) => invoke('forum_save', { forum });
export const fundersList = () => invoke('funders_list');
export const funderSave = (funder) => invoke('funder_save', { funder });
export const funderDelete = (id) => invoke('funder_delete', { id });
export const policiesList = () => invoke('policies_list');
export const policySave = (policy) => invoke('policy_save', { policy });
export const policyDelete = (id) => invoke('policy_delete', { id });
export const budgetsList = (funderId = null) => invoke('budgets_list', { funder_id: funderId });
export const budgetSave = (budget) => invoke('budget_save', { budget });
export const budgetDelete = (id) => invoke('budget_delete', { id });
export const paymentTargetGet = () => invoke('payment_target_get');
export const paymentTargetSave = (days) => invoke('payment_target_save', { days });
export const claimsWaiting = () => invoke('claims_waiting');
export const carersAllowanceGet = (repId) => invoke('carers_allowance_get', { rep_id: repId });
export const carersAllowanceSet = (repId, getsIt) => invoke('carers_allowance_set', { rep_id: repId, gets_it: getsIt });
export const repStatement = (repId, taxYear) => invoke('rep_statement', { rep_id: repId, tax_year: taxYear });
export const exportRepStatement = (repId, taxYear, folder = null) =>
  invoke('export_rep_statement', { rep_id: repId, tax_year: taxYear, folder });

// ---------- members ----------
export const membersList = (filter = {}) => invoke('members_list', { filter });
export const membersPage = (filter, offset, limit) => invoke('members_page', { filter, offset, limit });
export const memberGet = (id) => invoke('member_get', { id });
export const memberSave = (member) => invoke('member_save', { member });
export const memberSetChildrenConsent = (memberId, given) =>
  invoke('member_set_children_consent', { member_id: memberId, given });
export const childSave = (child) => invoke('child_save', { child });
export const childDelete = (id) => invoke('child_delete', { id });
// The CSV file goes as base64 of its bytes: the core works out how it was saved (UTF-8,
// UTF-16 or Windows-1252) and what separates its columns.
export const membersImportPreview = (dataBase64) => invoke('members_import_preview', { data_base64: dataBase64 });
export const membersImportCommit = (dataBase64) => invoke('members_import_commit', { data_base64: dataBase64 });
export const membersExportCsv = () => invoke('members_export_csv');
export const memberExportJson = (id) => invoke('member_export_json', { id });
export const memberErase = (id, confirmName) => invoke('member_erase', { id, confirm_name: confirmName });

// ---------- representatives and groups ----------
export const repsList = () => invoke('reps_list');
export const repSave = (rep) => invoke('rep_save', { rep });
export const trainingAdd = (memberId, course, completedOn) =>
  invoke('training_add', { member_id: memberId, course, completed_on: completedOn });
export const trainingDelete = (id) => invoke('training_delete', { id });
export const groupsList = () => invoke('groups_list');
export const groupSave = (group) => invoke('group_save', { group });
export const repsReadiness = () => invoke('reps_readiness');

// ---------- meetings ----------
export const meetingsList = (filter = {}) => invoke('meetings_list', { filter });
export const meetingsPage = (filter, offset, limit) => invoke('meetings_page', { filter, offset, limit });
export const meetingGet = (id) => invoke('meeting_get', { id });
export const meetingSave = (meeting) => invoke('meeting_save', { meeting });
export const meetingPersonSave = (person) => invoke('meeting_person_save', { person });
export const meetingPersonDelete = (id) => invoke('meeting_person_delete', { id });
export const meetingInviteGroup = (meetingId) => invoke('meeting_invite_group', { meeting_id: meetingId });
export const agendaItemSave = (item) => invoke('agenda_item_save', { item });
export const agendaItemDelete = (id) => invoke('agenda_item_delete', { id });
export const decisionSave = (item) => invoke('decision_save', { item });
export const decisionDelete = (id) => invoke('decision_delete', { id });
export const actionSave = (item) => invoke('action_save', { item });
export const actionDelete = (id) => invoke('action_delete', { id });
export const actionSetStatus = (id, status, meetingId) =>
  invoke('action_set_status', { id, status, meeting_id: meetingId });
export const meetingFinalise = (id) => invoke('meeting_finalise', { id });
export const meetingReopen = (id, reason) => invoke('meeting_reopen', { id, reason });
export const meetingExceptionSave = (exception) => invoke('meeting_exception_save', { exception });
export const meetingExceptionDelete = (id) => invoke('meeting_exception_delete', { id });
export const meetingNotesSent = (meetingId, sentOn) =>
  invoke('meeting_notes_sent', { meeting_id: meetingId, sent_on: sentOn });
export const meetingSignoffSave = (signoff) => invoke('meeting_signoff_save', { signoff });
export const meetingSignoffDelete = (meetingId, organisation) =>
  invoke('meeting_signoff_delete', { meeting_id: meetingId, organisation });

// ---------- bank holidays and school terms ----------
export const bankHolidaysList = () => invoke('bank_holidays_list');
export const bankHolidaySave = (holiday) => invoke('bank_holiday_save', { holiday });
export const bankHolidayDelete = (onDate) => invoke('bank_holiday_delete', { on_date: onDate });
export const schoolTermsList = () => invoke('school_terms_list');
export const schoolTermSave = (term) => invoke('school_term_save', { term });
export const schoolTermDelete = (id) => invoke('school_term_delete', { id });

// ---------- claims ----------
export const claimsList = (filter = {}) => invoke('claims_list', { filter });
export const claimsPage = (filter, offset, limit) => invoke('claims_page', { filter, offset, limit });
export const claimsTotal = (filter) => invoke('claims_total', { filter });
export const claimsQueue = () => invoke('claims_queue');
export const claimOpen = (repId, funderId, month) =>
  invoke('claim_open', { rep_id: repId, funder_id: funderId, month });
export const claimGet = (id) => invoke('claim_get', { id });
export const lineKinds = () => invoke('line_kinds');
export const lineAdd = (claimId, line) => invoke('line_add', { claim_id: claimId, line });
export const lineUpdate = (lineId, line) => invoke('line_update', { line_id: lineId, line });
export const lineDelete = (lineId) => invoke('line_delete', { line_id: lineId });
export const lineReverse = (lineId, month, reason) => invoke('line_reverse', { line_id: lineId, month, reason });
export const receiptAdd = (lineId, fileName, dataBase64) =>
  invoke('receipt_add', { line_id: lineId, file_name: fileName, data_base64: dataBase64 });
export const receiptDelete = (id) => invoke('receipt_delete', { id });
export const receiptGet = (id) => invoke('receipt_get', { id });
export const claimSubmit = (id, declarationAgreed, earningsWarningSeen = false) =>
  invoke('claim_submit', { id, declaration_agreed: declarationAgreed, earnings_warning_seen: earningsWarningSeen });
export const claimApprove = (id, acceptWarnings, passphrase) =>
  invoke('claim_approve', { id, accept_warnings: acceptWarnings, passphrase });
export const claimReturn = (id, reason) => invoke('claim_return', { id, reason });
export const claimMarkPaid = (id, paidOn, reference, passphrase) =>
  invoke('claim_mark_paid', { id, paid_on: paidOn, reference, passphrase });

// ---------- exports ----------
// `folder` is the "Save in folder" text; null or blank means the usual exports folder.
export const exportsFolder = () => invoke('exports_folder');
export const exportClaimPack = (month, funderId, folder = null) =>
  invoke('export_claim_pack', { month, funder_id: funderId, folder });
// While a claim pack is made: its counts ({stage, receipts_done, receipts_total, pages_done,
// pages_total, cancelled}, or null when none is being made), and Cancel.
export const exportProgress = () => invoke('export_progress');
export const exportCancel = () => invoke('export_cancel');
export const exportClaimsCsv = (month, funderId, folder = null) =>
  invoke('export_claims_csv', { month, funder_id: funderId, folder });
export const exportMeetingNotes = (meetingId, folder = null) =>
  invoke('export_meeting_notes', { meeting_id: meetingId, folder });
// version: 'full' or 'shareable' (confidential agenda items and decisions left out).
export const exportMeetingNotesVersion = (meetingId, version, folder = null) =>
  invoke('export_meeting_notes', { meeting_id: meetingId, version, folder });
export const exportMeetingIcs = (meetingId, folder = null) =>
  invoke('export_meeting_ics', { meeting_id: meetingId, folder });
export const exportGroupIcs = (groupId, folder = null) => invoke('export_group_ics', { group_id: groupId, folder });
export const exportOpen = (path) => invoke('export_open', { path });
export const certificateGet = () => invoke('certificate_get');
export const certificateExport = (folder = null) => invoke('certificate_export', { folder });

// ---------- audit ----------
export const auditPage = (offset, limit) => invoke('audit_page', { offset, limit });
export const recordsCheck = () => invoke('records_check');

// ---------- co-production projects ----------
export const projectsList = () => invoke('projects_list');
export const projectGet = (id) => invoke('project_get', { id });
export const projectSave = (project) => invoke('project_save', { project });
export const projectDelete = (id) => invoke('project_delete', { id });
export const monitoringSave = (entry) => invoke('monitoring_save', { entry });
export const monitoringDelete = (id) => invoke('monitoring_delete', { id });
export const escalationResolve = (entryId, dealtOn, outcome) =>
  invoke('escalation_resolve', { entry_id: entryId, dealt_on: dealtOn, outcome });
export const escalationsOpen = () => invoke('escalations_open');
export const feedbackSave = (form) => invoke('feedback_save', { form });
export const feedbackDelete = (id) => invoke('feedback_delete', { id });
// projectId null unlinks.
export const projectLinkMeeting = (meetingId, projectId) =>
  invoke('project_link_meeting', { meeting_id: meetingId, project_id: projectId });
export const projectLinkLine = (lineId, projectId) =>
  invoke('project_link_line', { line_id: lineId, project_id: projectId });
export const exportProjectReport = (projectId, folder = null) =>
  invoke('export_project_report', { project_id: projectId, folder });
export const projectOfMeeting = (meetingId) => invoke('project_of_meeting', { meeting_id: meetingId });
// [{line_id, project_id, project_name, via: 'line' | 'corrected_line' | 'meeting'}] for the
// lines of a claim that count for a project.
export const claimLineProjects = (claimId) => invoke('claim_line_projects', { claim_id: claimId });

// ---------- "you said, we did" and the issues and themes log ----------
// from and to: dates as typed (dd/mm/yyyy or ISO); blank means no limit.
export const outcomesList = (from = '', to = '') => invoke('outcomes_list', { from, to });
export const outcomesOfMeeting = (meetingId) => invoke('outcomes_of_meeting', { meeting_id: meetingId });
export const outcomeSave = (entry) => invoke('outcome_save', { entry });
// Doing it again gives the same entry back.
export const outcomeFromDecision = (decisionId) => invoke('outcome_from_decision', { decision_id: decisionId });
export const outcomeDelete = (id) => invoke('outcome_delete', { id });
export const issuesList = (from = '', to = '') => invoke('issues_list', { from, to });
export const issueThemes = (from = '', to = '') => invoke('issue_themes', { from, to });
export const issueSave = (entry) => invoke('issue_save', { entry });
export const issueDelete = (id) => invoke('issue_delete', { id });

// ---------- reports ----------
// Dates as typed (dd/mm/yyyy); the core reads them and reports a problem beside "from" or "to".
export const reportTables = (from, to) => invoke('report_tables', { from, to });
export const exportReportTableCsv = (from, to, key, folder = null) =>
  invoke('export_report_table_csv', { from, to, key, folder });
export const exportAnnualReport = (year, folder = null) =>
  invoke('export_annual_report', { year, folder });
// ---------- reps on their own computers ----------
// Files picked in the window go as base64 of their bytes; paths typed are saved to as given.
export const joinForum = (dataBase64, code, passphrase) =>
  invoke('join_forum', { data_base64: dataBase64, code, passphrase });
export const repInvite = (repId, file) => invoke('rep_invite', { rep_id: repId, file });
export const invitationDays = () => invoke('invitation_days');
export const invitationDaysSave = (days) => invoke('invitation_days_save', { days });
export const repComputers = () => invoke('rep_computers');
export const repComputerRemove = (id) => invoke('rep_computer_remove', { id });
export const claimTakeBack = (id) => invoke('claim_take_back', { id });
// repId null on a rep's own computer (their own folder); a blank path clears it.
export const exchangeFolderSet = (repId, path) => invoke('exchange_folder_set', { rep_id: repId, path });
export const exchangeFolders = () => invoke('exchange_folders');
// folder: blank or null means the exchange folders.
export const exchangeSend = (folder = null) => invoke('exchange_send', { folder });
export const exchangeReceive = (fileName, dataBase64) =>
  invoke('exchange_receive', { file_name: fileName, data_base64: dataBase64 });
export const exchangeCheckFolders = () => invoke('exchange_check_folders');
// Null except on a rep's own computer.
export const repComputerInfo = () => invoke('rep_computer_info');
export const forumClaims = () => invoke('forum_claims');
// ---------- reach ----------
export const areasList = (withRetired = false) => invoke('areas_list', { with_retired: withRetired });
// id null adds an area; otherwise renames it.
export const areaSave = (id, name) => invoke('area_save', { id, name });
export const areaRetire = (id, retired) => invoke('area_retire', { id, retired });
export const areaDelete = (id) => invoke('area_delete', { id });
export const reachChoices = () => invoke('reach_choices');
export const memberReachGet = (memberId) => invoke('member_reach_get', { member_id: memberId });
// Without consent the other fields must be blank; then any details kept are deleted.
export const memberReachSave = (reach) => invoke('member_reach_save', { reach });
export const reachSummary = () => invoke('reach_summary');
export const steeringStatus = () => invoke('steering_status');
// groupId null: no steering group; needed as typed.
export const steeringSet = (groupId, needed) => invoke('steering_set', { group_id: groupId, needed });
