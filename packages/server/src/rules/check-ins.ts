import type { CheckInStatus } from '@member-center/contract';
import type { ProgramRow } from '../kernel/programs.js';

type Rule = Pick<ProgramRow, 'check_in_points' | 'check_in_bonus_day' | 'check_in_bonus_points'>;

/** A check-in's points: the daily points, plus the bonus on every `bonus_day`-th day of a streak. */
export const checkInPoints = (program: Rule, streak: number) =>
  (program.check_in_points ?? 0) + (streak % program.check_in_bonus_day === 0 ? program.check_in_bonus_points : 0);

/** Whether the streak's `streak`-th check-in earns the bonus. */
export const isBonusDay = (program: Rule, streak: number) =>
  program.check_in_bonus_points > 0 && streak % program.check_in_bonus_day === 0;

/** `date` (YYYY-MM-DD) plus `days`. */
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * What the member sees of their check-in on local day `today`: whether it is done, the streak
 * (alive: it ended today or yesterday), and, if no day is missed, what the next check-in earns and
 * which one earns the next bonus. The elements show these figures; they do not apply the rule.
 */
export function checkInStatus(program: Rule, today: string, done: boolean, streak: number): CheckInStatus {
  const firstDay = done ? addDays(today, 1) : today;
  const bonus = program.check_in_bonus_points > 0;
  // Check-ins until the next bonus day: 1..bonus_day (after a bonus day, a whole cycle).
  const toBonus = program.check_in_bonus_day - (streak % program.check_in_bonus_day);
  return {
    today: done,
    streak,
    nextPoints: checkInPoints(program, streak + 1),
    bonusToday: done && isBonusDay(program, streak),
    nextBonus: bonus
      ? { date: addDays(firstDay, toBonus - 1), checkIns: toBonus, points: checkInPoints(program, streak + toBonus) }
      : null,
  };
}
