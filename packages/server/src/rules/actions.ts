import type { ActionRuleSetting, ActionWay } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { businessRule } from '../kernel/errors.js';
import type { ActionRule, ProgramRow } from '../kernel/programs.js';

/** The program's rule for actions of `type`, or a 422 unknown_action. */
export function actionRule(program: ProgramRow, type: string): ActionRule {
  const rule = program.action_rules.find((r) => r.type === type);
  if (!rule) {
    throw businessRule('unknown_action', `This program gives nothing for actions of type ${type}.`, {
      types: program.action_rules.map((r) => r.type),
    });
  }
  return rule;
}

/** Which cap, if any, holds back one more action when `today` and `total` have been counted. */
export const capReached = (rule: ActionRule, today: number, total: number): 'day' | 'lifetime' | null =>
  rule.lifetime !== null && total >= rule.lifetime
    ? 'lifetime'
    : rule.perDay !== null && today >= rule.perDay
      ? 'day'
      : null;

/** A way to earn by an action, as `GET /v1/program` shows it (in the program's locale). */
export const actionWay = (rule: ActionRule): ActionWay => ({
  type: rule.type,
  label: rule.label,
  points: rule.points,
  perDay: rule.perDay,
  lifetime: rule.lifetime,
  translations: rule.translations,
});

/** `PATCH /v1/program {actions}`, in the caller's transaction: the whole list is replaced. */
export async function setActionRules(tx: Sql, programId: string, rules: ActionRuleSetting[] | undefined) {
  if (rules === undefined) return;
  const stored: ActionRule[] = rules.map((r) => ({
    type: r.type,
    points: r.points,
    perDay: r.perDay ?? null,
    lifetime: r.lifetime ?? null,
    label: r.label,
    translations: r.translations ?? {},
  }));
  await tx.query('UPDATE programs SET action_rules = $2::jsonb WHERE id = $1', [programId, JSON.stringify(stored)]);
}
