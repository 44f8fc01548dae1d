// Every route of the service, in the order the document lists them. Express tries routes in
// this order, so scoring, the bulk of the traffic, comes first.
import type { RouteSpec } from '../route-spec.js';
import { activityRoutes } from './activities.js';
import { adminRoutes } from './admin.js';
import { comparisonRoutes } from './compare.js';
import { healthRoutes } from './health.js';
import { impactRoutes } from './impact.js';
import { packRoutes } from './packs.js';
import { scoreRoutes } from './score.js';
import { yearRoutes } from './years.js';

export const ROUTES: readonly RouteSpec[] = [...scoreRoutes, ...yearRoutes, ...activityRoutes, ...comparisonRoutes, ...impactRoutes, ...packRoutes, ...adminRoutes, ...healthRoutes];
