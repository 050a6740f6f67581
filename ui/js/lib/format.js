// UK formats for money, dates and distances. Money arrives as integer pence,
// distances as tenths of a mile, dates as ISO text.

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

function groupThousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 10000 -> "10,000": counts the UK way, without the browser's locale data (which costs
 * the window memory to load) and whatever the computer's language. */
export function formatCount(n) {
  const whole = Math.trunc(Number(n) || 0);
  return `${whole < 0 ? '-' : ''}${groupThousands(String(Math.abs(whole)))}`;
}

/** 123456 -> "£1,234.56"; -1200 -> "-£12.00". */
export function formatPence(p) {
  if (p === null || p === undefined || p === '' || Number.isNaN(Number(p))) return '';
  const n = Math.round(Number(p));
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const pounds = Math.floor(abs / 100);
  const pence = String(abs % 100).padStart(2, '0');
  return `${sign}£${groupThousands(String(pounds))}.${pence}`;
}

/** 1500 -> "15.00" (for filling in a pounds input). Blank for null. */
export function penceToPounds(p) {
  if (p === null || p === undefined) return '';
  const n = Math.round(Number(p));
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 45 -> "45p"; 150 -> "£1.50". */
export function formatRate(p) {
  if (p === null || p === undefined) return '';
  return Math.abs(p) < 100 ? `${p}p` : formatPence(p);
}

/** "2026-11-25" -> "25/11/2026". Anything else is returned as it came. */
export function formatDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(iso);
}

/** "2026-11-25T14:30" -> "25/11/2026 14:30". */
export function formatDateTime(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(String(iso));
  if (!m) return formatDate(iso);
  return `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}`;
}

/** "14:30" from "2026-11-25T14:30". */
export function formatTime(iso) {
  const m = /[T ](\d{2}):(\d{2})/.exec(String(iso || ''));
  return m ? `${m[1]}:${m[2]}` : '';
}

/** "2026-10" -> "October 2026". */
export function formatMonth(ym) {
  const m = /^(\d{4})-(\d{2})/.exec(String(ym || ''));
  if (!m) return ym || '';
  const idx = Number(m[2]) - 1;
  return idx >= 0 && idx < 12 ? `${MONTHS[idx]} ${m[1]}` : String(ym);
}

/** 245 (tenths) -> "24.5". */
export function formatMiles(tenths) {
  if (tenths === null || tenths === undefined) return '';
  const n = Number(tenths);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  return `${sign}${groupThousands(String(Math.floor(abs / 10)))}.${abs % 10}`;
}

/** 90 -> "1 hour 30 minutes". */
export function formatMinutes(mins) {
  if (mins === null || mins === undefined) return '';
  const n = Math.abs(Number(mins));
  const hours = Math.floor(n / 60);
  const rest = n % 60;
  const parts = [];
  if (hours) parts.push(`${hours} ${hours === 1 ? 'hour' : 'hours'}`);
  if (rest || !hours) parts.push(`${rest} ${rest === 1 ? 'minute' : 'minutes'}`);
  return (Number(mins) < 0 ? '-' : '') + parts.join(' ');
}

/** "2026-11-25" -> "2026-11". */
export function monthOf(iso) {
  return String(iso || '').slice(0, 7);
}

/** Adds whole months to an ISO date, keeping within the month's length. */
export function addMonths(iso, n) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ''));
  if (!m) return '';
  let y = Number(m[1]);
  let mo = Number(m[2]) - 1 + n;
  y += Math.floor(mo / 12);
  mo = ((mo % 12) + 12) % 12;
  const last = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const d = Math.min(Number(m[3]), last);
  return `${y}-${String(mo + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** File sizes in plain words. */
export function formatBytes(n) {
  if (n === null || n === undefined) return '';
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  const mb = (n / (1024 * 1024)).toFixed(1);
  return `${formatCount(mb)}${mb.slice(mb.indexOf('.'))} MB`;
}

const ROLE_WORDS = { chair: 'chair', treasurer: 'treasurer', rep: 'representative' };

/** ["chair","rep"] -> "chair, representative". */
export function formatRoles(roles) {
  return (roles || []).map((r) => ROLE_WORDS[r] || r).join(', ');
}

const STATUS_WORDS = {
  draft: 'Draft', submitted: 'Submitted', returned: 'Returned', approved: 'Approved', paid: 'Paid',
  active: 'Active', lapsed: 'Lapsed', left: 'Left',
  open: 'Open', done: 'Done', dropped: 'Dropped',
  invited: 'Invited', attended: 'Attended', apologies: 'Sent apologies', absent: 'Absent',
};

export function formatStatus(s) {
  return STATUS_WORDS[s] || (s ? s.charAt(0).toUpperCase() + s.slice(1) : '');
}

const KIND_WORDS = {
  time: 'Time', mileage: 'Mileage', fares: 'Fares', parking: 'Parking', childcare: 'Childcare', other: 'Other',
};

export function formatKind(k) {
  return KIND_WORDS[k] || k || '';
}

const VEHICLE_WORDS = { car: 'Car', motorcycle: 'Motorcycle', bicycle: 'Bicycle', none: 'None' };

export function formatVehicle(v) {
  return VEHICLE_WORDS[v] || v || '';
}

const BASIS_WORDS = { hourly: 'By the hour', half_day: 'Half day', full_day: 'Full day' };

export function formatBasis(b) {
  return BASIS_WORDS[b] || b || '';
}

/**
 * The months a month list offers, newest first: `ahead` months after the one `today`
 * (ISO) is in, down to `back` months before it. Each is {value: "2026-11", label:
 * "November 2026"}: the value is what the core takes, the label what people read, so a
 * month can never be typed the wrong way round. `keep` (a "YYYY-MM" already chosen) is
 * added if it falls outside the range.
 */
export function monthChoices(today, { back = 36, ahead = 12, keep = '' } = {}) {
  const m = /^(\d{4})-(\d{2})/.exec(String(today || ''));
  const now = m ? Number(m[1]) * 12 + Number(m[2]) - 1 : new Date().getFullYear() * 12 + new Date().getMonth();
  const out = [];
  for (let i = now + ahead; i >= now - back; i -= 1) {
    const value = `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
    out.push({ value, label: formatMonth(value) });
  }
  if (/^\d{4}-\d{2}$/.test(keep) && !out.some((o) => o.value === keep)) {
    out.push({ value: keep, label: formatMonth(keep) });
    out.sort((a, b) => (a.value < b.value ? 1 : -1));
  }
  return out;
}
