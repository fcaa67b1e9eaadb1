// NCRONTAB schedules as the Functions timer trigger reads them: six fields
// `{second} {minute} {hour} {day} {month} {day-of-week}` with `*`, lists, ranges, steps and
// month/day names; or a TimeSpan `hh:mm:ss` meaning "every interval". Times are UTC.
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#ncrontab-expressions

export type Schedule =
  | { readonly kind: 'cron'; readonly fields: readonly (readonly boolean[])[] }
  | { readonly kind: 'interval'; readonly ms: number };

const ranges: readonly [number, number][] = [
  [0, 59],
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];
const monthNames = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function parseSchedule(expression: string): Schedule {
  const text = expression.trim();
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (span) {
    const [d = '0', h = '0', m = '0', s = '0'] = span.slice(1).map((v) => v ?? '0');
    const ms = (((Number(d) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s)) * 1000;
    if (ms <= 0) throw new Error(`Schedule "${expression}" is a zero interval.`);
    return { kind: 'interval', ms };
  }
  const parts = text.split(/\s+/);
  if (parts.length !== 6) {
    throw new Error(
      `Schedule "${expression}" must have six fields (second minute hour day month day-of-week).`,
    );
  }
  return { kind: 'cron', fields: parts.map((p, i) => parseField(p, i, expression)) };
}

/** First occurrence strictly after `after` (whole seconds, UTC). */
export function nextOccurrence(schedule: Schedule, after: Date): Date {
  if (schedule.kind === 'interval') return new Date(after.getTime() + schedule.ms);
  const t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
  const limit = after.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    if (!allowed(schedule, 4, t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0);
    } else if (!allowed(schedule, 3, t.getUTCDate()) || !allowed(schedule, 5, t.getUTCDay())) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0);
    } else if (!allowed(schedule, 2, t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0);
    } else if (!allowed(schedule, 1, t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0);
    } else if (!allowed(schedule, 0, t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1);
    } else {
      return t;
    }
  }
  throw new Error('The schedule has no occurrence in the next five years.');
}

function allowed(schedule: Schedule & { kind: 'cron' }, field: number, value: number): boolean {
  return schedule.fields[field]?.[value] === true;
}

function parseField(text: string, index: number, expression: string): boolean[] {
  const [min, max] = ranges[index] ?? [0, 0];
  const set = new Array<boolean>(max + 1).fill(false);
  for (const item of text.split(',')) {
    const m = /^(\*|[\w]+(?:-[\w]+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new Error(`Schedule "${expression}": cannot read "${item}".`);
    const [lo, hi] = bounds(m[1] ?? '', index, min, max, expression, m[2] !== undefined);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw new Error(`Schedule "${expression}": step must be at least 1.`);
    for (let v = lo; v <= hi; v += step) set[v] = true;
  }
  if (index === 5 && set[7]) set[0] = true;
  return set;
}

function bounds(
  range: string,
  index: number,
  min: number,
  max: number,
  expression: string,
  stepped: boolean,
): [number, number] {
  if (range === '*') return [min, max];
  const [a = '', b] = range.split('-');
  const lo = value(a, index, expression);
  const hi = b === undefined ? (stepped ? max : lo) : value(b, index, expression);
  const top = index === 5 ? 7 : max;
  if (lo < min || hi > top || lo > hi) {
    throw new Error(`Schedule "${expression}": "${range}" is outside ${min}-${max}.`);
  }
  return [lo, Math.min(hi, index === 5 ? 7 : max)];
}

function value(token: string, index: number, expression: string): number {
  const lower = token.toLowerCase().slice(0, 3);
  if (index === 4 && monthNames.includes(lower)) return monthNames.indexOf(lower) + 1;
  if (index === 5 && dayNames.includes(lower)) return dayNames.indexOf(lower);
  if (!/^\d+$/.test(token))
    throw new Error(`Schedule "${expression}": "${token}" is not a number.`);
  return Number(token);
}
