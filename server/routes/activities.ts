// Activities of a year (filtered), one activity, and an activity through the years.
import { activityHistory } from '../../engine/history.js';
import type { Activity, YearPack } from '../../engine/types.js';
import { didYouMean } from '../../engine/format/did-you-mean.js';
import { problem } from '../problem.js';
import { filterActivities, type ActivityFilters } from '../../engine/usecases/activities.js';
import { packOfYear } from '../../engine/usecases/year.js';
import type { RouteSpec } from '../route-spec.js';
import { ACTIVITY_ID, ACTIVITY_ID_PARAM, problemResponses, YEAR_PARAM } from './common.js';

export function activityView(pack: YearPack, a: Activity) {
  const s = pack.suspended.get(a.id);
  return {
    year: pack.year,
    ...a,
    attestable: pack.activities.has(a.id),
    ...(s ? { suspension: { ...(s.date !== undefined ? { date: s.date } : {}), creditable: s.creditable, reference: s.reference, ...(s.note !== undefined ? { note: s.note } : {}) } } : {}),
  };
}

export const activityRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/v1/years/:year/activities',
    operationId: 'listActivities',
    summary: "A year's attestable activities, filtered",
    description: 'Activities suspended and no longer creditable are left out (GET one by ID to see them). Filters combine.',
    tag: 'Activities',
    pathParams: { year: YEAR_PARAM },
    query: {
      subcategory: { description: 'Only this subcategory, e.g. populationManagement.', schema: { type: 'string', minLength: 1, maxLength: 64 } },
      weight: { description: 'Only this weight (none: unweighted); medium or high in a year that weights no activity is refused.', schema: { enum: ['medium', 'high', 'none'] } },
      mvp: { description: 'Only the activities of this MVP, e.g. G0053.', schema: { type: 'string', pattern: '^[GMgm][0-9]{4}$' } },
      q: { description: 'Text in the ID, title or description (case-insensitive).', schema: { type: 'string', minLength: 1, maxLength: 200 } },
    },
    responses: {
      200: {
        description: 'The activities, in ID order',
        content: {
          'application/json': {
            type: 'object',
            required: ['year', 'count', 'activities'],
            properties: { year: { type: 'integer' }, count: { type: 'integer' }, activities: { type: 'array', items: { $ref: '#/components/schemas/Activity' } } },
          },
        },
      },
      ...problemResponses('invalid-request', 'unknown-year'),
    },
    handlers: (ctx) => [(req, res) => {
      const pack = packOfYear(ctx.store.packs, String(req.params.year));
      const list = filterActivities(pack, req.query as ActivityFilters, (name) => `query.${name}`);
      res.json({ year: pack.year, count: list.length, activities: list.map((a) => activityView(pack, a)) });
    }],
  },
  {
    method: 'get',
    path: '/v1/years/:year/activities/:id',
    operationId: 'getActivity',
    summary: 'One activity of a year (suspended ones included)',
    tag: 'Activities',
    pathParams: { year: YEAR_PARAM, id: ACTIVITY_ID_PARAM },
    responses: {
      200: { description: 'The activity', content: { 'application/json': 'Activity' } },
      ...problemResponses('unknown-year', 'unknown-activity'),
    },
    handlers: (ctx) => [(req, res) => {
      const packs = ctx.store.packs;
      const pack = packOfYear(packs, String(req.params.year));
      const id = String(req.params.id);
      const activity = pack.inventory.get(id);
      if (!activity) {
        const years = [...packs.values()].filter((p) => p.inventory.has(id)).map((p) => p.year);
        const where = years.length ? `; it is in ${years.join(', ')}` : ACTIVITY_ID.test(id) ? '; it is in no year of the inventory' : '; activity IDs look like IA_EPA_1';
        throw problem('unknown-activity', `${shorten(id)} is not in the ${pack.year} inventory${where}${years.length ? '' : didYouMean(id, [...pack.inventory.keys()])}`);
      }
      res.json(activityView(pack, activity));
    }],
  },
  {
    method: 'get',
    path: '/v1/activities/:id/history',
    operationId: 'getActivityHistory',
    summary: 'An activity through the years: added, weight and title changes, suspended, removed, renumbered',
    description: 'Computed from the materialized packs. An activity renumbered by CMS (renumberedFrom) is followed across the renumbering, so either ID gives the whole history.',
    tag: 'Activities',
    pathParams: { id: ACTIVITY_ID_PARAM },
    responses: {
      200: { description: 'The history', content: { 'application/json': 'ActivityHistory' } },
      ...problemResponses('unknown-activity'),
    },
    handlers: (ctx) => [(req, res) => {
      const packs = ctx.store.packs;
      const id = String(req.params.id);
      const history = ACTIVITY_ID.test(id) ? activityHistory(packs, id) : undefined;
      if (!history) {
        const years = [...packs.keys()];
        throw problem('unknown-activity', `${shorten(id)} is in no year of the inventory (${years[0]}-${years.at(-1)})${ACTIVITY_ID.test(id) ? '' : '; activity IDs look like IA_EPA_1'}`);
      }
      res.json(history);
    }],
  },
];

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
