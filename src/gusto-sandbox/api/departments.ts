import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { SandboxDepartment } from '../state.js';
import { newUuid, newVersion } from '../state.js';
import { companyFor, ownedResource, requireScope } from './access.js';
import { readBody } from './body.js';
import { requireCurrentVersion } from './employees.js';
import type { ApiEnv } from './env.js';
import { attributeError, unprocessableError } from './errors.js';
import { requiredText, versionText } from './fields.js';
import { departmentView } from './views.js';

/** `Department-Create-Request-Body`. */
const createDepartmentBody = z.object({ title: requiredText('Title') });

const people = z.array(z.object({ uuid: z.string({ error: 'Uuid must be a string' }) }), {
  error: 'must be an array of {"uuid"} objects',
});

/** `Department-People-Request-Body`: `version` plus employees and contractors by uuid. */
const departmentPeopleBody = z.object({
  version: versionText().optional(),
  employees: people.optional(),
  contractors: people.optional(),
});

/** Departments: list, create, add and remove people. */
export function departmentRoutes(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/v1/companies/:company_uuid/departments', (c) => listDepartments(ctx, c));
  app.post('/v1/companies/:company_uuid/departments', (c) => createDepartment(ctx, c));
  app.get('/v1/departments/:department_uuid', (c) => getDepartment(ctx, c));
  app.put('/v1/departments/:department_uuid/add', (c) => movePeople(ctx, c, 'add'));
  app.put('/v1/departments/:department_uuid/remove', (c) => movePeople(ctx, c, 'remove'));

  return app;
}

function listDepartments(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'departments:read');
  const company = companyFor(ctx, c, c.req.param('company_uuid') ?? '');
  const departments = Object.values(ctx.store.data.departments).filter(
    (d) => d.company_uuid === company.uuid,
  );

  return c.json(departments.map((d) => departmentView(ctx.store, d)));
}

async function createDepartment(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'departments:write');
  const company = companyFor(ctx, c, c.req.param('company_uuid') ?? '');
  const { title } = await readBody(c, createDepartmentBody);
  const taken = Object.values(ctx.store.data.departments).some(
    (d) => d.company_uuid === company.uuid && d.title.toLowerCase() === title.toLowerCase(),
  );
  // Gusto's wording for a duplicate: "Department name has already been taken." (FACTS §3.2)
  if (taken) {
    throw unprocessableError([attributeError('title', 'Department name has already been taken.')]);
  }

  const department: SandboxDepartment = {
    uuid: newUuid(),
    company_uuid: company.uuid,
    version: newVersion(),
    title,
  };
  ctx.store.data.departments[department.uuid] = department;
  ctx.store.changed();

  return c.json(departmentView(ctx.store, department), 201);
}

function departmentFor(ctx: SandboxContext, c: Context<ApiEnv>): SandboxDepartment {
  const department = ctx.store.data.departments[c.req.param('department_uuid') ?? ''];

  return ownedResource(c, department, (d) => d.company_uuid);
}

function getDepartment(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'departments:read');

  return c.json(departmentView(ctx.store, departmentFor(ctx, c)));
}

/**
 * Adds people to the department (moving them from any other) or removes them from it. Every
 * uuid must be a person of the department's company, else nothing changes and the answer is 422.
 */
async function movePeople(
  ctx: SandboxContext,
  c: Context<ApiEnv>,
  direction: 'add' | 'remove',
): Promise<Response> {
  requireScope(c, 'departments:write');
  const department = departmentFor(ctx, c);
  const body = await readBody(c, departmentPeopleBody);
  requireCurrentVersion(body.version, department.version);
  const persons = [
    ...resolvePeople(ctx, department, body.employees ?? [], 'employees'),
    ...resolvePeople(ctx, department, body.contractors ?? [], 'contractors'),
  ];

  for (const person of persons) {
    if (direction === 'add') person.department_uuid = department.uuid;
    else if (person.department_uuid === department.uuid) person.department_uuid = null;
    person.version = newVersion();
  }
  department.version = newVersion();
  ctx.store.changed();

  return c.json(departmentView(ctx.store, department));
}

interface DepartmentMember {
  department_uuid: string | null;
  version: string;
}

function resolvePeople(
  ctx: SandboxContext,
  department: SandboxDepartment,
  refs: { uuid: string }[],
  kind: 'employees' | 'contractors',
): DepartmentMember[] {
  const collection = ctx.store.data[kind];
  const found = refs.map((ref) => collection[ref.uuid]);
  const missing = refs.filter((_, i) => found[i]?.company_uuid !== department.company_uuid);
  if (missing.length > 0) {
    const list = missing.map((ref) => ref.uuid).join(', ');
    throw unprocessableError([attributeError(kind, `Unknown ${kind} for this company: ${list}`)]);
  }

  return found.filter((person) => person !== undefined);
}
