import { countByStage } from '../../candidates/candidates.js';
import { listRecentHires } from '../../candidates/hires.js';
import { STAGE_LABELS, STAGES } from '../../candidates/stages.js';
import { listJobs } from '../../jobs/jobs.js';
import type { WebApp } from '../context.js';
import { displayName, formatDate } from '../format.js';
import { renderPage } from '../layout.js';
import { requireUser } from '../require-user.js';

/** The dashboard: pipeline counts, open jobs and recent hires. */
export function mountDashboardRoutes(app: WebApp): void {
  app.get('/dashboard', requireUser, async (c) => {
    const db = c.var.deps.storage.db;
    const accountId = c.var.account.id;
    const byStage = await countByStage(db, accountId);
    const counts = STAGES.map((stage) => [stage, byStage.get(stage) ?? 0] as const);
    const openJobs = (await listJobs(db, accountId)).filter((j) => j.status === 'open');
    const hires = await listRecentHires(db, accountId, 5);

    return renderPage(
      c,
      { title: 'Dashboard', active: 'dashboard' },
      <>
        <h1>Dashboard</h1>
        <h2>Pipeline</h2>
        <div class="grid">
          {counts.map(([stage, total]) => (
            <a class="card" href={`/candidates?stage=${stage}`}>
              <div class="stat">{total}</div>
              <div>{STAGE_LABELS[stage]}</div>
            </a>
          ))}
        </div>
        <h2>Open jobs</h2>
        <p>
          {openJobs.length} open {openJobs.length === 1 ? 'job' : 'jobs'}.{' '}
          <a href="/jobs">See all jobs</a>
        </p>
        <h2>Recent hires</h2>
        {hires.length === 0 ? (
          <p class="muted">No hires yet.</p>
        ) : (
          <ul>
            {hires.map((h) => (
              <li>
                <a href={`/candidates/${h.candidate_id}`}>{displayName(h)}</a>, {h.job_title},
                starts {formatDate(h.start_date)}
              </li>
            ))}
          </ul>
        )}
      </>,
    );
  });
}
