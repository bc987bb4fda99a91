/**
 * 预警处理 (issue 20 §2, domain §6.2, M1): a yellow or red checkpoint raised an alert (`supervision_alerts`,
 * written by the checkpoint engine) to the responsible party and the supervisors of the project. Whoever
 * handles it records what was done and the result and signs them with their own signing certificate
 * (detached CMS over `alertHandlingText(...)`, which openssl verifies); the handled alert stays in the
 * project's record, readable by its parties and supervisors.
 *
 * Who reads an alert: center staff (the center sees every project); the owner side of the project (its
 * tenderee and agent organizations) and the responsible organization; the supervisors whose scope covers
 * the project (supervision/scope.ts). Who handles it: the responsible party — a tenderee / agent user of
 * the responsible organization, or center staff when the center is responsible — or a supervisor of the
 * project. Anyone else is refused (FORBIDDEN) and nothing changes.
 */
import { createHash } from 'node:crypto';
import { alias } from 'drizzle-orm/pg-core';
import { and, desc, eq, isNotNull, isNull, lt, or, type SQL } from 'drizzle-orm';
import { checkpoints, organizations, projects, supervisionAlerts, users, type CheckpointRow, type DbOrTx, type ProjectRow, type SupervisionAlertRow } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import type { HandleAlertInput, SupervisionAlertDetail, SupervisionAlertRef, SupervisionAlertsInput, SupervisionAlertView } from '@ebid/contracts';
import { AppError, alertHandlingText, normalizeHandlingText } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { verifyUserSignature } from '../certificates/user-signature.ts';
import { assertSupervises, supervisedProjectsCondition } from './scope.ts';

/** The roles that read and handle alerts (the access table lets only these call). */
const ALERT_ROLES = ['staff', 'tenderee', 'agent', 'supervisor'] as const;

const responsibleOrg = alias(organizations, 'responsible_org');
const handlerUser = alias(users, 'handler_user');
const handlerOrg = alias(organizations, 'handler_org');

interface AlertJoin {
  alert: SupervisionAlertRow;
  checkpoint: CheckpointRow;
  project: ProjectRow;
  responsibleOrgName: string | null;
  handlerName: string | null;
  handlerOrgName: string | null;
}

function selectAlerts(db: DbOrTx) {
  return db
    .select({
      alert: supervisionAlerts,
      checkpoint: checkpoints,
      project: projects,
      responsibleOrgName: responsibleOrg.name,
      handlerName: handlerUser.displayName,
      handlerOrgName: handlerOrg.name,
    })
    .from(supervisionAlerts)
    .innerJoin(checkpoints, eq(checkpoints.id, supervisionAlerts.checkpointId))
    .innerJoin(projects, eq(projects.id, supervisionAlerts.projectId))
    .leftJoin(responsibleOrg, eq(responsibleOrg.id, checkpoints.responsibleOrgId))
    .leftJoin(handlerUser, eq(handlerUser.id, supervisionAlerts.handledBy))
    .leftJoin(handlerOrg, eq(handlerOrg.id, handlerUser.orgId));
}

function requireAlertRole(ctx: RequestContext): Actor {
  const actor = requireActor(ctx);
  if (!(ALERT_ROLES as readonly string[]).includes(actor.role)) throw new AppError('FORBIDDEN', undefined, { reason: 'NOT_ALERT_READER' });
  return actor;
}

/** Is the actor the party responsible for the checkpoint (M1)? */
export function isResponsibleFor(actor: Pick<Actor, 'role' | 'orgId'>, c: Pick<CheckpointRow, 'responsibleOrgId'>): boolean {
  if (c.responsibleOrgId === null) return actor.role === 'staff';
  return actor.orgId === c.responsibleOrgId && (actor.role === 'tenderee' || actor.role === 'agent' || actor.role === 'staff');
}

/** Is the actor of the project's owner side (its tenderee or agent organization)? */
function isOwnerSideOf(actor: Pick<Actor, 'role' | 'orgId'>, p: Pick<ProjectRow, 'tendereeOrgId' | 'agentOrgId'>): boolean {
  return (actor.role === 'tenderee' || actor.role === 'agent') && (actor.orgId === p.tendereeOrgId || (p.agentOrgId !== null && actor.orgId === p.agentOrgId));
}

/** May the actor read this alert? A supervisor outside the project's scope gets NOT_FOUND from the scope helper. */
async function assertMayRead(db: DbOrTx, actor: Actor, row: Pick<AlertJoin, 'checkpoint' | 'project'>): Promise<void> {
  if (actor.role === 'staff') return;
  if (actor.role === 'supervisor') return assertSupervises(db, actor, row.project);
  if (isOwnerSideOf(actor, row.project) || isResponsibleFor(actor, row.checkpoint)) return;
  throw new AppError('NOT_FOUND');
}

/** May the actor handle it (M1): the responsible party, or a supervisor of the project. */
function mayHandle(actor: Actor, row: Pick<AlertJoin, 'checkpoint'>): boolean {
  return actor.role === 'supervisor' || isResponsibleFor(actor, row.checkpoint);
}

function toView(actor: Actor, r: AlertJoin): SupervisionAlertView {
  const a = r.alert;
  return {
    id: a.id,
    projectId: r.project.id,
    projectName: r.project.name,
    projectCode: r.project.unifiedDealCode,
    checkpointId: r.checkpoint.id,
    checkpointKind: r.checkpoint.kind,
    level: a.level,
    raisedAt: a.raisedAt.toISOString(),
    dueAt: r.checkpoint.dueAt.toISOString(),
    checkpointDone: r.checkpoint.doneAt !== null,
    responsibleOrgName: r.checkpoint.responsibleOrgId === null ? null : r.responsibleOrgName,
    handled: a.handledAt !== null,
    handledAt: a.handledAt?.toISOString() ?? null,
    handlerName: a.handledAt ? r.handlerName : null,
    handlerOrgName: a.handledAt ? r.handlerOrgName : null,
    handling: a.handling,
    result: a.result,
    signerCertSerial: a.signerCertSerial,
    mayHandle: a.handledAt === null && mayHandle(actor, r),
  };
}

function toDetail(actor: Actor, r: AlertJoin): SupervisionAlertDetail {
  return { ...toView(actor, r), signedText: r.alert.signedText, signatureBase64: r.alert.signatureCms };
}

/**
 * `supervision.alerts`: the alerts the caller may read, newest first — open and handled, filtered by
 * project, state and level. With a project the caller may not see: NOT_FOUND.
 */
export async function listSupervisionAlerts(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: SupervisionAlertsInput): Promise<SupervisionAlertView[]> {
  const actor = requireAlertRole(ctx);
  const db = deps.db;
  const where: (SQL | undefined)[] = [];
  if (input.projectId !== undefined) {
    const [p] = await db.select().from(projects).where(eq(projects.id, input.projectId));
    if (!p) throw new AppError('NOT_FOUND');
    if (actor.role === 'supervisor') await assertSupervises(db, actor, p);
    else if (actor.role !== 'staff' && !isOwnerSideOf(actor, p)) {
      // Not a party: only the alerts its organization is responsible for, if any.
      where.push(eq(checkpoints.responsibleOrgId, actor.orgId));
    }
    where.push(eq(supervisionAlerts.projectId, input.projectId));
  }
  if (actor.role === 'supervisor') where.push(await supervisedProjectsCondition(db, actor));
  else if (actor.role === 'tenderee' || actor.role === 'agent') {
    where.push(or(eq(projects.tendereeOrgId, actor.orgId), eq(projects.agentOrgId, actor.orgId), eq(checkpoints.responsibleOrgId, actor.orgId)));
  }
  if (input.state === 'open') where.push(isNull(supervisionAlerts.handledAt));
  if (input.state === 'handled') where.push(isNotNull(supervisionAlerts.handledAt));
  if (input.level) where.push(eq(supervisionAlerts.level, input.level));
  if (input.beforeId !== undefined) where.push(lt(supervisionAlerts.id, input.beforeId));
  const rows = await selectAlerts(db)
    .where(and(...where))
    .orderBy(desc(supervisionAlerts.id))
    .limit(input.limit ?? 50);
  return rows.map((r) => toView(actor, r));
}

async function loadAlert(db: DbOrTx, id: number, lock = false): Promise<AlertJoin> {
  const q = selectAlerts(db).where(eq(supervisionAlerts.id, id));
  const [row] = lock ? await q.for('update', { of: supervisionAlerts }) : await q;
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** `supervision.alert`: one alert with its handling, the signed text and the signature (.p7s). */
export async function getSupervisionAlert(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: SupervisionAlertRef): Promise<SupervisionAlertDetail> {
  const actor = requireAlertRole(ctx);
  const row = await loadAlert(deps.db, input.id);
  await assertMayRead(deps.db, actor, row);
  return toDetail(actor, row);
}

function alreadyHandled(): AppError {
  return new AppError('CONFLICT', { zh: '该预警已处理', en: 'The alert has already been handled' }, { reason: 'ALERT_HANDLED' });
}

/**
 * `supervision.handleAlert` (M1): record the handling and the result, signed by the handler's own current
 * signing certificate over exactly `alertHandlingText(...)` of the alert, the handling, the result and the
 * handler. Refused with nothing changed: not responsible nor supervisor (FORBIDDEN), no handling or result,
 * a text other than the canonical one, a missing or invalid signature, another user's certificate
 * (VALIDATION), an alert already handled (CONFLICT). The audit event goes into the project's chain in the
 * same transaction.
 */
export async function handleSupervisionAlert(
  deps: Pick<Deps, 'db' | 'clock' | 'pki'>,
  ctx: RequestContext,
  input: HandleAlertInput,
): Promise<SupervisionAlertDetail> {
  const actor = requireAlertRole(ctx);
  return deps.db.transaction(async (tx) => {
    const row = await loadAlert(tx, input.alertId, true);
    // A supervisor outside the project's scope sees nothing (NOT_FOUND, scope.ts); anyone else who is not
    // responsible is refused.
    if (actor.role === 'supervisor') await assertSupervises(tx, actor, row.project);
    if (!mayHandle(actor, row)) {
      throw new AppError('FORBIDDEN', { zh: '您不是该预警的责任方或本项目的监管人员，不能处理', en: 'Only the responsible party or a supervisor of the project may handle this alert' }, { reason: 'NOT_RESPONSIBLE' });
    }
    if (row.alert.handledAt !== null) throw alreadyHandled();
    const handling = normalizeHandlingText(typeof input.handling === 'string' ? input.handling : '');
    const result = normalizeHandlingText(typeof input.result === 'string' ? input.result : '');
    const expected = alertHandlingText({
      alertId: row.alert.id,
      projectCode: row.project.unifiedDealCode,
      checkpointKind: row.checkpoint.kind,
      level: row.alert.level,
      handling,
      result,
      handler: { userId: actor.userId, username: actor.username, displayName: actor.displayName },
    });
    if (input.signedText !== expected) {
      throw new AppError('VALIDATION', { zh: '签名的内容与处理情况不一致，请重新签名', en: 'The signed text does not match the handling; sign again' }, { field: 'signedText', reason: 'SIGNED_TEXT_MISMATCH' });
    }
    const signature = Buffer.from(typeof input.signatureBase64 === 'string' ? input.signatureBase64 : '', 'base64');
    if (signature.length < 64) {
      throw new AppError('VALIDATION', { zh: '请用您的签名证书签名', en: 'Sign with your signing certificate' }, { field: 'signatureBase64', reason: 'SIGNATURE_MISSING' });
    }
    const now = deps.clock.now();
    const text = Buffer.from(expected, 'utf8');
    const cert = await verifyUserSignature(tx, deps, { kind: 'alert-handling', signature, content: text, userId: actor.userId, at: now, details: { field: 'signatureBase64' } });
    const done = await tx
      .update(supervisionAlerts)
      .set({ handledAt: now, handledBy: actor.userId, handling, result, signedText: expected, signatureCms: signature.toString('base64'), signerCertSerial: cert.serialHex })
      .where(and(eq(supervisionAlerts.id, row.alert.id), isNull(supervisionAlerts.handledAt)))
      .returning({ id: supervisionAlerts.id });
    if (done.length === 0) throw alreadyHandled();
    const textSha = createHash('sha256').update(text).digest('hex');
    await audit(tx, deps, ctx, {
      chain: projectChain(row.project.id),
      action: 'supervision.alert_handle',
      subject: { type: 'supervision_alert', id: row.alert.id },
      payload: {
        checkpointId: row.checkpoint.id,
        checkpointKind: row.checkpoint.kind,
        level: row.alert.level,
        certSerial: cert.serialHex,
        signedTextSha256: textSha,
        cmsSha256: createHash('sha256').update(signature).digest('hex'),
      },
      objectHashes: [textSha],
    });
    return toDetail(actor, await loadAlert(tx, row.alert.id));
  });
}
